import { isUnanswerableAddress } from '../mail/acknowledgement-limit.js';
import { verifyMessageId } from '../mail/signing.js';
import type { InboundMail } from './parse.js';

// What a message is, decided before anything is matched or answered: our own
// mail come back, a bounce, automatic mail, or a person's message. Pure.

export type Classification =
  | { kind: 'own_mail' }
  | { kind: 'bounce'; status: string | null; outboxIds: number[]; messageIds: string[] }
  | { kind: 'automatic'; reason: 'auto_reply' | 'list' | 'no_reply_sender' }
  | { kind: 'person' };

export type ClassifyContext = {
  signingKey: string;
  /** The domain of our Message-IDs (MAIL_FROM's). */
  domain: string;
  /** True when the message's Message-ID is one in our outbox (Message-IDs from before they were signed). */
  messageIdInOutbox: boolean;
};

const localPart = (address: string | undefined): string => (address ?? '').split('@')[0]?.toLowerCase() ?? '';

const SYSTEM_SENDERS = new Set(['mailer-daemon', 'postmaster']);

const BOUNCE_RECIPIENT = /^bounces\+(\d{1,18})@/;

function bounceOf(mail: InboundMail, ctx: ClassifyContext): Classification | undefined {
  const report = mail.contentType === 'multipart/report' && mail.reportType === 'delivery-status';
  const systemSender = SYSTEM_SENDERS.has(localPart(mail.from?.address));
  if (!report && mail.returnPath !== '' && !systemSender) return undefined;
  const outboxIds = mail.recipients.flatMap((r) => {
    const m = BOUNCE_RECIPIENT.exec(r);
    return m ? [Number(m[1])] : [];
  });
  const quoted = mail.report.messageIds.filter((id) => id !== mail.messageId);
  for (const id of quoted) {
    const ours = verifyMessageId(ctx.signingKey, id, ctx.domain);
    if (ours) outboxIds.push(ours.id);
  }
  return { kind: 'bounce', status: mail.report.status, outboxIds: [...new Set(outboxIds)], messageIds: quoted };
}

function automaticReason(mail: InboundMail): 'auto_reply' | 'list' | 'no_reply_sender' | undefined {
  const autoSubmitted = mail.autoSubmitted?.split(';')[0]?.trim().toLowerCase();
  if (autoSubmitted !== undefined && autoSubmitted !== 'no') return 'auto_reply';
  if (mail.autoreplyHeader) return 'auto_reply';
  const precedence = mail.precedence?.trim().toLowerCase();
  if (precedence === 'auto_reply') return 'auto_reply';
  if (precedence === 'bulk' || precedence === 'list' || precedence === 'junk') return 'list';
  if (mail.listId !== null || mail.listUnsubscribe) return 'list';
  if (mail.from && isUnanswerableAddress(mail.from.address)) return 'no_reply_sender';
  return undefined;
}

/** In this order: our own mail, a bounce, automatic mail, else a person's message. */
export function classify(mail: InboundMail, ctx: ClassifyContext): Classification {
  if (ctx.messageIdInOutbox || verifyMessageId(ctx.signingKey, mail.messageId, ctx.domain)) return { kind: 'own_mail' };
  const bounce = bounceOf(mail, ctx);
  if (bounce) return bounce;
  const reason = automaticReason(mail);
  return reason ? { kind: 'automatic', reason } : { kind: 'person' };
}
