import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

// Every label value here comes from a closed set of our own (route patterns,
// channels, category codes, statuses, queue names, message kinds): never a
// reference, token, address or anything else a citizen wrote.
//
// This module knows nothing of the domain: what it counts at scrape time comes
// in as collector functions, and the domain code records through small
// interfaces of its own (IntakeMetrics, MailMetrics, ReconcileMetrics,
// JobMetrics) that Metrics satisfies.

export type Channel = 'web' | 'postal' | 'email';
export type RequeuedWhat = 'letters' | 'messages';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
type JobState = (typeof JOB_STATES)[number];

/** A queue whose jobs can be counted: BullMQ's Queue, on Redis or on PostgreSQL. */
export type CountableQueue = { getJobCounts(...types: JobState[]): Promise<Partial<Record<string, number>>> };

/** The kinds of outbound message; their counters start at zero. */
const MAIL_KINDS = ['office_notification', 'acknowledgement', 'reply'] as const;

export type MetricsSources = {
  /**
   * `letters_by_status`, counted at scrape time: status → number of letters,
   * every status present (at zero when none). Given the scrape's timeout, so
   * the database can give up too.
   */
  lettersByStatus?: (timeoutMs: number) => Promise<Readonly<Record<string, number>>>;
  /** `queue_jobs`: queue name → queue, counted at scrape time. */
  queues?: Readonly<Record<string, CountableQueue>>;
  /** How long a scrape waits for PostgreSQL or a queue before leaving that series out. */
  scrapeTimeoutMs?: number;
  /** Node's process metrics (CPU, memory, event loop, GC); on by default. */
  processMetrics?: boolean;
};

/** One process's metrics: its own registry and a typed recorder per series. */
export type Metrics = {
  readonly registry: Registry;
  /** Everything in the Prometheus text format. */
  render(): Promise<{ contentType: string; body: string }>;
  /** `route` is the express route pattern (`/api/v1/submissions/:reference`) or `unmatched`, never the URL. */
  httpRequest(method: string, route: string, statusCode: number, seconds: number): void;
  letterReceived(channel: Channel, category: string): void;
  /** One processing attempt of a job; `failed` when it threw (it may still be retried). */
  jobProcessed(queue: string, seconds: number, failed: boolean): void;
  mailSent(kind: string): void;
  /** The message is given up for good (5xx, or the last attempt). */
  mailFailed(kind: string): void;
  /** A transient failure; the message will be tried again. */
  mailRetried(kind: string): void;
  reconcilerRequeued(what: RequeuedWhat, count: number): void;
  /** From the letter's received_at to its acknowledgement's sent_at. */
  acknowledgementSent(secondsSinceReceipt: number): void;
};

const DEFAULT_SCRAPE_TIMEOUT_MS = 2_000;

/** 1 s … 2 days: an acknowledgement normally leaves in seconds, and may wait hours when the mail server is down. */
const RECEIPT_TO_ACK_BUCKETS = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14_400, 43_200, 86_400, 172_800];
const JOB_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function requestSeries(registry: Registry) {
  return {
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, express route pattern and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      registers: [registry],
    }),
    lettersReceived: new Counter({
      name: 'letters_received_total',
      help: 'Letters stored, by channel and category',
      labelNames: ['channel', 'category'] as const,
      registers: [registry],
    }),
  };
}

