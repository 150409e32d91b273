import type { FetchMessageObject, ImapFlow } from 'imapflow';
import type { Pool } from '../db/pool.js';
import { readCursor, resetCursor, storeRawMessage } from './raw.store.js';

/** A message over this size is kept as its headers only (`truncated`). */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/** The keyword a fetched message gets before it is moved out of the fetched folder. */
export const FETCHED_KEYWORD = '$Pisarnica';

/** At most this many messages, or about this many bytes, are held in memory at once. */
const BATCH_MESSAGES = 50;
const BATCH_BYTES = 64 * 1024 * 1024;

export type PollContext = {
  pool: Pool;
  client: ImapFlow;
  /** The row's mailbox name: 'imap:<user>@<host>/<folder>'. */
  mailbox: string;
  uidValidity: bigint;
  processedFolder: string;
  maxMessageBytes: number;
  onStored: (ids: number[]) => void | Promise<void>;
  /** Called with a failure of onStored: the message is stored, the fetch goes on. */
  onStoredFailed: (error: unknown) => void;
};

type Fetched = { uid: number; raw: Buffer; truncated: boolean };

const asUids = (found: number[] | false | undefined) => (found || []).slice().sort((a, b) => a - b);

/** Flags and moves messages already stored (never deletes; the copy in the folder keeps no \Seen). */
async function finish(ctx: PollContext, uids: number[]): Promise<void> {
  if (!uids.length) return;
  const range = uids.join(',');
  await ctx.client.messageFlagsAdd(range, [FETCHED_KEYWORD], { uid: true });
  await ctx.client.messageMove(range, ctx.processedFolder, { uid: true });
}

/** Batches of UIDs whose bodies (or headers, for the ones over the limit) fit in memory together. */
function batches(sized: FetchMessageObject[], maxMessageBytes: number): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const message of sized) {
    const size = Math.min(message.size ?? 0, maxMessageBytes);
    if (current.length && (current.length >= BATCH_MESSAGES || bytes + size > BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message.uid);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

/**
 * Fetches one batch whole (no IMAP command may run inside a fetch), then per
 * message, in UID order: store (the cursor advances in the same transaction),
 * then flag and move. Bodies with BODY.PEEK[] and headers with
 * BODY.PEEK[HEADER], so nothing is marked read.
 */
async function fetchBatch(ctx: PollContext, uids: number[], large: Set<number>): Promise<void> {
  const small = uids.filter((uid) => !large.has(uid));
  const big = uids.filter((uid) => large.has(uid));
  const fetched: Fetched[] = [];
  if (small.length) {
    for (const m of await ctx.client.fetchAll(small.join(','), { uid: true, source: true }, { uid: true })) {
      if (m.source) fetched.push({ uid: m.uid, raw: m.source, truncated: false });
    }
  }
  if (big.length) {
    for (const m of await ctx.client.fetchAll(big.join(','), { uid: true, headers: true }, { uid: true })) {
      if (m.headers) fetched.push({ uid: m.uid, raw: m.headers, truncated: true });
    }
  }
  fetched.sort((a, b) => a.uid - b.uid);
  for (const message of fetched) {
    const stored = await storeRawMessage(ctx.pool, {
      mailbox: ctx.mailbox,
      uidValidity: ctx.uidValidity,
      uid: message.uid,
      raw: message.raw,
      truncated: message.truncated,
    });
    if (!stored.duplicate) {
      try {
        await ctx.onStored([stored.id]);
      } catch (error) {
        ctx.onStoredFailed(error);
      }
    }
    await finish(ctx, [message.uid]);
  }
}

/**
 * One pass over the folder: a UIDVALIDITY other than the cursor's starts the
 * folder over (the SHA-256 dedup absorbs what was stored before); messages at
 * or below the cursor still in the folder were stored and only need their
 * flag and move (a stop between commit and move); the rest are fetched.
 * Returns how many new UIDs it saw.
 */
export async function pollOnce(ctx: PollContext): Promise<{ seen: number; uidValidityChanged: boolean }> {
  const cursor = await readCursor(ctx.pool, ctx.mailbox);
  const uidValidityChanged = cursor !== undefined && cursor.uidValidity !== ctx.uidValidity;
  if (uidValidityChanged) await resetCursor(ctx.pool, ctx.mailbox, ctx.uidValidity);
  const last = cursor && !uidValidityChanged ? Number(cursor.lastUid) : 0;
  if (last > 0) await finish(ctx, asUids(await ctx.client.search({ uid: `1:${last}` }, { uid: true })).filter((u) => u <= last));
  // `UID n:*` answers with the last message even when none is above n: filter.
  const uids = asUids(await ctx.client.search({ uid: `${last + 1}:*` }, { uid: true })).filter((u) => u > last);
  if (!uids.length) return { seen: 0, uidValidityChanged };
  const sized = (await ctx.client.fetchAll(uids.join(','), { uid: true, size: true }, { uid: true }))
    .filter((m) => m.uid > last)
    .sort((a, b) => a.uid - b.uid);
  const large = new Set(sized.filter((m) => (m.size ?? 0) > ctx.maxMessageBytes).map((m) => m.uid));
  for (const batch of batches(sized, ctx.maxMessageBytes)) await fetchBatch(ctx, batch, large);
  return { seen: uids.length, uidValidityChanged };
}
