import type { Server } from 'node:http';
import { ConfigError, loadConfig, type Config } from './config.js';
import { resolveDatabase } from './db/database.js';
import { migrate } from './db/migrate.js';
import { createPool } from './db/pool.js';
import { createApp } from './http/app.js';
import { createLogger, type Logger } from './logger.js';
import { createRedis } from './queue/redis.js';
import { createRedisRouteProducer } from './queue/route-producer.js';

export const KEY_PREFIX = 'pisarnica';

/** Opened resources; closed last-opened first, so the HTTP server stops before the pools it uses. */
type Closer = () => Promise<unknown>;

async function startApi(config: Config, logger: Logger, closers: Closer[]): Promise<void> {
  const database = await resolveDatabase(config, logger);
  closers.push(() => database.close());
  const pool = createPool(database.url, 20);
  closers.push(() => pool.end());
  const applied = await migrate(pool);
  if (applied.length) logger.info({ applied }, 'migrations applied');

  const redis = config.redisUrl ? createRedis(config.redisUrl, 'producer') : undefined;
  if (redis) closers.push(async () => redis.disconnect());
  const routeProducer = redis ? createRedisRouteProducer(redis, KEY_PREFIX) : undefined;
  if (routeProducer) closers.push(() => routeProducer.close());
  if (!redis) logger.warn('no REDIS_URL: letters are stored but not queued until a queue is configured');

  const app = createApp({
    pool,
    logger,
    routeProducer,
    redis,
    queueReady: async () => (redis ? (await redis.ping()) === 'PONG' : true),
    rateLimitPerHour: config.rateLimitSubmissions,
    keyPrefix: KEY_PREFIX,
    trustProxy: config.trustProxy,
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  logger.info({ url: `http://${config.host}:${config.port}` }, 'API listening');
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : String(error));
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  const closers: Closer[] = [];
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    for (const close of closers.reverse()) await close().catch((error: Error) => logger.warn({ errType: error.name }, 'close failed'));
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  try {
    await startApi(config, logger, closers);
  } catch (error) {
    logger.fatal({ errType: (error as Error).name, msg: (error as Error).message }, 'start failed');
    for (const close of closers.reverse()) await close().catch(() => undefined);
    process.exit(1);
  }
}

await main();
