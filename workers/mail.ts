import { UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from '../src/logger.js';
import { PermanentSendError, sendMessage, TransientSendError, type SendDeps } from '../src/mail/send-message.js';
import { mailJobData } from '../src/queue/jobs.js';

export function mailProcessor(deps: SendDeps & { logger: Logger }) {
  return async (job: Job): Promise<void> => {
    const parsed = mailJobData.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError('malformed mail job');
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      const { outcome, reference } = await sendMessage(deps, parsed.data.messageId, lastAttempt);
      deps.logger.debug({ jobId: job.id, messageId: parsed.data.messageId, reference, outcome }, 'mail job done');
    } catch (error) {
      const reference = error instanceof PermanentSendError || error instanceof TransientSendError ? error.reference : undefined;
      deps.logger.warn({ jobId: job.id, messageId: parsed.data.messageId, reference, reason: (error as Error).message }, 'mail not sent');
      if (error instanceof PermanentSendError) throw new UnrecoverableError(error.message);
      throw error;
    }
  };
}
