import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';

export const MAX_ACCOUNT_FAILURES = 5;
/** Higher than per account: many colleagues may share one office's public address. */
export const MAX_CLIENT_FAILURES = 20;
export const WINDOW_MINUTES = 15;

// Advisory lock namespaces (the two-key form, apart from the migrator's one-key lock).
const ACCOUNT_LOCKS = 13_001;
const CLIENT_LOCKS = 13_002;

type Db = Pool | PoolClient;

/** How an account is counted: `' Ana@X '` and `'ana@x'` are one account. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * Locked while MAX_ACCOUNT_FAILURES failures of this account, or
 * MAX_CLIENT_FAILURES from this client (password spraying across accounts),
 * fall within the last WINDOW_MINUTES; returns the seconds until that ends.
 */
export async function lockedForSeconds(db: Db, email: string, client: string, now: Date): Promise<number> {
  const { rows } = await db.query<{ until: Date | null }>(
    `SELECT max(until) AS until FROM (
       SELECT (array_agg(failed_at ORDER BY failed_at DESC))[$3] + make_interval(mins => $4) AS until
         FROM login_failures WHERE lower(email) = lower($1) AND failed_at > $5::timestamptz - make_interval(mins => $4)
       UNION ALL
       SELECT (array_agg(failed_at ORDER BY failed_at DESC))[$6] + make_interval(mins => $4)
         FROM login_failures WHERE client = $2 AND failed_at > $5::timestamptz - make_interval(mins => $4)
     ) windows`,
    [normaliseEmail(email), client, MAX_ACCOUNT_FAILURES, WINDOW_MINUTES, now, MAX_CLIENT_FAILURES],
  );
  const until = rows[0]?.until;
  return until ? Math.max(0, Math.ceil((until.getTime() - now.getTime()) / 1000)) : 0;
}

export type Attempt = { allowed: true; id: number } | { allowed: false; retryAfterSeconds: number };

/**
 * Opens one password check, or refuses it while locked. The attempt is counted
 * as a failure before the password is verified, inside locks on the account
 * and on the client, so guesses sent in parallel see each other and at most
 * MAX_ACCOUNT_FAILURES of them reach the password hash; a success clears the
 * count (clearFailures), taking this attempt back with the others.
 */
export async function beginAttempt(pool: Pool, email: string, client: string, now: Date): Promise<Attempt> {
  return inTransaction(pool, async (db) => {
    // Always the account first, then the client: one order, so two attempts never wait on each other in a circle.
    await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ACCOUNT_LOCKS, normaliseEmail(email)]);
    await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CLIENT_LOCKS, client]);
    const retryAfterSeconds = await lockedForSeconds(db, email, client, now);
    if (retryAfterSeconds > 0) return { allowed: false, retryAfterSeconds };
    const { rows } = await db.query<{ id: string }>(
      'INSERT INTO login_failures (email, client, failed_at) VALUES ($1, $2, $3) RETURNING id', [normaliseEmail(email), client, now],
    );
    return { allowed: true, id: Number(rows[0]?.id) };
  });
}

/** Takes back one counted attempt that turned out not to be a guess (a right password, the code still to come). */
export async function forgetAttempt(db: Db, id: number): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE id = $1', [id]);
}

export async function clearFailures(db: Db, email: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE lower(email) = $1', [normaliseEmail(email)]);
}
