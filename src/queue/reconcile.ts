import type { Pool } from '../db/pool.js';
import { findStalledMessages } from '../mail/outbox.store.js';
import type { Producers } from './producers.js';

/** What the reconciler records: how many letters and messages it queued again (Metrics of src/ops/ is one). */
export type ReconcileMetrics = { reconcilerRequeued(what: 'letters' | 'messages', count: number): void };

export type ReconcileDeps = {
  pool: Pool;
  producers: Producers;
  graceSeconds: number;
  batch: number;
  metrics: ReconcileMetrics;
};

/**
 * Queues again whatever PostgreSQL says should be moving: letters still
 * `received` after the grace period and messages pending or with an expired
 * lease. Job ids are derived from row ids, so a job that still exists is not
 * added twice. This is what makes losing Redis's contents harmless.
 */
export async function reconcile(deps: ReconcileDeps): Promise<{ letters: number; messages: number; inbound: number }> {
  const { rows } = await deps.pool.query<{ id: string }>(
    `SELECT id FROM submissions
      WHERE status = 'received' AND received_at < now() - make_interval(secs => $1)
      ORDER BY id LIMIT $2`,
    [deps.graceSeconds, deps.batch],
  );
  const letters = rows.map((r) => Number(r.id));
  const queued: number[] = [];
  for (const id of letters) if (await deps.producers.enqueueRoute(id)) queued.push(id);
  const messages = await findStalledMessages(deps.pool, deps.graceSeconds, deps.batch);
  const messagesQueued = await deps.producers.enqueueMail(messages);
  // Stored inbound mail not yet processed (the email channel).
  const inbound = await findUnprocessedInbound(deps.pool, deps.graceSeconds, deps.batch);
  await deps.producers.enqueueInbound(inbound);
  // Re-adding a job that still exists is a no-op in the queue, but it counts here: it was due.
  deps.metrics.reconcilerRequeued('letters', queued.length);
  if (messagesQueued) deps.metrics.reconcilerRequeued('messages', messages.length);
  return { letters: letters.length, messages: messages.length, inbound: inbound.length };
}

async function findUnprocessedInbound(pool: Pool, graceSeconds: number, limit: number): Promise<number[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM inbound_messages WHERE state = 'stored' AND received_at < now() - make_interval(secs => $1) ORDER BY id LIMIT $2`,
    [graceSeconds, limit],
  );
  return rows.map((r) => Number(r.id));
}
