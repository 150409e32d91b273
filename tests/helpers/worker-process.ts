import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { PROJECT_ROOT } from '../../src/project-root.js';
import { APP_DEFAULTS } from './app-defaults.js';
import { WAIT_MS } from './wait.js';

export type WorkerProcess = {
  child: ChildProcess;
  output: string[];
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
};

/** `npm run start:worker` as a separate process (run from source with tsx), ready once it logs "workers started". */
export function spawnWorker(env: Record<string, string>): Promise<WorkerProcess> {
  return spawnFromSource('workers/index.ts', 'workers started', env);
}

/**
 * One of our entry points as a separate process, run from source with tsx, ready once it logs
 * `readyText`. The default deadline is long: on a loaded machine tsx alone took over a minute.
 */
export async function spawnFromSource(script: string, readyText: string, env: Record<string, string>, timeoutMs = 2 * WAIT_MS): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: PROJECT_ROOT,
    // METRICS_PORT 0: several worker processes on this machine each get a free port for /metrics.
    // The test apps' signing key: mail written by an in-process app and sent by this process verifies alike.
    env: {
      PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', METRICS_PORT: '0',
      MAIL_SIGNING_KEY: APP_DEFAULTS.mailSigningKey, MAIL_REPLY_ADDRESS: APP_DEFAULTS.mailReplyAddress, ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${output.join('')}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes(readyText)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    void exited.then((code) => reject(new Error(`${script} exited (${code}) before starting:\n${output.join('')}`)));
  });
  return { child, output, exited };
}

/** A TCP port free on 127.0.0.1 right now, for a process that needs its PORT given. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}
