import { UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from '../src/logger.js';
import { PermanentSendError, sendMessage, TransientSendError, type SendDeps } from '../src/mail/send-message.js';
import type { JobData } from '../src/queue/jobs.js';

export function mailProcessor(deps: SendDeps & { logger: Logger }) {
  return async ({ messageId }: JobData<'mail'>, job: Job): Promise<void> => {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      const { outcome, reference } = await sendMessage(deps, messageId, lastAttempt);
      deps.logger.debug({ jobId: job.id, messageId, reference, outcome }, 'mail job done');
    } catch (error) {
      const reference = error instanceof PermanentSendError || error instanceof TransientSendError ? error.reference : undefined;
      deps.logger.warn({ jobId: job.id, messageId, reference, reason: (error as Error).message }, 'mail not sent');
      if (error instanceof PermanentSendError) throw new UnrecoverableError(error.message);
      throw error;
    }
  };
}
