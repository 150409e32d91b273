import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type ImapSettings } from '../../src/config.js';
import { imapMailboxName, startImapFetcher, type Fetcher } from '../../src/inbound/imap-fetcher.js';
import { INBOX_DIR_MAILBOX, watchInboxDir } from '../../src/inbound/inbox-dir.js';
import { readCursor, sha256 } from '../../src/inbound/raw.store.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createDovecot, type Dovecot } from '../helpers/dovecot.js';
import { capturingLogger } from '../helpers/logger.js';
import { waitFor } from '../helpers/wait.js';

let db: TestDatabase;
let dovecot: Dovecot;
const running: Fetcher[] = [];
const { logger, lines } = capturingLogger('debug');

beforeAll(async () => {
  [db, dovecot] = await Promise.all([createTestDatabase(), createDovecot()]);
}, 120_000);

afterEach(async () => {
  await Promise.all(running.splice(0).map((f) => f.stop(Date.now() + 10_000)));
});

afterAll(async () => {
  await dovecot?.destroy();
  await db?.drop();
});

/** A message of its own: a unique Message-ID, CRLF lines and a non-UTF-8 byte (raw bytes are kept). */
function message(label: string, body = 'Spoštovani,\r\nprosim za odgovor.\r\n'): { id: string; raw: Buffer } {
  const id = `<${label}.${randomBytes(6).toString('hex')}@citizen.example>`;
  const head = `From: Ana <ana@citizen.example>\r\nTo: pisma@president.example\r\nSubject: ${label}\r\nMessage-ID: ${id}\r\nContent-Type: text/plain; charset=windows-1250\r\n\r\n`;
  return { id, raw: Buffer.concat([Buffer.from(head), Buffer.from([0x9a, 0x0d, 0x0a]), Buffer.from(body)]) };
}

/** The mailbox of one test: its own folder, so cursors and rows never mix. */
async function folder(name: string): Promise<ImapSettings> {
  const client = await dovecot.client();
  await client.mailboxCreate(name);
  await client.logout();
  return loadConfig({ IMAP_URL: dovecot.url.replace(/\/INBOX$/, `/${name}`) }).imap!;
}

function fetcher(imap: ImapSettings, extra: { maxMessageBytes?: number; stored?: number[] } = {}): Fetcher {
  const f = startImapFetcher({
    pool: db.pool,
    imap,
    logger,
    pollSeconds: 1,
    backoff: { minMs: 200, maxMs: 2_000 },
    maxMessageBytes: extra.maxMessageBytes,
    onStored: (ids) => void extra.stored?.push(...ids),
  });
  running.push(f);
  return f;
}

async function rows(mailbox: string) {
  const { rows } = await db.pool.query<{ id: string; raw: Buffer; raw_sha256: Buffer; size: number; truncated: boolean; uid: string }>(
    'SELECT id, raw, raw_sha256, size, truncated, uid FROM inbound_messages WHERE mailbox = $1 ORDER BY id',
    [mailbox],
  );
  return rows;
}

async function countIn(name: string): Promise<number> {
  const client = await dovecot.client();
  try {
    const status = await client.status(name, { messages: true });
    return status ? (status.messages ?? 0) : 0;
  } finally {
    await client.logout();
  }
}

