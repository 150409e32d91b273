import { createHmac, timingSafeEqual } from 'node:crypto';

// What lets us recognise our own mail when it comes back: a Message-ID and a
// per-letter reply address that carry an HMAC under a server key, so a sender
// cannot forge a place in a conversation. Pure: the key is passed in.

const TAG_LENGTH = 16; // hex characters of HMAC-SHA256: 64 bits

function tag(key: string, ...parts: string[]): string {
  return createHmac('sha256', key).update(parts.join('\u0000')).digest('hex').slice(0, TAG_LENGTH);
}

function sameTag(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `<kind.id.hmac@domain>` for outbox message `id` of this kind (kind without dots or underscores: `ack`, `notify`, `reply`). */
export function signedMessageId(key: string, kind: string, id: number, domain: string): string {
  return `<${kind}.${id}.${tag(key, 'message-id', kind, String(id))}@${domain}>`;
}

/** The kind and outbox id of one of our Message-IDs (with or without angle brackets), if its HMAC verifies. */
export function verifyMessageId(key: string, messageId: string, domain: string): { kind: string; id: number } | undefined {
  const m = /^<?([a-z-]+)\.(\d{1,18})\.([0-9a-f]+)@([^>\s]+)>?$/i.exec(messageId.trim());
  if (!m || m[4]?.toLowerCase() !== domain.toLowerCase()) return undefined;
  const [, kind, id, given] = m as unknown as [string, string, string, string];
  return sameTag(given.toLowerCase(), tag(key, 'message-id', kind, id)) ? { kind, id: Number(id) } : undefined;
}

/** `local+<reference>.<hmac>@domain` for a letter, from the published address `local@domain`. */
export function signedReplyAddress(key: string, published: string, reference: string): string {
  const [local, domain] = published.split('@') as [string, string];
  return `${local}+${reference}.${tag(key, 'reply-to', reference.toUpperCase())}@${domain}`;
}

/** The letter's reference in one of our reply addresses (any case), if its HMAC verifies. */
export function verifyReplyAddress(key: string, published: string, address: string): string | undefined {
  const [local, domain] = published.toLowerCase().split('@') as [string, string];
  const m = /^([^+@\s]+)\+([a-z0-9-]+)\.([0-9a-f]+)@([^@\s]+)$/i.exec(address.trim().toLowerCase());
  if (!m || m[1] !== local || m[4] !== domain) return undefined;
  const reference = (m[2] as string).toUpperCase();
  return sameTag(m[3] as string, tag(key, 'reply-to', reference)) ? reference : undefined;
}
