import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { waitFor, WAIT_MS } from './wait.js';

const DOVECOT = '/usr/sbin/dovecot';
export const IMAP_USER = 'pisma@president.example';
export const IMAP_PASSWORD = 'test-secret';

/** Debian's dovecot; installed when missing (CI and these machines run as root). */
export function ensureDovecot(): void {
  if (existsSync(DOVECOT)) return;
  const apt = (args: string[]) => execFileSync('apt-get', args, { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  try {
    apt(['install', '-y', '--no-install-recommends', 'dovecot-imapd']);
  } catch {
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', 'dovecot-imapd']);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

function config(dir: string, port: number, uid: number, gid: number): string {
  const major = execFileSync(DOVECOT, ['--version']).toString().trim();
  const cleartext = /^2\.[0-3]\./.test(major) ? 'disable_plaintext_auth = no' : 'auth_allow_cleartext = yes';
  return `protocols = imap
listen = 127.0.0.1
ssl = no
${cleartext}
auth_mechanisms = plain login
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
mail_location = maildir:${dir}/mail/%u
first_valid_uid = ${uid}
first_valid_gid = ${gid}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
}

function childPids(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)]).toString().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export type Dovecot = {
  port: number;
  /** IMAP_URL for the test user, folder INBOX. */
  url: string;
  /** The user's maildir (INBOX at its root). */
  maildir: string;
  start(): Promise<void>;
  /** Stops the server and waits until its port is closed. */
  stop(): Promise<void>;
  /** A logged-in client of the test's own. */
  client(): Promise<ImapFlow>;
  append(raw: Buffer | string, folder?: string): Promise<void>;
  /** Stops it (if running) and removes its directory. */
  destroy(): Promise<void>;
};

/** A dovecot of the test's own, in a temporary directory, on a free port. */
export async function createDovecot(): Promise<Dovecot> {
  ensureDovecot();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pisarnica-dovecot-'));
  await chmod(dir, 0o755);
  const root = process.getuid?.() === 0;
  const uid = root ? 65534 : (process.getuid?.() ?? 65534);
  const gid = root ? 65534 : (process.getgid?.() ?? 65534);
  await mkdir(path.join(dir, 'mail'), { recursive: true });
  if (root) await chown(path.join(dir, 'mail'), uid, gid);
  const port = await freePort();
  await writeFile(path.join(dir, 'passwd'), `${IMAP_USER}:{PLAIN}${IMAP_PASSWORD}\n`);
  await writeFile(path.join(dir, 'dovecot.conf'), config(dir, port, uid, gid));
  let child: ChildProcess | undefined;
  const dovecot: Dovecot = {
    port,
    url: `imap://${encodeURIComponent(IMAP_USER)}:${IMAP_PASSWORD}@127.0.0.1:${port}/INBOX`,
    maildir: path.join(dir, 'mail', IMAP_USER),
    async start() {
      const started = spawn(DOVECOT, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore' });
      child = started;
      let exited = false;
      started.once('exit', () => (exited = true));
      await waitFor(async () => {
        if (exited) throw new Error(`dovecot exited: ${await readFile(path.join(dir, 'dovecot.log'), 'utf8').catch(() => '')}`);
        return accepts(port);
      }, WAIT_MS, 'dovecot listening');
    },
    async stop() {
      const running = child;
      child = undefined;
      if (running?.pid !== undefined && running.exitCode === null && running.signalCode === null) {
        // Its children (imap, log, stats) outlive the master by a while: they are stopped too, as a real shutdown would.
        const children = childPids(running.pid);
        const exited = new Promise((resolve) => running.once('exit', resolve));
        running.kill('SIGTERM');
        await exited;
        for (const pid of children) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
      }
      await waitFor(async () => !(await accepts(port)), WAIT_MS, 'dovecot port closed');
    },
    async client() {
      const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: IMAP_USER, pass: IMAP_PASSWORD }, logger: false });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    },
    async append(raw, folder = 'INBOX') {
      const client = await dovecot.client();
      try {
        await client.append(folder, raw);
      } finally {
        await client.logout().catch(() => client.close());
      }
    },
    async destroy() {
      await dovecot.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await dovecot.start();
  return dovecot;
}
