import { writeSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import type { Handler } from '../workers/handlers.js';
import { startWorkers } from '../workers/start.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { resolveDatabase } from './db/database.js';
import { migrate } from './db/migrate.js';
import { createPool, type Pool } from './db/pool.js';
import { createApp } from './app.js';
import { applyTimeouts, closeServer, drainOnStop } from './http/graceful-stop.js';
import { startInbound } from './inbound/start.js';
import { createExitLogger, createLogger, type Logger } from './logger.js';
import { fileMailer, smtpMailer } from './mail/mailer.js';
import { listenForMetrics } from './metrics-app.js';
import { createMetrics, type Metrics } from './ops/metrics.js';
import { postgresQueueConnection, redisQueueConnection, type QueueConnection } from './queue/connection.js';
import { createProducers } from './queue/producers.js';
import { QUEUE_NAMES, queuesByName } from './queue/jobs.js';
import { createRedis } from './queue/redis.js';
import { describeTarget } from './queue/redis-target.js';
import { countLettersByStatus } from './submissions/submission.store.js';

/** Prefix of every Redis key; the braces keep a deployment's keys in one Redis Cluster slot. */
export const KEY_PREFIX = '{pisarnica}';

export type Mode = 'all' | 'api' | 'worker';

/**
 * Opened resources, closed last-opened first, so the HTTP server and workers
 * stop before the pools they use; each gets the stop's deadline (epoch ms).
 */
type Closer = (deadline: number) => Promise<unknown>;

/**
 * Whether the process has begun to stop (read by /readyz and the HTTP server),
 * and closers to begin the moment it does (the workers stop taking jobs while
 * the HTTP requests in flight finish); they are still awaited in their turn.
 */
type Lifecycle = { stopping: boolean; beginAtOnce: Closer[] };

/** What an entry point may change of a normal start: the job handlers (a test gives a broken set). */
export type RunOptions = { handlers?: readonly Handler[] };

/** A closer that does its work once, however often it is called. */
const once = (close: Closer): Closer => {
  let closing: Promise<unknown> | undefined;
  return (deadline) => (closing ??= close(deadline));
};

/** The route, mail, reconcile and retention workers, closed within the stop's deadline. */
function startAllWorkers(
  config: Config,
  deps: { pool: Pool; connection: QueueConnection; logger: Logger; metrics: Metrics; handlers?: readonly Handler[] | undefined },
  closers: Closer[],
  lifecycle: Lifecycle,
): void {
  const { pool, connection, logger, metrics, handlers } = deps;
  const outboxDir = path.join(config.dataDir, 'outbox');
  const mailer = config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : fileMailer(outboxDir, config.mailFrom);
  if (!config.smtpUrl) logger.info({ outboxDir }, 'no SMTP_URL: mail is written as .eml files');
  const workers = startWorkers({
    pool,
    connection,
    mailer,
    logger,
    metrics,
    handlers,
    settings: {
      publicBaseUrl: config.publicBaseUrl,
      mailFrom: config.mailFrom,
      mailSigningKey: config.mailSigningKey,
      mailReplyAddress: config.mailReplyAddress,
      mailLeaseSeconds: config.mailLeaseSeconds,
      mailRetryBaseMs: config.mailRetryBaseMs,
      reconcileGraceSeconds: config.reconcileGraceSeconds,
      reconcileEveryMs: config.reconcileIntervalSeconds * 1000,
      retentionDays: config.retentionDays,
      acknowledgementsPerAddressPerDay: config.ackPerAddressPerDay,
    },
  });
  const close = once((deadline) => workers.close(Math.max(0, deadline - Date.now())));
  lifecycle.beginAtOnce.push(close);
  closers.push(close);
}

async function start(mode: Mode, config: Config, logger: Logger, closers: Closer[], lifecycle: Lifecycle, options: RunOptions): Promise<void> {
  const database = await resolveDatabase(config, logger);
  closers.push(() => database.close());
  const pool = createPool(database.url, 20);
  closers.push(() => pool.end());
  const applied = await migrate(pool);
  if (applied.length) logger.info({ applied }, 'migrations applied');

  const connection = config.redis
    ? redisQueueConnection(config.redis, KEY_PREFIX)
    : postgresQueueConnection(database.url);
  closers.push(() => connection.close());
  if (!config.redis) logger.info('no REDIS_URL: queues run on BullMQ\'s PostgreSQL backend');
  else logger.info({ redis: describeTarget(config.redis) }, 'queues on Redis');

  // One registry per process: with mode 'all' the API's /metrics shows the workers' series too.
  const metrics = createMetrics({
    lettersByStatus: (timeoutMs) => countLettersByStatus(pool, timeoutMs),
    queues: queuesByName(connection),
  });
  if (mode === 'worker') {
    // No API here to serve /metrics, so a listener of its own (METRICS_PORT, same allow-list).
    const listener = await listenForMetrics(metrics, config.metricsAllow, logger, config.host, config.metricsPort);
    closers.push((deadline) => closeServer(listener.server, deadline));
    logger.info({ url: listener.url }, 'metrics listening');
  }

  if (mode !== 'api') {
    startAllWorkers(config, { pool, connection, logger, metrics, handlers: options.handlers }, closers, lifecycle);
    // Email in: each stored message is queued for processing (or found by the reconciler if that fails).
    const producers = createProducers(connection);
    const inbound = startInbound(config, { pool, logger, onStored: (ids) => void producers.enqueueInbound(ids) });
    const stopInbound = once((deadline) => inbound.stop(deadline));
    lifecycle.beginAtOnce.push(stopInbound);
    closers.push(stopInbound);
  }

  if (mode !== 'worker') {
    const limiterRedis = config.redis ? createRedis(config.redis, 'producer') : undefined;
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
      mailSigningKey: config.mailSigningKey,
      mailReplyAddress: config.mailReplyAddress,
      metrics,
      metricsAllow: config.metricsAllow,
      stopping: () => lifecycle.stopping,
    });
    const server = createServer();
    applyTimeouts(server, { keepAliveSeconds: config.httpKeepAliveSeconds, requestTimeoutSeconds: config.httpRequestTimeoutSeconds });
    // Before the app's listener, so it sees each request first.
    const http = drainOnStop(server, () => lifecycle.stopping);
    server.on('request', app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, resolve);
    });
    closers.push(async (deadline) => {
      if (!(await http.stop(deadline))) logger.warn('HTTP connections still open at the shutdown deadline; closed them');
    });
    logger.info({ url: `http://${config.host}:${config.port}` }, 'API listening');
  }
}

