import type { Pool } from '../db/pool.js';

export const MAX_ACCOUNT_FAILURES = 5;
/** Higher than per account: many colleagues may share one office's public address. */
export const MAX_CLIENT_FAILURES = 20;
export const WINDOW_MINUTES = 15;

/**
 * Locked while MAX_ACCOUNT_FAILURES failures of this account, or
 * MAX_CLIENT_FAILURES from this client (password spraying across accounts),
 * fall within the last WINDOW_MINUTES; returns the seconds until that ends.
 */
export async function lockedForSeconds(pool: Pool, email: string, client: string, now: Date): Promise<number> {
  const { rows } = await pool.query<{ until: Date | null }>(
    `SELECT max(until) AS until FROM (
       SELECT (array_agg(failed_at ORDER BY failed_at DESC))[$3] + make_interval(mins => $4) AS until
         FROM login_failures WHERE lower(email) = lower($1) AND failed_at > $5::timestamptz - make_interval(mins => $4)
       UNION ALL
       SELECT (array_agg(failed_at ORDER BY failed_at DESC))[$6] + make_interval(mins => $4)
         FROM login_failures WHERE client = $2 AND failed_at > $5::timestamptz - make_interval(mins => $4)
     ) windows`,
    [email, client, MAX_ACCOUNT_FAILURES, WINDOW_MINUTES, now, MAX_CLIENT_FAILURES],
  );
  const until = rows[0]?.until;
  return until ? Math.max(0, Math.ceil((until.getTime() - now.getTime()) / 1000)) : 0;
}

export async function recordFailure(pool: Pool, email: string, client: string, now: Date): Promise<void> {
  await pool.query('INSERT INTO login_failures (email, client, failed_at) VALUES ($1, $2, $3)', [email, client, now]);
}

export async function clearFailures(pool: Pool, email: string): Promise<void> {
  await pool.query('DELETE FROM login_failures WHERE lower(email) = lower($1)', [email]);
}
