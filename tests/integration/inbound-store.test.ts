import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCursor, storeRawMessage } from '../../src/inbound/raw.store.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

const count = async () => Number((await db.pool.query('SELECT count(*) FROM inbound_messages')).rows[0].count);

describe('storing a raw message', () => {
  it('when the same bytes or the same UID come again, then nothing is inserted and the cursor still advances', async () => {
    const mailbox = 'imap:test@host/INBOX';
    const a = Buffer.from('Subject: a\r\n\r\nA\r\n');
    const first = await storeRawMessage(db.pool, { mailbox, uidValidity: 7n, uid: 1, raw: a });
    expect(first.duplicate).toBe(false);
    const sameBytes = await storeRawMessage(db.pool, { mailbox, uidValidity: 7n, uid: 3, raw: a });
    expect(sameBytes).toEqual({ id: first.id, duplicate: true });
    expect(await readCursor(db.pool, mailbox)).toEqual({ uidValidity: 7n, lastUid: 3n });
    const sameUid = await storeRawMessage(db.pool, { mailbox, uidValidity: 7n, uid: 1, raw: Buffer.from('Subject: b\r\n\r\nB\r\n') });
    expect(sameUid).toEqual({ id: first.id, duplicate: true });
    expect(await readCursor(db.pool, mailbox)).toEqual({ uidValidity: 7n, lastUid: 3n });
    expect(await count()).toBe(1);
  });

  it('when the UIDVALIDITY differs, then the cursor starts over from the new UID', async () => {
    const mailbox = 'imap:test@host/Other';
    await storeRawMessage(db.pool, { mailbox, uidValidity: 1n, uid: 40, raw: Buffer.from('Subject: c\r\n\r\nC\r\n') });
    await storeRawMessage(db.pool, { mailbox, uidValidity: 2n, uid: 2, raw: Buffer.from('Subject: d\r\n\r\nD\r\n') });
    expect(await readCursor(db.pool, mailbox)).toEqual({ uidValidity: 2n, lastUid: 2n });
  });

  it('when a file message (no UID) is stored, then no cursor is written and its size and sha256 are kept', async () => {
    const raw = Buffer.from('Subject: e\r\n\r\nE\r\n');
    const stored = await storeRawMessage(db.pool, { mailbox: 'dir:inbox', raw, truncated: true });
    const { rows } = await db.pool.query('SELECT size, truncated, encode(raw_sha256, $2) AS sha FROM inbound_messages WHERE id = $1', [stored.id, 'hex']);
    expect(rows[0]).toMatchObject({ size: raw.length, truncated: true });
    expect(rows[0].sha).toMatch(/^[0-9a-f]{64}$/);
    expect(await readCursor(db.pool, 'dir:inbox')).toBeUndefined();
  });
});
