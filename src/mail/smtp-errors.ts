export type FailureKind = 'transient' | 'permanent';

const TRANSIENT_CODES = new Set([
  'ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND',
  'EAI_AGAIN', 'ETLS', 'EPROTOCOL', 'EAUTH',
]);

/**
 * SMTP's own split: 4xx replies and network trouble may pass, so retry; a 5xx
 * reply (recipient unknown, message refused) will not, so stop. An error with no
 * reply code and no known network code is treated as transient: retrying a
 * message costs less than losing it.
 */
export function classifySmtpError(error: unknown): FailureKind {
  const e = (error ?? {}) as { responseCode?: unknown; code?: unknown };
  if (typeof e.responseCode === 'number') return e.responseCode >= 500 && e.responseCode < 600 ? 'permanent' : 'transient';
  if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') return 'permanent';
  if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) return 'transient';
  return 'transient';
}

/** What is kept of an error: the code and reply, never the message text nodemailer may have quoted. */
export function describeSmtpError(error: unknown): string {
  const e = (error ?? {}) as { responseCode?: unknown; code?: unknown; response?: unknown };
  const reply = typeof e.response === 'string' ? e.response.replace(/[\r\n]+/g, ' ').slice(0, 300) : '';
  return [typeof e.code === 'string' ? e.code : 'ERROR', typeof e.responseCode === 'number' ? e.responseCode : '', reply]
    .filter((p) => p !== '')
    .join(' ');
}