/** Time for forced closes (workers, connections) after the deadline, before the process exits anyway. */
const FORCE_GRACE_MS = 5_000;

const errorFields = (error: unknown) =>
  error instanceof Error ? { errType: error.name, errMessage: error.message } : { errType: typeof error };

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    // No logger yet: the one line naming the variable, written before exit.
    writeSync(2, `${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

export async function run(mode: Mode, options: RunOptions = {}): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  // Why the process stops and exits is written synchronously: an exit right after must not lose it.
  const last = createExitLogger(config.logLevel);
  const closers: Closer[] = [];
  const lifecycle: Lifecycle = { stopping: false, beginAtOnce: [] };
  const deadlineMs = config.shutdownDeadlineSeconds * 1000;
  const exit = (code: number, reason: string): never => {
    last[code === 0 ? 'warn' : 'error']({ reason, exitCode: code }, 'exiting');
    process.exit(code);
  };
  const closeAll = async (deadline: number) => {
    for (const close of closers.reverse()) {
      await close(deadline).catch((error: Error) => logger.warn({ errType: error.name }, 'close failed'));
    }
  };
  const stop = async (reason: string, code: number) => {
    if (lifecycle.stopping) {
      last.warn({ reason }, 'a stop is already under way');
      return;
    }
    lifecycle.stopping = true;
    last.warn({ reason, deadlineSeconds: config.shutdownDeadlineSeconds }, 'stopping');
    const deadline = Date.now() + deadlineMs;
    for (const begin of lifecycle.beginAtOnce) void begin(deadline).catch(() => undefined);
    // The whole stop is bounded: whatever still hangs after the forced closes does not keep the process.
    setTimeout(() => exit(1, `${reason}; the stop overran its deadline`), deadlineMs + FORCE_GRACE_MS);
    await closeAll(deadline);
    exit(code, reason);
  };
  const fatal = (reason: string) => (error: unknown) => {
    last.fatal(errorFields(error), reason);
    if (lifecycle.stopping) exit(1, reason);
    void stop(reason, 1);
  };
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
  process.on('SIGINT', () => void stop('SIGINT', 0));
  process.on('uncaughtException', fatal('uncaught exception'));
  process.on('unhandledRejection', fatal('unhandled promise rejection'));
  try {
    await start(mode, config, logger, closers, lifecycle, options);
  } catch (error) {
    last.fatal(errorFields(error), 'start failed');
    lifecycle.stopping = true;
    await closeAll(Date.now() + deadlineMs);
    exit(1, 'start failed');
  }
}
