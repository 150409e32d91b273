import type { Job } from 'bullmq';
import type { Pool } from '../src/db/pool.js';
import type { Logger } from '../src/logger.js';
import type { JobData } from '../src/queue/jobs.js';
import { applyRetention } from '../src/privacy/retention.js';

export function retentionProcessor(deps: { pool: Pool; retentionDays: number; clock: () => Date; logger: Logger }) {
  return async (_data: JobData<'retention'>, job: Job): Promise<void> => {
    const anonymised = await applyRetention(deps.pool, deps.clock(), deps.retentionDays);
    deps.logger.info({ jobId: job.id, anonymised, retentionDays: deps.retentionDays }, 'retention run');
  };
}
