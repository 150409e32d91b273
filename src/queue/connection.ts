import { createPostgresBackend, Queue, Worker, type Processor, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis } from './redis.js';
import type { RedisTarget } from './redis-target.js';

/**
 * Where the queues live: Redis in production, or BullMQ's PostgreSQL backend
 * when there is no Redis. Everything above this module is the same for both.
 */
export type QueueConnection = {
  readonly kind: 'redis' | 'postgres';
  /** The queue of that name on this connection, made once and shared by whoever asks (producers, schedulers, metrics). */
  queue(name: string): Queue;
  worker(name: string, processor: Processor, options: Pick<WorkerOptions, 'concurrency'>): Worker;
  /** Whether adding a job can succeed right now; producers skip the attempt when not. */
  isUp(): boolean;
  ping(): Promise<boolean>;
  close(): Promise<void>;
};

/**
 * A worker that dies (SIGKILL, lost machine) holds its jobs until their lock
 * expires; a shorter lock than BullMQ's 30 s gets them back to another worker
 * within about 15 s. A job may stall a few times before it counts as failed.
 */
const STALL_DETECTION = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 3 } as const;

export function redisQueueConnection(url: RedisTarget, prefix: string): QueueConnection {
  // One fail-fast connection for producers, one patient one shared by workers.
  const producer = createRedis(url, 'producer');
  let workerRedis: Redis | undefined;
  const queues = new Map<string, Queue>();
  return {
    kind: 'redis',
    queue(name) {
      let queue = queues.get(name);
      if (!queue) {
        queue = new Queue(name, { connection: producer, prefix });
        queue.on('error', () => undefined);
        queues.set(name, queue);
      }
      return queue;
    },
    worker(name, processor, options) {
      workerRedis ??= createRedis(url, 'worker');
      const worker = new Worker(name, processor, { connection: workerRedis, prefix, ...STALL_DETECTION, ...options });
      worker.on('error', () => undefined);
      return worker;
    },
    isUp: () => producer.status === 'ready',
    ping: async () => (await producer.ping()) === 'PONG',
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      producer.disconnect();
      workerRedis?.disconnect();
    },
  };
}

export function postgresQueueConnection(url: string, schema = 'bullmq'): QueueConnection {
  // BullMQ creates its schema on first connect (advisory-locked, so processes may race).
  const connection = { connectionString: url, schema, migrate: true, max: 4 };
  // Each queue here owns a pg pool and a LISTEN client, so sharing them matters.
  const queues = new Map<string, Queue>();
  let last: Queue | undefined;
  return {
    kind: 'postgres',
    queue(name) {
      let queue = queues.get(name);
      if (!queue) {
        queue = new Queue(name, { connection }, createPostgresBackend) as unknown as Queue;
        queue.on('error', () => undefined);
        queues.set(name, queue);
      }
      last = queue;
      return queue;
    },
    worker(name, processor, options) {
      const worker = new Worker(
        name,
        processor,
        { connection, ...STALL_DETECTION, ...options },
        createPostgresBackend,
      ) as unknown as Worker;
      worker.on('error', () => undefined);
      return worker;
    },
    isUp: () => true,
    ping: async () => {
      if (!last) return true;
      await last.getJobCounts('waiting');
      return true;
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
