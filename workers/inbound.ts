import type { Job } from 'bullmq';
import { processInbound, type InboundDeps } from '../src/inbound/process-inbound.js';
import type { JobData } from '../src/queue/jobs.js';

export function inboundProcessor(deps: InboundDeps) {
  return async ({ inboundId }: JobData<'inbound'>, job: Job): Promise<void> => {
    const { state, reference } = await processInbound(deps, inboundId);
    deps.logger.debug({ jobId: job.id, inboundId, state, reference }, 'inbound processed');
  };
}
