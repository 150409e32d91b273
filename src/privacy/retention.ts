import { audit } from '../staff/audit.store.js';
import { inTransaction, type Pool } from '../db/pool.js';
import { anonymiseLetters } from './anonymise.js';

const BATCH = 500;

/** Saved idempotent answers are kept this long: clients retry within minutes, not weeks. */
const IDEMPOTENCY_DAYS = 7;
/** Failed logins older than the lockout window serve no purpose. */
const LOGIN_FAILURE_DAYS = 1;

/**
 * Anonymises letters closed for longer than `retentionDays` before `now`, in
 * batches, forgets old idempotency records and failed logins, and writes one
 * audit entry for the run.
 */
export async function applyRetention(pool: Pool, now: Date, retentionDays: number): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  let total = 0;
  for (;;) {
    const done = await inTransaction(pool, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `SELECT id FROM submissions WHERE status = 'closed' AND anonymised_at IS NULL AND closed_at < $1
          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [cutoff, BATCH],
      );
      return anonymiseLetters(client, rows.map((r) => Number(r.id)));
    });
    total += done;
    if (done < BATCH) break;
  }
  const { rowCount: keys } = await pool.query(
    `DELETE FROM idempotency_keys WHERE created_at < $1::timestamptz - make_interval(days => $2)`,
    [now, IDEMPOTENCY_DAYS],
  );
  await pool.query(`DELETE FROM login_failures WHERE failed_at < $1::timestamptz - make_interval(days => $2)`, [
    now,
    LOGIN_FAILURE_DAYS,
  ]);
  await audit(pool, {
    actorId: null,
    action: 'retention.run',
    targetType: 'submissions',
    targetId: null,
    details: { cutoff: cutoff.toISOString(), retentionDays, anonymised: total, idempotencyKeysDeleted: keys ?? 0 },
  });
  return total;
}
