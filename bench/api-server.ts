// One HTTP server for the intake benchmark, run as a child process (forked by
// bench/index.ts with IPC). BENCH_MODE=app: the real app (createApp) on the
// database DATABASE_URL, producers on Redis under BENCH_PREFIX, no workers.
// BENCH_MODE=bare: express 5 with express.json answering a constant 201.
// BENCH_PROCESSES=N>1: node cluster, N processes sharing PORT.
// Sends 'ready' to its parent once every process listens.
import cluster from 'node:cluster';
import express from 'express';

const mode = process.env.BENCH_MODE ?? 'app';
const processes = Number(process.env.BENCH_PROCESSES ?? '1');
const port = Number(process.env.PORT ?? '0');

async function serve(): Promise<void> {
  let app: express.Express;
  if (mode === 'bare') {
    app = express();
    app.disable('x-powered-by');
    app.post('/api/v1/submissions', express.json({ limit: '64kb', strict: false }), (_req, res) => {
      res.status(201).json({
        reference: 'PR-2026-000001-7',
        status: 'received',
        receivedAt: new Date().toISOString(),
        trackingToken: 'bare-app-constant-tracking-token',
      });
    });
  } else {
    const { createApp } = await import('../src/app.js');
    const { createPool } = await import('../src/db/pool.js');
    const { createLogger } = await import('../src/logger.js');
    const { redisQueueConnection } = await import('../src/queue/connection.js');
    const { createProducers } = await import('../src/queue/producers.js');
    const { APP_DEFAULTS } = await import('../tests/helpers/app-defaults.js');
    const pool = createPool(process.env.DATABASE_URL!, 20);
    const prefix = process.env.BENCH_PREFIX!;
    const connection = redisQueueConnection(process.env.REDIS_URL!, prefix);
    app = createApp({
      pool,
      logger: createLogger('warn'),
      producers: createProducers(connection),
      queueReady: () => connection.ping(),
      rateLimitPerHour: 0,
      keyPrefix: prefix,
      ...APP_DEFAULTS,
    });
  }
  await new Promise<void>((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1', () => resolve());
    server.once('error', reject);
  });
  process.send?.('ready');
}

if (processes > 1 && cluster.isPrimary) {
  let ready = 0;
  for (let i = 0; i < processes; i++) {
    const worker = cluster.fork();
    worker.on('message', (message) => {
      if (message === 'ready' && ++ready === processes) process.send?.('ready');
    });
  }
  const stop = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
} else {
  if (!cluster.isWorker) {
    // A clean exit, so --cpu-prof can write its profile.
    process.on('disconnect', () => process.exit(0));
    process.on('SIGTERM', () => process.exit(0));
  }
  await serve();
}
