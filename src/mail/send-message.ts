import type { Pool } from '../db/pool.js';
import { outgoingHeaders, type HeaderSettings } from './headers.js';
import type { Mailer } from './mailer.js';
import type { MessageKind } from './message-id.js';
import {
  claimMessage,
  markFailed,
  markForRetry,
  markSent,
} from './outbox.store.js';
import { classifySmtpError, describeSmtpError } from './smtp-errors.js';
import { TRACKING_TOKEN_PLACEHOLDER } from './templates.js';

/** What sending records (Metrics of src/ops/ is one). */
export type MailMetrics = {
  mailSent(kind: MessageKind): void;
  /** The message is given up for good (5xx, or the last attempt). */
  mailFailed(kind: MessageKind): void;
  /** A transient failure; the message will be tried again. */
  mailRetried(kind: MessageKind): void;
  /** From the letter's received_at to its acknowledgement's sent_at. */
  acknowledgementSent(secondsSinceReceipt: number): void;
};

export type SendDeps = {
  pool: Pool;
  mailer: Mailer;
  leaseSeconds: number;
  metrics: MailMetrics;
  /** Signs each letter's Reply-To address. */
  headers: HeaderSettings;
};

/** Failures carry the letter's reference so worker log lines can name it. */
export class PermanentSendError extends Error {
  constructor(message: string, readonly reference: string) {
    super(message);
  }
}
export class TransientSendError extends Error {
  constructor(message: string, readonly reference: string) {
    super(message);
  }
}

async function persistently(step: () => Promise<void>, tries = 5): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      return await step();
    } catch (error) {
      if (i >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * i));
    }
  }
}

/**
 * Sends one outbox message at most once: it is claimed before SMTP and marked
 * sent after. A message already sent, failed, or held by a live sender is
 * skipped. Throws TransientSendError (retry later) or PermanentSendError (stop).
 */
export type SendOutcome = { outcome: 'sent' | 'skipped'; reference: string | null };

export async function sendMessage(deps: SendDeps, id: number, lastAttempt: boolean): Promise<SendOutcome> {
  const message = await claimMessage(deps.pool, id, deps.leaseSeconds);
  if (!message) return { outcome: 'skipped', reference: null };
  const withToken = (body: string) =>
    message.kind === 'acknowledgement' ? body.split(TRACKING_TOKEN_PLACEHOLDER).join(message.trackingToken ?? '') : body;
  let response: string;
  try {
    response = await deps.mailer.send({
      to: message.recipient,
      subject: message.subject,
      text: withToken(message.text),
      html: withToken(message.html),
      messageId: message.messageId,
      reference: message.reference,
      outboxId: message.id,
      ...outgoingHeaders(message, deps.headers),
    });
  } catch (error) {
    const reason = describeSmtpError(error);
    if (classifySmtpError(error) === 'permanent' || lastAttempt) {
      await markFailed(deps.pool, message, reason);
      deps.metrics.mailFailed(message.kind);
      throw new PermanentSendError(reason, message.reference);
    }
    await markForRetry(deps.pool, message.id, reason);
    deps.metrics.mailRetried(message.kind);
    throw new TransientSendError(reason, message.reference);
  }
  // The server has the message: losing this mark would send it again after the lease, so insist.
  let sinceReceipt: number | undefined;
  await persistently(async () => {
    sinceReceipt = await markSent(deps.pool, message, response);
  });
  deps.metrics.mailSent(message.kind);
  if (message.kind === 'acknowledgement' && sinceReceipt !== undefined) deps.metrics.acknowledgementSent(sinceReceipt);
  return { outcome: 'sent', reference: message.reference };
}
