import { UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from '../src/logger.js';
import type { Producers } from '../src/queue/producers.js';
import { routeJobData } from '../src/queue/jobs.js';
import { routeSubmission, type RouteDeps } from '../src/routing/route-letter.js';

export function routeProcessor(deps: RouteDeps & { producers: Producers; logger: Logger }) {
  return async (job: Job): Promise<void> => {
    const parsed = routeJobData.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError('malformed route job');
    const { reference, messageIds } = await routeSubmission(deps, parsed.data.submissionId);
    // If this fails the messages stay pending and the reconciler queues them.
    const queued = await deps.producers.enqueueMail(messageIds);
    deps.logger.debug({ jobId: job.id, submissionId: parsed.data.submissionId, reference, messages: messageIds.length, queued }, 'routed');
  };
}
