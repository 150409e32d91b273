import { domainOf, type MessageKind } from './message-id.js';
import { signedReplyAddress } from './signing.js';

// The headers every message we send carries beyond its content. Pure.

export type HeaderSettings = {
  /** MAIL_SIGNING_KEY */
  mailSigningKey: string;
  /** MAIL_REPLY_ADDRESS: the published address, e.g. pisma@president.example */
  mailReplyAddress: string;
};

export type OutgoingHeaders = {
  /** The letter's signed plus address on the published mailbox. */
  replyTo: string;
  inReplyTo?: string;
  references?: string[];
  headers: Record<string, string>;
};

/**
 * Reply-To is the letter's own address (`pisma+<reference>.<hmac>@…`) on every
 * message about a letter, the office's notification included: whoever answers
 * it writes to the published mailbox, where the answer is placed by the letter
 * and recorded, never straight to the citizen. Acknowledgements and
 * notifications are automatic (RFC 3834: `Auto-Submitted: auto-replied`, and
 * Exchange's `X-Auto-Response-Suppress: All` so no out-of-office answers
 * them); a staff reply is written by a person (`Auto-Submitted: no`).
 */
export function outgoingHeaders(
  message: { kind: MessageKind; reference: string; inReplyTo: string | null; references: readonly string[] },
  settings: HeaderSettings,
): OutgoingHeaders {
  const headers: Record<string, string> =
    message.kind === 'reply'
      ? { 'Auto-Submitted': 'no' }
      : { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' };
  return {
    replyTo: signedReplyAddress(settings.mailSigningKey, settings.mailReplyAddress, message.reference),
    ...(message.inReplyTo
      ? { inReplyTo: message.inReplyTo, references: message.references.length ? [...message.references] : [message.inReplyTo] }
      : {}),
    headers,
  };
}

/** The envelope sender (SMTP MAIL FROM) of outbox message `outboxId`, so a bounce names the message it is about. */
export function bounceAddress(outboxId: number, mailFrom: string): string {
  return `bounces+${outboxId}@${domainOf(mailFrom)}`;
}
