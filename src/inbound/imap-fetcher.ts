import { ImapFlow } from 'imapflow';
import type { ImapSettings } from '../config.js';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../logger.js';
import { tryLockMailbox } from './mailbox-lock.js';
import { MAX_MESSAGE_BYTES, pollOnce, type PollContext } from './imap-poll.js';

export type ImapFetcherOptions = {
  pool: Pool;
  imap: ImapSettings;
  logger: Logger;
  /** Called with the ids of newly stored rows, after their transaction committed. */
  onStored: (ids: number[]) => void | Promise<void>;
  /** A poll this often besides IDLE, which can die silently; also how often a process without the lock tries again. */
  pollSeconds: number;
  maxMessageBytes?: number;
  /** Reconnect delays: doubling from minMs up to maxMs. */
  backoff?: { minMs: number; maxMs: number };
  processedFolder?: string;
};

export type Fetcher = {
  /** Ends the fetcher by the deadline (epoch ms); a message being stored finishes first. */
  stop(deadline: number): Promise<void>;
};

/** The row's mailbox name: 'imap:<user>@<host>/<folder>'. */
export const imapMailboxName = (imap: ImapSettings) => `imap:${imap.user}@${imap.host}/${imap.folder}`;

type State = {
  options: ImapFetcherOptions;
  mailbox: string;
  stopped: boolean;
  signal: AbortSignal;
  client: ImapFlow | undefined;
};

/** Resolves after ms, or at once when the fetcher stops. */
function pause(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/** What an error says without personal data or the password: its class and code. */
function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { errType: typeof error };
  const code = (error as { code?: unknown }).code;
  return { errType: error.name, ...(typeof code === 'string' ? { errCode: code } : {}) };
}

function newClient(imap: ImapSettings): ImapFlow {
  return new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: imap.secure,
    auth: { user: imap.user, pass: imap.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 120_000,
  });
}

/**
 * Waits in IDLE until the server reports new mail, the poll interval passes,
 * the connection ends or the fetcher stops; the next command ends the IDLE.
 * Rejects when the connection failed.
 */
function idleUntilSomething(state: State, client: ImapFlow, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      client.off('exists', onExists);
      client.off('close', onClose);
      client.off('error', onError);
      state.signal.removeEventListener('abort', onExists);
    };
    const onExists = () => (cleanup(), resolve());
    const onClose = () => (cleanup(), reject(Object.assign(new Error('IMAP connection closed'), { code: 'NoConnection' })));
    const onError = (error: Error) => (cleanup(), reject(error));
    const timer = setTimeout(onExists, ms);
    client.on('exists', onExists);
    client.on('close', onClose);
    client.on('error', onError);
    state.signal.addEventListener('abort', onExists);
    client.idle().catch(() => undefined);
  });
}

/** Creates the folder if missing (a server without ALREADYEXISTS answers NO: then it must be there). */
async function ensureFolder(client: ImapFlow, folder: string): Promise<void> {
  try {
    await client.mailboxCreate(folder);
  } catch (error) {
    if (!(await client.status(folder, { messages: true }).then(() => true, () => false))) throw error;
  }
}

/** Connected and holding the lock: poll, IDLE, poll … until a failure or the stop. */
async function fetchConnected(state: State, client: ImapFlow, connected: () => void): Promise<void> {
  const { options } = state;
  const processedFolder = options.processedFolder ?? 'Processed';
  await client.connect();
  await ensureFolder(client, processedFolder);
  const box = await client.mailboxOpen(options.imap.folder);
  const ctx: PollContext = {
    pool: options.pool,
    client,
    mailbox: state.mailbox,
    uidValidity: BigInt(box.uidValidity),
    processedFolder,
    maxMessageBytes: options.maxMessageBytes ?? MAX_MESSAGE_BYTES,
    onStored: options.onStored,
    onStoredFailed: (error) => options.logger.warn(describe(error), 'inbound: a stored message could not be handed on'),
  };
  connected();
  while (!state.stopped) {
    const { uidValidityChanged } = await pollOnce(ctx);
    if (uidValidityChanged) options.logger.warn('inbound: the mailbox UIDVALIDITY changed; its messages are read again');
    if (state.stopped) break;
    await idleUntilSomething(state, client, options.pollSeconds * 1000);
  }
}

/** One session: the lock, a connection, fetching until it fails. 'busy' when another process holds the lock. */
async function session(state: State, connected: () => void): Promise<'busy' | 'ended'> {
  const lock = await tryLockMailbox(state.options.pool, state.mailbox);
  if (!lock) return 'busy';
  const client = newClient(state.options.imap);
  // An unheard 'error' event would end the process; failures reach us through the commands.
  client.on('error', () => undefined);
  state.client = client;
  try {
    const work = fetchConnected(state, client, connected);
    // When the lock's connection fails first, the fetch is ended by the close below: its failure is heard here.
    work.catch(() => undefined);
    await Promise.race([work, lock.lost]);
    return 'ended';
  } finally {
    state.client = undefined;
    client.close();
    await lock.release();
  }
}

async function loop(state: State): Promise<void> {
  const { minMs, maxMs } = state.options.backoff ?? { minMs: 1_000, maxMs: 60_000 };
  let delay = minMs;
  while (!state.stopped) {
    let wasConnected = false;
    let outcome: 'busy' | 'ended' | 'failed';
    try {
      outcome = await session(state, () => {
        wasConnected = true;
      });
    } catch (error) {
      outcome = 'failed';
      if (!state.stopped) state.options.logger.warn({ ...describe(error), retryInMs: wasConnected ? minMs : delay }, 'inbound: mailbox fetch failed; reconnecting');
    }
    if (state.stopped) break;
    if (wasConnected) delay = minMs;
    if (outcome === 'busy') {
      await pause(state.signal, state.options.pollSeconds * 1000);
      continue;
    }
    await pause(state.signal, delay);
    delay = Math.min(delay * 2, maxMs);
  }
}

/**
 * Fetches the mailbox into inbound_messages until stopped: one process of many
 * at a time (an advisory lock), reconnecting with a doubling delay after any
 * failure; never throws, never marks read, never deletes.
 */
export function startImapFetcher(options: ImapFetcherOptions): Fetcher {
  const controller = new AbortController();
  const state: State = { options, mailbox: imapMailboxName(options.imap), stopped: false, signal: controller.signal, client: undefined };
  const running = loop(state);
  return {
    async stop(deadline) {
      state.stopped = true;
      controller.abort();
      const never = new AbortController().signal;
      const ended = await Promise.race([running.then(() => true), pause(never, Math.max(0, deadline - Date.now())).then(() => false)]);
      if (ended) return;
      // Past the deadline: the connection goes, and with it whatever command was waiting.
      state.client?.close();
      await Promise.race([running, pause(never, 1_000)]);
    },
  };
}
