import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_NAMES, routeJobId } from './names.js';

export type RouteProducer = {
  /** True when the job is in the queue; false when the queue is unreachable now (the reconciler retries). */
  enqueueRoute(submissionId: number): Promise<boolean>;
  close(): Promise<void>;
};

const ADD_TIMEOUT_MS = 1_000;

export function createRedisRouteProducer(redis: Redis, prefix: string): RouteProducer {
  const queue = new Queue(QUEUE_NAMES.route, { connection: redis, prefix });
  queue.on('error', () => undefined);
  return {
    async enqueueRoute(submissionId) {
      if (redis.status !== 'ready') return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), ADD_TIMEOUT_MS);
      });
      const add = queue
        .add(
          QUEUE_NAMES.route,
          { submissionId },
          {
            jobId: routeJobId(submissionId),
            attempts: 10,
            backoff: { type: 'exponential', delay: 1_000 },
            removeOnComplete: { age: 24 * 3600 },
            removeOnFail: { age: 7 * 24 * 3600 },
          },
        )
        .then(() => true, () => false);
      try {
        return await Promise.race([add, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => queue.close(),
  };
}