/** The gauges counted when scraped; a source that does not answer in time leaves its series out. */
function scrapedGauges(registry: Registry, sources: MetricsSources, timeoutMs: number): void {
  const lettersByStatus: Gauge<'status'> = new Gauge({
    name: 'letters_by_status',
    help: 'Letters in PostgreSQL by status, counted at scrape time (left out when the database does not answer in time)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      lettersByStatus.reset();
      const count = sources.lettersByStatus;
      if (!count) return;
      const counts = await within(count(timeoutMs), timeoutMs).catch(() => undefined);
      if (!counts) return;
      for (const [status, n] of Object.entries(counts)) lettersByStatus.set({ status }, n);
    },
  });
  const queueJobs: Gauge<'queue' | 'state'> = new Gauge({
    name: 'queue_jobs',
    help: 'Jobs by queue and state, counted at scrape time (a queue that does not answer in time is left out)',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      queueJobs.reset();
      await Promise.all(
        Object.entries(sources.queues ?? {}).map(async ([queue, source]) => {
          const counts = await within(source.getJobCounts(...JOB_STATES), timeoutMs).catch(() => undefined);
          if (!counts) return;
          for (const state of JOB_STATES) queueJobs.set({ queue, state }, counts[state] ?? 0);
        }),
      );
    },
  });
}

function jobSeries(registry: Registry) {
  return {
    jobDuration: new Histogram({
      name: 'job_duration_seconds',
      help: 'Time a worker spent on one attempt of a job, by queue',
      labelNames: ['queue'] as const,
      buckets: JOB_BUCKETS,
      registers: [registry],
    }),
    jobFailures: new Counter({
      name: 'job_failures_total',
      help: 'Job attempts that threw, by queue (retried ones included)',
      labelNames: ['queue'] as const,
      registers: [registry],
    }),
  };
}

function mailSeries(registry: Registry) {
  const byKind = (name: string, help: string) => new Counter({ name, help, labelNames: ['kind'] as const, registers: [registry] });
  const series = {
    mailSent: byKind('mail_sent_total', 'Messages the mail server accepted, by kind'),
    mailFailed: byKind('mail_failed_total', 'Messages given up for good (permanent SMTP failure or last attempt), by kind'),
    mailRetries: byKind('mail_retries_total', 'Transient send failures that will be retried, by kind'),
    requeued: new Counter({
      name: 'reconciler_requeued_total',
      help: 'Letters and messages the reconciler queued again',
      labelNames: ['what'] as const,
      registers: [registry],
    }),
    receiptToAck: new Histogram({
      name: 'receipt_to_acknowledgement_seconds',
      help: "Time from a letter's receipt to its acknowledgement being sent",
      buckets: RECEIPT_TO_ACK_BUCKETS,
      registers: [registry],
    }),
  };
  // Counters start at zero for the closed label sets, so a rate() has a series before the first event.
  for (const kind of MAIL_KINDS) {
    series.mailSent.inc({ kind }, 0);
    series.mailFailed.inc({ kind }, 0);
    series.mailRetries.inc({ kind }, 0);
  }
  for (const what of ['letters', 'messages'] as const) series.requeued.inc({ what }, 0);
  return series;
}

export function createMetrics(sources: MetricsSources = {}): Metrics {
  const registry = new Registry();
  if (sources.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const { httpDuration, lettersReceived } = requestSeries(registry);
  scrapedGauges(registry, sources, sources.scrapeTimeoutMs ?? DEFAULT_SCRAPE_TIMEOUT_MS);
  const { jobDuration, jobFailures } = jobSeries(registry);
  const { mailSent, mailFailed, mailRetries, requeued, receiptToAck } = mailSeries(registry);

  return {
    registry,
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    httpRequest(method, route, statusCode, seconds) {
      httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
    },
    letterReceived(channel, category) {
      lettersReceived.inc({ channel, category });
    },
    jobProcessed(queue, seconds, failed) {
      jobDuration.observe({ queue }, seconds);
      if (failed) jobFailures.inc({ queue });
    },
    mailSent: (kind) => mailSent.inc({ kind }),
    mailFailed: (kind) => mailFailed.inc({ kind }),
    mailRetried: (kind) => mailRetries.inc({ kind }),
    reconcilerRequeued(what, count) {
      if (count > 0) requeued.inc({ what }, count);
    },
    acknowledgementSent(seconds) {
      receiptToAck.observe(Math.max(0, seconds));
    },
  };
}
