import type { JobsOptions, Queue } from 'bullmq';
import type { QueueConnection } from './connection.js';
import { mailJobId, QUEUE_NAMES, routeJobId } from './jobs.js';

export type Producers = {
  /** True when the job is in the queue; false when the queue cannot be reached now (the reconciler retries). */
  enqueueRoute(submissionId: number): Promise<boolean>;
  enqueueMail(messageIds: readonly number[]): Promise<boolean>;
};

/** The longest a producer waits for the queue to take a job before leaving it to the reconciler. */
export const ADD_TIMEOUT_MS = 2_000;

// Failed jobs are removed: the row in PostgreSQL keeps the error, and a removed
// job id can be added again by the reconciler.
export const ROUTE_JOB: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
  removeOnComplete: true,
  removeOnFail: true,
};

/** 14 attempts, the delay doubling from the base (15 s by default): about 34 hours of retries. */
export const MAIL_ATTEMPTS = 14;
export const DEFAULT_MAIL_RETRY_BASE_MS = 15_000;

const mailJob = (retryBaseMs: number): JobsOptions => ({
  attempts: MAIL_ATTEMPTS,
  backoff: { type: 'exponential', delay: retryBaseMs, jitter: 0.5 },
  removeOnComplete: true,
  removeOnFail: true,
});

async function within(add: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ADD_TIMEOUT_MS);
  });
  try {
    return await Promise.race([add.then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createProducers(
  connection: QueueConnection,
  mailRetryBaseMs = DEFAULT_MAIL_RETRY_BASE_MS,
): Producers & { queues: { route: Queue; mail: Queue } } {
  const MAIL_JOB = mailJob(mailRetryBaseMs);
  const route = connection.queue(QUEUE_NAMES.route);
  const mail = connection.queue(QUEUE_NAMES.mail);
  return {
    queues: { route, mail },
    async enqueueRoute(submissionId) {
      if (!connection.isUp()) return false;
      return within(route.add(QUEUE_NAMES.route, { submissionId }, { ...ROUTE_JOB, jobId: routeJobId(submissionId) }));
    },
    async enqueueMail(messageIds) {
      if (messageIds.length === 0) return true;
      if (!connection.isUp()) return false;
      return within(
        mail.addBulk(
          messageIds.map((messageId) => ({
            name: QUEUE_NAMES.mail,
            data: { messageId },
            opts: { ...MAIL_JOB, jobId: mailJobId(messageId) },
          })),
        ),
      );
    },
  };
}
