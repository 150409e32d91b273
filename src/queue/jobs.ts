import { z } from 'zod';

/**
 * The job table: every queue the product runs, with what its jobs carry, how
 * their ids are made (derived from row ids, so adding one again is a no-op;
 * BullMQ refuses integer ids and ids with ':') and how many run at once in a
 * worker process. Jobs carry ids only; the worker reads the row and decides
 * from its state. Scheduler jobs carry nothing: they read PostgreSQL.
 */
export const JOBS = {
  route: {
    data: z.strictObject({ submissionId: z.number().int().positive() }),
    jobId: (data: { submissionId: number }) => `sub-${data.submissionId}`,
    concurrency: 8,
  },
  mail: {
    data: z.strictObject({ messageId: z.number().int().positive() }),
    jobId: (data: { messageId: number }) => `msg-${data.messageId}`,
    concurrency: 10,
  },
  inbound: {
    data: z.strictObject({ inboundId: z.number().int().positive() }),
    jobId: (data: { inboundId: number }) => `in-${data.inboundId}`,
    concurrency: 4,
  },
  reconcile: { data: z.object({}), jobId: undefined, concurrency: 1 },
  retention: { data: z.object({}), jobId: undefined, concurrency: 1 },
} as const;

export type QueueName = keyof typeof JOBS;
export type JobData<Q extends QueueName> = z.output<(typeof JOBS)[Q]['data']>;

export const QUEUE_NAMES = Object.fromEntries(Object.keys(JOBS).map((name) => [name, name])) as { [Q in QueueName]: Q };

/** Every queue of the job table on one connection, by name (what `queue_jobs` counts). */
export function queuesByName<T>(connection: { queue(name: QueueName): T }): Record<QueueName, T> {
  return Object.fromEntries(Object.values(QUEUE_NAMES).map((name) => [name, connection.queue(name)])) as Record<QueueName, T>;
}

export const routeJobId = (submissionId: number) => JOBS.route.jobId({ submissionId });
export const mailJobId = (messageId: number) => JOBS.mail.jobId({ messageId });
export const inboundJobId = (inboundId: number) => JOBS.inbound.jobId({ inboundId });

export class JobTableError extends Error {
  override name = 'JobTableError';
}

/**
 * Refuses a set of handlers that does not give every queue of the table
 * exactly one, or that names a queue the table does not have.
 */
export function checkJobTable(queues: readonly string[], handlers: readonly { queue: string }[]): void {
  const known = new Set(queues);
  const unknown = handlers.find((h) => !known.has(h.queue));
  if (unknown) throw new JobTableError(`job table: a handler for the unknown queue "${unknown.queue}"`);
  for (const queue of queues) {
    const count = handlers.filter((h) => h.queue === queue).length;
    if (count !== 1) throw new JobTableError(`job table: queue "${queue}" has ${count === 0 ? 'no handler' : `${count} handlers`}`);
  }
}
