import type { Processor } from 'bullmq';
import type { QueueConnection } from '../src/queue/connection.js';

/** What a worker records per attempt of a job (Metrics of src/ops/ is one). */
export type JobMetrics = { jobProcessed(queue: string, seconds: number, failed: boolean): void };

/** The processor, recording how long each attempt took and whether it threw (job_duration_seconds, job_failures_total). */
export function timed(metrics: JobMetrics, queue: string, processor: Processor): Processor {
  return async (job, token, signal) => {
    const started = process.hrtime.bigint();
    let failed = true;
    try {
      const result: unknown = await processor(job, token, signal);
      failed = false;
      return result;
    } finally {
      metrics.jobProcessed(queue, Number(process.hrtime.bigint() - started) / 1e9, failed);
    }
  };
}

/** The same connection, whose workers time every job they run. */
export function timedWorkers(connection: QueueConnection, metrics: JobMetrics): QueueConnection {
  return {
    kind: connection.kind,
    queue: (name) => connection.queue(name),
    worker: (name, processor, options) => connection.worker(name, timed(metrics, name, processor), options),
    isUp: () => connection.isUp(),
    ping: () => connection.ping(),
    close: () => connection.close(),
  };
}
