import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { bounceAddress } from './headers.js';

// The only module that imports nodemailer.

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  reference: string;
  /** The outbox row: the envelope sender is bounces+<outboxId>@<MAIL_FROM's domain>. */
  outboxId: number;
  replyTo: string;
  inReplyTo?: string;
  references?: string[];
  /** Further headers (Auto-Submitted, X-Auto-Response-Suppress). */
  headers: Record<string, string>;
};

export type Mailer = {
  /** Resolves with the server's id for the message once the server has accepted it. */
  send(mail: OutgoingMail): Promise<string>;
  describe(): string;
  close(): void;
};

function envelope(from: string, mail: OutgoingMail) {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    replyTo: mail.replyTo,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo, references: mail.references ?? [mail.inReplyTo] } : {}),
    headers: { ...mail.headers, 'X-Correspondence-Reference': mail.reference },
    // The From header stays MAIL_FROM; a bounce goes to an address that names the message.
    envelope: { from: bounceAddress(mail.outboxId, from), to: mail.to },
    // Nothing of ours should be rewritten or tracked on the way out.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** A connection pool and timeouts in seconds, not nodemailer's default minutes (the benchmark's baseline uses them too). */
export const SMTP_POOL_SETTINGS = {
  pool: true,
  maxConnections: 5,
  maxMessages: 500,
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
} as const;

/** SMTP through a pool with SMTP_POOL_SETTINGS. */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ url: smtpUrl, ...SMTP_POOL_SETTINGS } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(mail) {
      const info = (await transport.sendMail(envelope(from, mail))) as { response?: string; messageId?: string };
      return info.response ?? info.messageId ?? mail.messageId;
    },
    describe: () => `SMTP ${new URL(smtpUrl).host}`,
    close: () => transport.close(),
  };
}

/** Without SMTP_URL: each message becomes an .eml file, so the whole flow can be seen without a mail server. */
export function fileMailer(directory: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = (await transport.sendMail(envelope(from, mail))) as { message: Buffer };
      await mkdir(directory, { recursive: true });
      // <reference>.<kind>.<outbox id>.<hmac>@<domain>.eml: a letter's mail sorts together.
      const id = `${mail.reference}.${mail.messageId.replace(/[<>]/g, '')}`.replace(/[^\w.@-]/g, '_');
      await writeFile(path.join(directory, `${id}.eml`), info.message);
      return mail.messageId;
    },
    describe: () => `.eml files in ${directory}`,
    close: () => transport.close(),
  };
}
