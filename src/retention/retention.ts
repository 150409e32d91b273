import { audit } from '../audit/audit.store.js';
import { inTransaction, type Pool } from '../db/pool.js';
import { anonymiseLetters } from './anonymise.js';

const BATCH = 500;

/**
 * Anonymises letters closed for longer than `retentionDays` before `now`, in
 * batches, and writes one audit entry for the run.
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
  await audit(pool, {
    actorId: null,
    action: 'retention.run',
    targetType: 'submissions',
    targetId: null,
    details: { cutoff: cutoff.toISOString(), retentionDays, anonymised: total },
  });
  return total;
}
