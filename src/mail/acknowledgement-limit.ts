import type { PoolClient } from '../db/pool.js';

/**
 * Acknowledgements go to an address nobody has verified, so anyone can aim
 * them at someone else's. At most this many go to one address in 24 hours;
 * letters beyond it are routed and their office notified as always.
 * The default of ACK_PER_ADDRESS_PER_DAY (0: no limit).
 */
export const ACK_PER_ADDRESS_PER_DAY = 10;

/** Routing holds this advisory lock while it counts and writes acknowledgements to the address. */
export const acknowledgementLockKey = (email: string): string => `acknowledgement:${email.toLowerCase()}`;

/** Whether one more acknowledgement may go to the address; call with its lock held. */
export async function mayAcknowledge(client: PoolClient, email: string, perDay: number): Promise<boolean> {
  if (perDay === 0) return true;
  const { rows } = await client.query<{ count: number }>({
    name: 'acknowledgements-to-address',
    text: `SELECT count(*)::int AS count FROM outbox
            WHERE kind = 'acknowledgement' AND lower(recipient) = lower($1) AND created_at > now() - interval '24 hours'`,
    values: [email],
  });
  return (rows[0]?.count ?? 0) < perDay;
}

/** A letter by email gets at most this many acknowledgements to its address in 24 hours, whatever the general limit. */
export const EMAIL_ACK_PER_ADDRESS_PER_DAY = 1;

const SYSTEM_SENDERS = new Set(['mailer-daemon', 'postmaster']);
const NO_REPLY = /^(?:no-?reply|do-?not-?reply|donotreply|bounces?)(?:[+.-].*)?$/;

/** Mailer-daemon, postmaster or a no-reply address: never acknowledged, never answered. */
export function isUnanswerableAddress(address: string): boolean {
  const local = address.split('@')[0]?.toLowerCase() ?? '';
  return SYSTEM_SENDERS.has(local) || NO_REPLY.test(local);
}
