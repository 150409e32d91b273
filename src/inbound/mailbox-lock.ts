import type { Pool } from '../db/pool.js';

/** Held while one process fetches a mailbox; `lost` rejects when its connection fails. */
export type MailboxLock = { lost: Promise<never>; release(): Promise<void> };

/**
 * Takes the mailbox's PostgreSQL advisory lock on a connection of its own,
 * kept for as long as the lock is held, so that one process of many fetches a
 * mailbox; undefined when another process holds it. Released by closing the
 * connection: the server then drops the lock whatever state the session is in.
 */
export async function tryLockMailbox(pool: Pool, mailbox: string): Promise<MailboxLock | undefined> {
  const client = await pool.connect();
  let fail: (error: Error) => void = () => undefined;
  const lost = new Promise<never>((_resolve, reject) => {
    fail = reject;
  });
  lost.catch(() => undefined);
  const onError = (error: Error) => fail(error);
  const onEnd = () => fail(new Error('the mailbox lock connection ended'));
  client.on('error', onError);
  client.on('end', onEnd);
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    client.off('error', onError);
    client.off('end', onEnd);
    client.on('error', () => undefined);
    // Destroyed, not returned to the pool: the lock goes with the connection.
    client.release(true);
  };
  try {
    const { rows } = await client.query<{ ok: boolean }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok',
      [`pisarnica:inbound:${mailbox}`],
    );
    if (rows[0]?.ok) return { lost, release };
  } catch (error) {
    await release();
    throw error;
  }
  await release();
  return undefined;
}
