import type { JobsOptions, Queue } from 'bullmq';
import { settleWithin } from '../deadline.js';
import type { QueueConnection } from './connection.js';
import { inboundJobId, mailJobId, QUEUE_NAMES, routeJobId } from './jobs.js';

export type Producers = {
  /** True when the job is in the queue; false when the queue cannot be reached now (the reconciler retries). */
  enqueueRoute(submissionId: number): Promise<boolean>;
  enqueueMail(messageIds: readonly number[]): Promise<boolean>;
  /** Stored inbound messages to process (the email channel). */
  enqueueInbound(inboundIds: readonly number[]): Promise<boolean>;
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

type AddOutcome = 'added' | 'failed' | 'timed out';

async function until(add: Promise<unknown>, deadline: number): Promise<AddOutcome> {
  const settled = await settleWithin(add, { until: deadline });
  return settled.state === 'fulfilled' ? 'added' : settled.state === 'rejected' ? 'failed' : 'timed out';
}

/**
 * Adds within ADD_TIMEOUT_MS, trying once more when the first attempt fails
 * fast: right after Redis comes back, the first command was seen to fail
 * (MaxRetriesPerRequestError) though the connection reported ready. Job ids
 * are derived from row ids, so a second add of a job that did land is a no-op.
 */
async function within(add: () => Promise<unknown>): Promise<boolean> {
  const deadline = Date.now() + ADD_TIMEOUT_MS;
  const first = await until(add(), deadline);
  if (first !== 'failed' || Date.now() >= deadline) return first === 'added';
  return (await until(add(), deadline)) === 'added';
}

export function createProducers(
  connection: QueueConnection,
  mailRetryBaseMs = DEFAULT_MAIL_RETRY_BASE_MS,
): Producers & { queues: { route: Queue; mail: Queue; inbound: Queue } } {
  const MAIL_JOB = mailJob(mailRetryBaseMs);
  const route = connection.queue(QUEUE_NAMES.route);
  const mail = connection.queue(QUEUE_NAMES.mail);
  const inbound = connection.queue(QUEUE_NAMES.inbound);
  return {
    queues: { route, mail, inbound },
    async enqueueRoute(submissionId) {
      if (!connection.isUp()) return false;
      return within(() => route.add(QUEUE_NAMES.route, { submissionId }, { ...ROUTE_JOB, jobId: routeJobId(submissionId) }));
    },
    async enqueueMail(messageIds) {
      if (messageIds.length === 0) return true;
      if (!connection.isUp()) return false;
      return within(() =>
        mail.addBulk(
          messageIds.map((messageId) => ({
            name: QUEUE_NAMES.mail,
            data: { messageId },
            opts: { ...MAIL_JOB, jobId: mailJobId(messageId) },
          })),
        ),
      );
    },
    async enqueueInbound(inboundIds) {
      if (inboundIds.length === 0) return true;
      if (!connection.isUp()) return false;
      return within(() =>
        inbound.addBulk(
          inboundIds.map((inboundId) => ({
            name: QUEUE_NAMES.inbound,
            data: { inboundId },
            opts: { ...ROUTE_JOB, jobId: inboundJobId(inboundId) },
          })),
        ),
      );
    },
  };
}
