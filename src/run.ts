import type { Server } from 'node:http';
import path from 'node:path';
import { startWorkers } from '../workers/start.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { resolveDatabase } from './db/database.js';
import { migrate } from './db/migrate.js';
import { createPool } from './db/pool.js';
import { createApp } from './http/app.js';
import { createLogger, type Logger } from './logger.js';
import { fileMailer, smtpMailer } from './mail/mailer.js';
import { listenForMetrics } from './ops/metrics.http.js';
import { countedQueues, createMetrics } from './ops/metrics.js';
import { postgresQueueConnection, redisQueueConnection } from './queue/connection.js';
import { createProducers } from './queue/producers.js';
import { QUEUE_NAMES } from './queue/names.js';
import { createRedis } from './queue/redis.js';

/** Prefix of every Redis key; the braces keep a deployment's keys in one Redis Cluster slot. */
export const KEY_PREFIX = '{pisarnica}';

export type Mode = 'all' | 'api' | 'worker';

/** Opened resources, closed last-opened first, so the HTTP server and workers stop before the pools they use. */
type Closer = () => Promise<unknown>;

async function start(mode: Mode, config: Config, logger: Logger, closers: Closer[]): Promise<void> {
  const database = await resolveDatabase(config, logger);
  closers.push(() => database.close());
  const pool = createPool(database.url, 20);
  closers.push(() => pool.end());
  const applied = await migrate(pool);
  if (applied.length) logger.info({ applied }, 'migrations applied');

  const connection = config.redisUrl
    ? redisQueueConnection(config.redisUrl, KEY_PREFIX)
    : postgresQueueConnection(database.url);
  closers.push(() => connection.close());
  if (!config.redisUrl) logger.info('no REDIS_URL: queues run on BullMQ\'s PostgreSQL backend');

  // One registry per process: with mode 'all' the API's /metrics shows the workers' series too.
  const metrics = createMetrics({ pool, queues: countedQueues(connection) });
  if (mode === 'worker') {
    // No API here to serve /metrics, so a listener of its own (METRICS_PORT, same allow-list).
    const listener = await listenForMetrics(metrics, config.metricsAllow, logger, config.host, config.metricsPort);
    closers.push(() => new Promise((resolve) => listener.server.close(resolve)));
    logger.info({ url: listener.url }, 'metrics listening');
  }

  if (mode !== 'api') {
    const outboxDir = path.join(config.dataDir, 'outbox');
    const mailer = config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : fileMailer(outboxDir, config.mailFrom);
    if (!config.smtpUrl) logger.info({ outboxDir }, 'no SMTP_URL: mail is written as .eml files');
    const workers = startWorkers({
      pool,
      connection,
      mailer,
      logger,
      metrics,
      settings: {
        publicBaseUrl: config.publicBaseUrl,
        mailFrom: config.mailFrom,
        mailLeaseSeconds: config.mailLeaseSeconds,
        mailRetryBaseMs: config.mailRetryBaseMs,
        reconcileGraceSeconds: config.reconcileGraceSeconds,
        reconcileEveryMs: config.reconcileIntervalSeconds * 1000,
        retentionDays: config.retentionDays,
      },
    });
    closers.push(() => workers.close(config.shutdownDeadlineSeconds * 1000));
  }

  if (mode !== 'worker') {
    const limiterRedis = config.redisUrl ? createRedis(config.redisUrl, 'producer') : undefined;
    if (limiterRedis) closers.push(async () => limiterRedis.disconnect());
    const app = createApp({
      pool,
      logger,
      producers: createProducers(connection),
      queues: Object.values(QUEUE_NAMES).map((name) => connection.queue(name)),
      redis: limiterRedis,
      queueReady: () => connection.ping(),
      rateLimitPerHour: config.rateLimitSubmissions,
      keyPrefix: KEY_PREFIX,
      trustProxy: config.trustProxy,
      sessionSecret: config.sessionSecret,
      sessionMaxHours: config.sessionMaxHours,
      secureCookies: config.env === 'production',
      publicBaseUrl: config.publicBaseUrl,
      mailFrom: config.mailFrom,
      metrics,
      metricsAllow: config.metricsAllow,
    });
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(config.port, config.host, () => resolve(s));
      s.once('error', reject);
    });
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    logger.info({ url: `http://${config.host}:${config.port}` }, 'API listening');
  }
}

export async function run(mode: Mode): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : String(error));
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  const closers: Closer[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) {
      await close().catch((error: Error) => logger.warn({ errType: error.name }, 'close failed'));
    }
  };
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await closeAll();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  try {
    await start(mode, config, logger, closers);
  } catch (error) {
    logger.fatal({ errType: (error as Error).name, msg: (error as Error).message }, 'start failed');
    await closeAll();
    process.exit(1);
  }
}
