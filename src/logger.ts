import { writeSync } from 'node:fs';
import { pino, type Logger, type LoggerOptions } from 'pino';

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

const options = (level: string): LoggerOptions => ({
  level,
  redact: { paths: REDACT, censor: '[redacted]' },
  base: { service: 'pisarnica' },
});

/** Writes one line to a file descriptor now, or not at all: nothing is left to report a failure to. */
function writeNow(fd: number, line: string): void {
  try {
    writeSync(fd, line);
  } catch {
    // The descriptor is closed (EPIPE): the line is lost, the process goes on.
  }
}

const guarded = new WeakSet<NodeJS.WritableStream>();

/**
 * A log destination that fails (stdout piped to a reader that went away: EPIPE)
 * emits 'error'; unheard, that ends the process. Here it is said once on stderr
 * and later lines are dropped.
 */
function surviveErrors(stream: NodeJS.WritableStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  let reported = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (reported) return;
    reported = true;
    const line = { level: 40, time: Date.now(), service: 'pisarnica', code: error.code, msg: 'log destination failed; its lines are dropped' };
    writeNow(2, `${JSON.stringify(line)}\n`);
  });
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const stream = destination ?? process.stdout;
  surviveErrors(stream);
  return pino(options(level), stream);
}

/**
 * For the process's last words (why it stops, why it exits): each line is
 * written synchronously to stdout, so a `process.exit` right after cannot lose
 * it in a buffer, and a closed stdout cannot throw.
 */
export function createExitLogger(level: string): Logger {
  return pino(options(level), { write: (line: string) => writeNow(1, line) });
}
