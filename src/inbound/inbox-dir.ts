import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../logger.js';
import type { Fetcher } from './imap-fetcher.js';
import { storeRawMessage } from './raw.store.js';

/** The rows' mailbox name for files dropped into the inbox directory. */
export const INBOX_DIR_MAILBOX = 'dir:inbox';

export type InboxDirOptions = {
  pool: Pool;
  /** e.g. .data/inbox; stored files go to its processed/ folder. */
  directory: string;
  logger: Logger;
  onStored: (ids: number[]) => void | Promise<void>;
  /** How often the directory is read (default every second). */
  everyMs?: number;
};

/** A file written this recently may still be being written: it waits for the next look. */
const SETTLE_MS = 1_000;

/** A free name in processed/ (a second file of the same name keeps both). */
async function freeName(folder: string, name: string): Promise<string> {
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? name : `${path.basename(name, '.eml')}.${n}.eml`;
    try {
      await stat(path.join(folder, candidate));
    } catch {
      return path.join(folder, candidate);
    }
  }
}

/** Stores one settled file (its SHA-256 makes a second copy a duplicate), then moves it to processed/. */
async function takeFile(options: InboxDirOptions, processed: string, name: string): Promise<void> {
  const file = path.join(options.directory, name);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile() || Date.now() - info.mtimeMs < SETTLE_MS) return;
  const raw = await readFile(file);
  const stored = await storeRawMessage(options.pool, { mailbox: INBOX_DIR_MAILBOX, raw });
  if (!stored.duplicate) {
    await Promise.resolve(options.onStored([stored.id])).catch((error: Error) =>
      options.logger.warn({ errType: error.name }, 'inbound: a stored message could not be handed on'),
    );
  }
  await rename(file, await freeName(processed, name));
}

/** Every *.eml in the directory; a file that fails does not hold up the others (the first failure is thrown after). */
async function storeDroppedFiles(options: InboxDirOptions, processed: string, stopped: () => boolean): Promise<void> {
  const names = (await readdir(options.directory)).filter((name) => name.endsWith('.eml')).sort();
  let failure: unknown;
  for (const name of names) {
    if (stopped()) break;
    await takeFile(options, processed, name).catch((error: unknown) => {
      failure ??= error;
    });
  }
  if (failure !== undefined) throw failure;
}

/**
 * Without IMAP_URL: .eml files dropped into the directory are stored as
 * inbound mail (mailbox 'dir:inbox') and moved to its processed/ folder, never
 * deleted. The directory is read every second; a failure is logged once until
 * a look succeeds again.
 */
export function watchInboxDir(options: InboxDirOptions): Fetcher {
  const processed = path.join(options.directory, 'processed');
  let stopped = false;
  let failing = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const look = async () => {
    try {
      await mkdir(processed, { recursive: true });
      await storeDroppedFiles(options, processed, () => stopped);
      failing = false;
    } catch (error) {
      if (!failing) options.logger.warn({ errType: (error as Error).name, errCode: (error as { code?: unknown }).code }, 'inbound: the inbox directory could not be read; trying again');
      failing = true;
    }
  };
  const tick = () => {
    current = look().finally(() => {
      if (!stopped) timer = setTimeout(tick, options.everyMs ?? 1_000);
    });
  };
  tick();
  return {
    async stop(deadline) {
      stopped = true;
      clearTimeout(timer);
      await Promise.race([current, new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())).unref())]);
    },
  };
}
