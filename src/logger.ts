import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Personal data must never reach a log line. Loggers get ids and references
 * only; these paths are redacted in case an object carrying them slips in.
 */
const REDACT = [
  'name', 'surname', 'address', 'email', 'phone', 'message', 'subject', 'token', 'trackingToken', 'password',
  '*.name', '*.surname', '*.address', '*.email', '*.phone', '*.message', '*.subject', '*.token',
  '*.trackingToken', '*.password',
  'req.headers.cookie', 'req.headers.authorization', 'req.headers["idempotency-key"]', 'res.headers["set-cookie"]',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'pisarnica' } },
    destination ?? process.stdout,
  );
}
