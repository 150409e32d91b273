import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { withClient, type Pool } from './pool.js';
import { PROJECT_ROOT } from '../project-root.js';

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'migrations');

// Any constant: every process that migrates this database takes the same lock.
const MIGRATION_LOCK = 7_340_021;

const FILE_PATTERN = /^(\d{3})_[a-z0-9_]+\.sql$/;

const migrationFiles = async (dir: string) => (await readdir(dir)).filter((f) => FILE_PATTERN.test(f)).sort();

/**
 * Applies migrations/NNN_name.sql in order, each in its own transaction, under
 * an advisory lock so two processes starting together apply each file once.
 * Returns the names applied by this call.
 */
export async function migrate(pool: pg.Pool, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = await migrationFiles(dir);
  return withClient(pool, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await applyPending(client, dir, files);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  });
}

async function applyPending(client: pg.PoolClient, dir: string, files: string[]): Promise<string[]> {
  await client.query(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       name text PRIMARY KEY,
       applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const { rows } = await client.query<{ name: string }>('SELECT name FROM schema_migrations');
  const done = new Set(rows.map((r) => r.name));
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = await readFile(path.join(dir, file), 'utf8');
    try {
      await client.query('BEGIN');
      await client.query(sql);
      await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw Object.assign(new Error(`Migration ${file} failed: ${(error as Error).message}`), { code: (error as { code?: unknown }).code });
    }
    applied.push(file);
  }
  return applied;
}

/** The newest migration file: a database whose schema_migrations lacks it is not ready to serve this code. */
export async function latestMigration(dir = MIGRATIONS_DIR): Promise<string> {
  const last = (await migrationFiles(dir)).at(-1);
  if (!last) throw new Error(`no migrations in ${dir}`);
  return last;
}

/** Whether this migration is recorded as applied (throws 42P01 where schema_migrations does not exist). */
export async function isMigrationApplied(pool: Pool, name: string): Promise<boolean> {
  const { rows } = await pool.query<{ applied: boolean }>('SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE name = $1) AS applied', [name]);
  return rows[0]?.applied === true;
}
