import type { Pool, PoolClient } from '../db/pool.js';

export type AuditEntry = {
  actorId: number | null;
  action: string;
  targetType: string;
  targetId: string | null;
  /** What changed; ids and codes, never a letter's personal data. */
  details?: Record<string, unknown>;
};

export async function audit(db: Pool | PoolClient, entry: AuditEntry): Promise<void> {
  await db.query(
    'INSERT INTO audit_log (actor_id, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5)',
    [entry.actorId, entry.action, entry.targetType, entry.targetId, JSON.stringify(entry.details ?? {})],
  );
}
