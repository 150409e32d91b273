import { createHash } from 'node:crypto';

export type MessageKind = 'office_notification' | 'acknowledgement' | 'reply' | 'reply_notification';

/** The sender's domain, from `Name <user@domain>` or `user@domain`. */
export function domainOf(mailFrom: string): string {
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom;
  return address.split('@')[1]?.trim().toLowerCase() || 'localhost';
}

/**
 * Message-ID from the reference, the kind and the recipient: a message sent
 * again after a crash carries the same id, so the receiving side can tell.
 */
export function messageIdFor(reference: string, kind: MessageKind, recipient: string, domain: string): string {
  const who = createHash('sha256').update(recipient.toLowerCase()).digest('hex').slice(0, 10);
  return `<${reference}.${kind.replace('_', '-')}.${who}@${domain}>`;
}
