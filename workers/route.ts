import type { Job } from 'bullmq';
import type { Logger } from '../src/logger.js';
import type { JobData } from '../src/queue/jobs.js';
import type { Producers } from '../src/queue/producers.js';
import { routeSubmission, type RouteDeps } from '../src/routing/route-letter.js';

export function routeProcessor(deps: RouteDeps & { producers: Producers; logger: Logger }) {
  return async ({ submissionId }: JobData<'route'>, job: Job): Promise<void> => {
    const { reference, messageIds } = await routeSubmission(deps, submissionId);
    // If this fails the messages stay pending and the reconciler queues them.
    const queued = await deps.producers.enqueueMail(messageIds);
    deps.logger.debug({ jobId: job.id, submissionId, reference, messages: messageIds.length, queued }, 'routed');
  };
}
