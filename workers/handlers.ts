import { UnrecoverableError, type Job, type Processor } from 'bullmq';
import type { Pool } from '../src/db/pool.js';
import type { Logger } from '../src/logger.js';
import type { Mailer } from '../src/mail/mailer.js';
import { domainOf } from '../src/mail/message-id.js';
import type { MailMetrics } from '../src/mail/send-message.js';
import { JOBS, type JobData, type QueueName } from '../src/queue/jobs.js';
import type { Producers } from '../src/queue/producers.js';
import type { ReconcileMetrics } from '../src/queue/reconcile.js';
import { inboundProcessor } from './inbound.js';
import { mailProcessor } from './mail.js';
import { reconcileProcessor } from './reconcile.js';
import { retentionProcessor } from './retention.js';
import { routeProcessor } from './route.js';
import type { WorkerSettings } from './settings.js';
import type { JobMetrics } from './timed.js';

/** Everything the workers record: per job, per message sent, per reconciler run. */
export type WorkerMetrics = JobMetrics & MailMetrics & ReconcileMetrics;

export type HandlerDeps = {
  pool: Pool;
  mailer: Mailer;
  logger: Logger;
  metrics: WorkerMetrics;
  producers: Producers;
  settings: WorkerSettings;
};

type JobHandler<Q extends QueueName> = (data: JobData<Q>, job: Job) => Promise<void>;

/** One queue's handler: made once per worker process from its dependencies. */
export type Handler = { [Q in QueueName]: { queue: Q; make(deps: HandlerDeps): JobHandler<Q> } }[QueueName];

const handler = <Q extends QueueName>(queue: Q, make: (deps: HandlerDeps) => JobHandler<Q>): Handler =>
  ({ queue, make }) as Handler;

/** Exactly one per queue of the job table (checkJobTable refuses the start otherwise). */
export const HANDLERS: readonly Handler[] = [
  handler('route', ({ pool, producers, logger, settings }) =>
    routeProcessor({
      pool, producers, logger, publicBaseUrl: settings.publicBaseUrl, mailFrom: settings.mailFrom,
      mailSigningKey: settings.mailSigningKey, mailReplyAddress: settings.mailReplyAddress,
      acknowledgementsPerAddressPerDay: settings.acknowledgementsPerAddressPerDay,
    })),
  handler('mail', ({ pool, mailer, logger, metrics, settings }) =>
    mailProcessor({
      pool, mailer, logger, metrics, leaseSeconds: settings.mailLeaseSeconds,
      headers: { mailSigningKey: settings.mailSigningKey, mailReplyAddress: settings.mailReplyAddress },
    })),
  handler('inbound', ({ pool, producers, logger, settings }) =>
    inboundProcessor({
      pool, producers, logger, domain: domainOf(settings.mailFrom),
      signingKey: settings.mailSigningKey,
      replyAddress: settings.mailReplyAddress,
    })),
  handler('reconcile', ({ pool, producers, logger, metrics, settings }) =>
    reconcileProcessor({ pool, producers, logger, metrics, graceSeconds: settings.reconcileGraceSeconds, batch: 1000 })),
  handler('retention', ({ pool, logger, settings }) =>
    retentionProcessor({ pool, logger, retentionDays: settings.retentionDays, clock: () => new Date() })),
];

/** The BullMQ processor of a handler: the job's data checked against the table's schema first. */
export function processorOf(h: Handler, deps: HandlerDeps): Processor {
  const run = h.make(deps) as JobHandler<QueueName>;
  const schema = JOBS[h.queue].data;
  return async (job: Job) => {
    const parsed = schema.safeParse(job.data);
    // A job this code cannot read will not become readable by retrying it.
    if (!parsed.success) throw new UnrecoverableError(`malformed ${h.queue} job`);
    await run(parsed.data as JobData<QueueName>, job);
  };
}
