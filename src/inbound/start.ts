import path from 'node:path';
import type { Config } from '../config.js';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../logger.js';
import { startImapFetcher, type Fetcher } from './imap-fetcher.js';
import { watchInboxDir } from './inbox-dir.js';

/** Email in: the IMAP mailbox of IMAP_URL, or without it the .eml files dropped into dataDir/inbox/. */
export function startInbound(
  config: Pick<Config, 'imap' | 'imapPollSeconds' | 'dataDir'>,
  deps: { pool: Pool; logger: Logger; onStored: (ids: number[]) => void | Promise<void> },
): Fetcher {
  if (config.imap) {
    deps.logger.info({ host: config.imap.host, folder: config.imap.folder }, 'fetching mail by IMAP');
    return startImapFetcher({ ...deps, imap: config.imap, pollSeconds: config.imapPollSeconds });
  }
  const inboxDir = path.join(config.dataDir, 'inbox');
  deps.logger.info({ inboxDir }, 'no IMAP_URL: .eml files dropped here are taken in as mail');
  return watchInboxDir({ ...deps, directory: inboxDir });
}