/** Flags of the message with this Message-ID in Processed, or undefined when it is not there. */
async function processedFlags(messageId: string): Promise<Set<string>[]> {
  const client = await dovecot.client();
  try {
    await client.mailboxOpen('Processed');
    const uids = (await client.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
    if (!uids.length) return [];
    return (await client.fetchAll(uids.join(','), { uid: true, flags: true }, { uid: true })).map((m) => m.flags ?? new Set());
  } finally {
    await client.logout();
  }
}

const storedShas = async (mailbox: string) => (await rows(mailbox)).map((r) => r.raw_sha256.toString('hex')).sort();

describe('fetching the published mailbox (a real dovecot)', () => {
  it('when a message is appended, then its raw bytes are stored byte for byte with their sha256, and it is flagged, moved to Processed and still unread', async () => {
    const imap = await folder('Appended');
    const stored: number[] = [];
    fetcher(imap, { stored });
    const m = message('appended');
    await dovecot.append(m.raw, 'Appended');
    await waitFor(async () => (await processedFlags(m.id)).length === 1, undefined, 'moved to Processed');
    const [row] = await rows(imapMailboxName(imap));
    expect(Buffer.compare(row!.raw, m.raw)).toBe(0);
    expect(row!.raw_sha256.equals(sha256(m.raw))).toBe(true);
    expect(row!.size).toBe(m.raw.length);
    expect(row!.truncated).toBe(false);
    expect(stored).toEqual([Number(row!.id)]);
    const [flags] = await processedFlags(m.id);
    expect(flags!.has('$Pisarnica')).toBe(true);
    expect(flags!.has('\\Seen')).toBe(false);
    expect(await countIn('Appended')).toBe(0);
    expect(await readCursor(db.pool, imapMailboxName(imap))).toMatchObject({ lastUid: BigInt(row!.uid) });
    expect(lines.join('\n')).not.toContain('test-secret');
  });

  it('when the same message is appended twice, then it is one row and both copies are moved', async () => {
    const imap = await folder('Twice');
    const m = message('twice');
    await dovecot.append(m.raw, 'Twice');
    await dovecot.append(m.raw, 'Twice');
    fetcher(imap);
    await waitFor(async () => (await processedFlags(m.id)).length === 2, undefined, 'both copies moved');
    expect(await rows(imapMailboxName(imap))).toHaveLength(1);
    expect(await countIn('Twice')).toBe(0);
  });

  it('when two fetchers watch one mailbox, then each message is stored once', async () => {
    const imap = await folder('Shared');
    fetcher(imap);
    fetcher(imap);
    const sent = Array.from({ length: 8 }, (_, i) => message(`shared-${i}`));
    for (const m of sent) await dovecot.append(m.raw, 'Shared');
    await waitFor(async () => (await rows(imapMailboxName(imap))).length >= sent.length && (await countIn('Shared')) === 0);
    expect(await storedShas(imapMailboxName(imap))).toEqual(sent.map((m) => sha256(m.raw).toString('hex')).sort());
  });

  it('when a message is over the size limit, then its headers alone are stored as truncated and the next message is still fetched', async () => {
    const imap = await folder('Large');
    const big = message('large', `${'x'.repeat(78)}\r\n`.repeat(200));
    const next = message('after-large');
    await dovecot.append(big.raw, 'Large');
    await dovecot.append(next.raw, 'Large');
    fetcher(imap, { maxMessageBytes: 4_096 });
    await waitFor(async () => (await rows(imapMailboxName(imap))).length === 2 && (await countIn('Large')) === 0);
    const [first, second] = await rows(imapMailboxName(imap));
    expect(first!.truncated).toBe(true);
    const headerEnd = big.raw.indexOf('\r\n\r\n') + 4;
    expect(Buffer.compare(first!.raw, big.raw.subarray(0, headerEnd))).toBe(0);
    expect(second!.truncated).toBe(false);
    expect(Buffer.compare(second!.raw, next.raw)).toBe(0);
  });
});

describe('when dovecot goes away (a real dovecot, stopped and started)', () => {
  it('then the fetcher reconnects by itself and nothing is lost or stored twice', async () => {
    const imap = await folder('Restart');
    fetcher(imap);
    const before = message('before-restart');
    await dovecot.append(before.raw, 'Restart');
    await waitFor(async () => (await rows(imapMailboxName(imap))).length === 1);
    await dovecot.stop();
    await waitFor(() => lines.some((l) => l.includes('mailbox fetch failed')), undefined, 'the failure logged');
    await dovecot.start();
    const after = message('after-restart');
    await dovecot.append(after.raw, 'Restart');
    await waitFor(async () => (await rows(imapMailboxName(imap))).length === 2 && (await countIn('Restart')) === 0);
    expect(await storedShas(imapMailboxName(imap))).toEqual([before, after].map((m) => sha256(m.raw).toString('hex')).sort());
    const failure = lines.find((l) => l.includes('mailbox fetch failed'))!;
    expect(failure).not.toContain('test-secret');
    expect(failure).not.toContain('president.example');
  });

  it('then a UIDVALIDITY change is absorbed: new UIDs below the old cursor are fetched, a repeat is no second row', async () => {
    const imap = await folder('Validity');
    const mailbox = imapMailboxName(imap);
    const first = fetcher(imap);
    const old = [message('v1'), message('v2'), message('v3')];
    for (const m of old) await dovecot.append(m.raw, 'Validity');
    await waitFor(async () => (await rows(mailbox)).length === 3 && (await countIn('Validity')) === 0);
    await first.stop(Date.now() + 10_000);
    const before = await readCursor(db.pool, mailbox);
    const fresh = message('v-new');
    await dovecot.append(fresh.raw, 'Validity');
    await dovecot.append(old[0]!.raw, 'Validity');
    // Without its UID list and index dovecot gives the folder a new UIDVALIDITY and numbers it from 1 again.
    await dovecot.stop();
    const dir = path.join(dovecot.maildir, '.Validity');
    for (const name of await readdir(dir)) if (name.startsWith('dovecot-uidlist') || name.startsWith('dovecot.index')) await unlink(path.join(dir, name));
    await dovecot.start();
    fetcher(imap);
    await waitFor(async () => (await rows(mailbox)).length === 4 && (await countIn('Validity')) === 0);
    const after = await readCursor(db.pool, mailbox);
    expect(after!.uidValidity).not.toBe(before!.uidValidity);
    expect(after!.lastUid).toBeLessThan(before!.lastUid);
    expect(await storedShas(mailbox)).toEqual([...old, fresh].map((m) => sha256(m.raw).toString('hex')).sort());
  });
});

describe('the inbox directory (no IMAP_URL)', () => {
  it('when an .eml is dropped in, then it is one row and the file is moved to processed/; a second copy is no second row', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pisarnica-inbox-'));
    try {
      const stored: number[] = [];
      running.push(watchInboxDir({ pool: db.pool, directory: dir, logger, everyMs: 100, onStored: (ids) => void stored.push(...ids) }));
      const m = message('dropped');
      await writeFile(path.join(dir, 'letter.eml'), m.raw);
      await waitFor(async () => (await readdir(path.join(dir, 'processed')).catch((): string[] => [])).includes('letter.eml'));
      await writeFile(path.join(dir, 'copy.eml'), m.raw);
      await waitFor(async () => (await readdir(path.join(dir, 'processed'))).length === 2);
      const found = (await rows(INBOX_DIR_MAILBOX)).filter((r) => r.raw.equals(m.raw));
      expect(found).toHaveLength(1);
      expect(stored).toEqual([Number(found[0]!.id)]);
      expect((await readdir(dir)).filter((n) => n.endsWith('.eml'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
