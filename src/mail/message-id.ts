import { signedMessageId } from './signing.js';

export type MessageKind = 'office_notification' | 'acknowledgement' | 'reply' | 'reply_notification';

/** The kind as it stands in our Message-IDs (`<ack.17.…@…>`): no dots or underscores. */
export const MESSAGE_ID_KIND: Readonly<Record<MessageKind, 'ack' | 'notify' | 'reply'>> = {
  acknowledgement: 'ack',
  office_notification: 'notify',
  reply: 'reply',
  reply_notification: 'notify',
};

/** The sender's domain, from `Name <user@domain>` or `user@domain`. */
export function domainOf(mailFrom: string): string {
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom;
  return address.split('@')[1]?.trim().toLowerCase() || 'localhost';
}

/**
 * The Message-ID of outbox message `outboxId`: `<kind.id.hmac@domain>`, signed
 * under MAIL_SIGNING_KEY. Written once with the row, so a message sent again
 * after a crash carries the same id, and a reply or bounce naming it leads
 * back to the row. Nothing of the recipient is in it.
 */
export function outboxMessageId(key: string, kind: MessageKind, outboxId: number, domain: string): string {
  return signedMessageId(key, MESSAGE_ID_KIND[kind], outboxId, domain);
}
