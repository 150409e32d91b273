import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = {
  to: string[];
  messageId: string;
  subject: string;
  reference: string | undefined;
  text: string;
  html: string;
  acceptedAt: number;
  /** The SMTP envelope sender (MAIL FROM), lower-cased. */
  envelopeFrom: string;
  /** Every header as sent, by lower-cased name (the last one wins), unfolded. */
  headers: Record<string, string>;
};

/** The header lines as written, unfolded: mailparser's structured values would hide what was on the wire. */
function rawHeaders(lines: readonly { key: string; line: string }[]): Record<string, string> {
  return Object.fromEntries(
    lines.map(({ key, line }) => [key.toLowerCase(), line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim()]),
  );
}

type SmtpError = Error & { responseCode: number };
const smtpError = (code: number, text: string): SmtpError => Object.assign(new Error(text), { responseCode: code });

export type TestSmtp = {
  url: string;
  received: ReceivedMail[];
  /** Answer every message with 451 (try again later) while set. */
  tempFail: boolean;
  /** Recipients refused with 550 (no such user). */
  rejectRecipients: Set<string>;
  /** Milliseconds to wait before accepting each message. */
  delayMs: number;
  /** Answer 421 and close the connection for this fraction of messages (0..1). */
  dropFraction: number;
  /** Answer 451 (try again later) for this fraction of messages (0..1), drawn per message. */
  tempFailFraction: number;
  attempts: number;
  close(): Promise<void>;
};

export type SmtpServerOptions = {
  /** False: record envelope and headers only (text and html are kept empty), for long runs with many messages. Default true. */
  keepBodies?: boolean;
  /** Initial `tempFailFraction`. */
  tempFailFraction?: number;
  /** Initial `dropFraction`. */
  dropFraction?: number;
};

/** A real SMTP server in this process (the smtp-server package), recording what it accepts. */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtp> {
  const keepBodies = options.keepBodies ?? true;
  const state = {
    received: [] as ReceivedMail[],
    tempFail: false,
    rejectRecipients: new Set<string>(),
    delayMs: 0,
    dropFraction: options.dropFraction ?? 0,
    tempFailFraction: options.tempFailFraction ?? 0,
    attempts: 0,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (state.rejectRecipients.has(address.address.toLowerCase())) {
        callback(smtpError(550, '5.1.1 No such user here'));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      stream.on('error', () => undefined);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        state.attempts++;
        if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
        if (state.tempFail) {
          callback(smtpError(451, '4.3.0 Try again later'));
          return;
        }
        if (state.tempFailFraction > 0 && Math.random() < state.tempFailFraction) {
          callback(smtpError(451, '4.3.0 Try again later'));
          return;
        }
        if (state.dropFraction > 0 && Math.random() < state.dropFraction) {
          // 421: the server closes the connection after this reply.
          callback(smtpError(421, '4.4.2 Closing connection'));
          return;
        }
        const parsed = await simpleParser(Buffer.concat(chunks));
        state.received.push({
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          messageId: parsed.messageId ?? '',
          subject: parsed.subject ?? '',
          reference: parsed.headers.get('x-correspondence-reference') as string | undefined,
          text: keepBodies ? parsed.text ?? '' : '',
          html: keepBodies && typeof parsed.html === 'string' ? parsed.html : '',
          acceptedAt: Date.now(),
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : '',
          headers: rawHeaders(parsed.headerLines),
        });
        callback();
      });
    },
  });
  // A client that dies mid-conversation (a killed worker) resets its socket; that is expected here.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(state, {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
