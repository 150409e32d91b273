import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/pool.js';
import { claimMessage, markFailed, markForRetry, markSent } from '../../src/mail/outbox.store.js';
import { anonymiseLetters } from '../../src/privacy/anonymise.js';
import { applyRetention } from '../../src/privacy/retention.js';
import { processRaw, rawMail } from '../helpers/inbound.js';
import { exampleLetter } from '../helpers/letters.js';
import { startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { loggedIn, makeUser } from '../helpers/staff.js';
import { waitFor } from '../helpers/wait.js';

// Erasure and retention must leave nothing derived from the citizen's address:
// not the SMTP replies that quote it, not the Message-IDs built from its hash.

let p: Pipeline;
const prefix = uniquePrefix('erasure-traces');
const ADMIN = 'admin.traces@president.example';

beforeAll(async () => {
  p = await startPipeline({ redisUrl: REDIS_URL, prefix });
  await makeUser(p.db.pool, ADMIN, 'admin');
});

afterAll(async () => {
  await p.close();
  await deleteKeys(REDIS_URL, prefix);
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Everything that could betray the address: itself, its local part, and its hash as our Message-IDs use it. */
function tracesOf(email: string): string[] {
  const hash = sha256(email.toLowerCase());
  return [email.toLowerCase(), email.split('@')[0] as string, hash, hash.slice(0, 10)];
}

/** Every row of every table that references the letter (by a submission_id column), and the letter itself, as text. */
async function rowsOfLetter(reference: string): Promise<string> {
  const { rows: tables } = await p.db.pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'submission_id' ORDER BY table_name`,
  );
  expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['outbox', 'replies', 'submission_events', 'print_queue']));
  const { rows: letter } = await p.db.pool.query('SELECT id, row_to_json(s)::text AS row FROM submissions s WHERE reference = $1', [reference]);
  const dump = [letter[0].row as string];
  for (const { table_name: table } of tables) {
    const { rows } = await p.db.pool.query(`SELECT row_to_json(t)::text AS row FROM "${table}" t WHERE submission_id = $1`, [letter[0].id]);
    dump.push(...rows.map((r) => `${table}: ${r.row as string}`));
  }
  const { rows: audits } = await p.db.pool.query(
    `SELECT row_to_json(a)::text AS row FROM audit_log a WHERE target_id = $1 OR details::text LIKE '%' || $1 || '%'`,
    [reference],
  );
  dump.push(...audits.map((r) => `audit_log: ${r.row as string}`));
  return dump.join('\n').toLowerCase();
}

async function outboxOf(reference: string) {
  const { rows } = await p.db.pool.query(
    `SELECT o.kind, o.status, o.message_id, o.last_error, o.smtp_message_id FROM outbox o
       JOIN submissions s ON s.id = o.submission_id WHERE s.reference = $1 ORDER BY o.id`,
    [reference],
  );
  return rows as Array<{ kind: string; status: string; message_id: string; last_error: string | null; smtp_message_id: string | null }>;
}

/**
 * A letter whose acknowledgement and staff reply have gone out, whose
 * acknowledgement then carries a real server's 550 quoting the address and
 * whose reply the server's 250 quoting it, as Postfix and others write them.
 */
async function letterWithMailTraces(email: string): Promise<string> {
  const agent = await loggedIn(p.app, ADMIN);
  const res = await request(p.app).post('/api/v1/submissions').send(exampleLetter({ email, phone: '' }));
  expect(res.status).toBe(201);
  const reference = res.body.reference as string;
  await waitFor(async () => (await outboxOf(reference)).filter((m) => m.status === 'sent').length === 2, 30_000, 'letter mail sent');
  expect((await agent.post(`/api/v1/staff/submissions/${reference}/reply`).send({ body: 'Poštovani, odgovaramo na vaše pismo.' })).status).toBe(201);
  await waitFor(async () => (await outboxOf(reference)).some((m) => m.kind === 'reply' && m.status === 'sent'), 30_000, 'reply sent');
  await p.db.pool.query(
    `UPDATE outbox o SET last_error = $2, status = 'failed'
       FROM submissions s WHERE s.id = o.submission_id AND s.reference = $1 AND o.kind = 'acknowledgement'`,
    [reference, `EENVELOPE 550 550 5.1.1 <${email}>: Recipient address rejected: User unknown in virtual mailbox table`],
  );
  await p.db.pool.query(
    `UPDATE outbox o SET smtp_message_id = $2
       FROM submissions s WHERE s.id = o.submission_id AND s.reference = $1 AND o.kind = 'reply'`,
    [reference, `250 2.0.0 Ok: queued as 4XYZ1 <${email}>`],
  );
  // Message-IDs are signed outbox ids now (no trace of the address); the acknowledgement gets the
  // form written before them (<reference.kind.address-hash@…>), as rows from that time still have.
  const [address, , , shortHash] = tracesOf(email);
  await p.db.pool.query(
    `UPDATE outbox o SET message_id = '<' || s.reference || '.acknowledgement.' || $2 || '@president.example>'
       FROM submissions s WHERE s.id = o.submission_id AND s.reference = $1 AND o.kind = 'acknowledgement'`,
    [reference, shortHash],
  );
  // The set-up holds what the test looks for: the address and the short hash in our Message-IDs.
  const before = await rowsOfLetter(reference);
  expect(before).toContain(`<${address}>`);
  expect(before).toContain(`.acknowledgement.${shortHash}@`);
  expect(before).toMatch(/"message_id":"<reply\.\d+\.[0-9a-f]{16}@president\.example>"/);
  return reference;
}

async function expectNoTraces(reference: string, email: string) {
  const after = await rowsOfLetter(reference);
  for (const trace of tracesOf(email)) expect(after, `trace ${trace} after anonymising`).not.toContain(trace);
  const messages = await outboxOf(reference);
  // The office's own notification keeps its Message-ID (derived from the office's inbox, not the citizen's address).
  expect(messages.map((m) => m.kind).sort()).toEqual(['acknowledgement', 'office_notification', 'reply']);
  for (const m of messages) {
    expect(m.last_error).toBeNull();
    expect(m.smtp_message_id).toBeNull();
  }
}

describe('erasure leaves no trace of the address in the mail records', () => {
  it('when an admin erases a person whose mail drew replies quoting the address, then no row of the letter holds the address or its hash', async () => {
    const email = 'petar.brisanje@example.rs';
    const reference = await letterWithMailTraces(email);
    const agent = await loggedIn(p.app, ADMIN);
    const erased = await agent.post('/api/v1/admin/privacy/erase').send({ email });
    expect(erased.body).toEqual({ erased: 1 });
    await expectNoTraces(reference, email);
  });

  it('when retention anonymises a closed letter whose mail drew replies quoting the address, then no row of the letter holds the address or its hash', async () => {
    const email = 'petar.zaborav@example.rs';
    const reference = await letterWithMailTraces(email);
    const agent = await loggedIn(p.app, ADMIN);
    for (const status of ['in_progress', 'answered', 'closed']) {
      expect((await agent.post(`/api/v1/staff/submissions/${reference}/status`).send({ status })).status).toBe(200);
    }
    await p.db.pool.query(`UPDATE submissions SET closed_at = now() - interval '2000 days' WHERE reference = $1`, [reference]);
    expect(await applyRetention(p.db.pool, new Date(), 1825)).toBe(1);
    await expectNoTraces(reference, email);
  });
});

describe('a message being sent while its letter is anonymised', () => {
  it('when the server answers after the erasure, then its reply is not stored and the message is not retried', async () => {
    const email = 'petar.usred@example.rs';
    const res = await request(p.app).post('/api/v1/submissions').send(exampleLetter({ email, phone: '' }));
    const reference = res.body.reference as string;
    await waitFor(async () => (await outboxOf(reference)).filter((m) => m.status === 'sent').length === 2, 30_000, 'letter mail sent');
    const { rows } = await p.db.pool.query(
      `INSERT INTO outbox (submission_id, kind, recipient, message_id, subject, body_text, body_html)
       SELECT id, 'reply', $2, $3, 'Odgovor', 'Tekst', '<p>Tekst</p>' FROM submissions WHERE reference = $1
       RETURNING id, submission_id`,
      [reference, email, `<${reference}.9.reply.${sha256(email).slice(0, 10)}@president.example>`],
    );
    const id = Number(rows[0].id);
    // A sender holds it (a long lease, so the reconciler leaves it alone); then the letter is anonymised.
    const held = await claimMessage(p.db.pool, id, 600);
    expect(held?.recipient).toBe(email);
    await inTransaction(p.db.pool, (client) => anonymiseLetters(client, [Number(rows[0].submission_id)]));
    const row = async () => (await p.db.pool.query('SELECT status, last_error, smtp_message_id FROM outbox WHERE id = $1', [id])).rows[0];

    await markForRetry(p.db.pool, id, `EENVELOPE 452 452 4.2.2 <${email}>: Mailbox full`);
    expect(await row()).toEqual({ status: 'failed', last_error: null, smtp_message_id: null });
    await markFailed(p.db.pool, held!, `EENVELOPE 550 550 5.1.1 <${email}>: Recipient address rejected`);
    expect(await row()).toEqual({ status: 'failed', last_error: null, smtp_message_id: null });
    await markSent(p.db.pool, held!, `250 2.0.0 Ok: queued as 4XYZ2 <${email}>`);
    expect(await row()).toEqual({ status: 'sent', last_error: null, smtp_message_id: null });
    for (const trace of tracesOf(email)) expect(await rowsOfLetter(reference)).not.toContain(trace);
  });

  it('when a message of a letter not anonymised gets an answer, then the answer is kept as before', async () => {
    const res = await request(p.app).post('/api/v1/submissions').send(exampleLetter({ email: 'petar.kept@example.rs', phone: '' }));
    await waitFor(async () => (await outboxOf(res.body.reference)).filter((m) => m.status === 'sent').length === 2, 30_000, 'letter mail sent');
    const replies = (await outboxOf(res.body.reference)).map((m) => m.smtp_message_id);
    expect(replies.every((r) => typeof r === 'string' && r.startsWith('250'))).toBe(true);
  });
});

describe('erasure of mail that came in by email', () => {
  /** The person's stored inbound mail: the raw bytes as text, and the parsed fields. */
  const inboundOf = async (email: string, ids: number[]) => {
    const { rows } = await p.db.pool.query<{ raw: string; fields: string }>(
      `SELECT convert_from(raw, 'UTF8') AS raw, row_to_json(i)::text AS fields FROM inbound_messages i WHERE id = ANY($1::int[])`,
      [ids],
    );
    return rows.map((r) => `${r.raw}\n${r.fields}`).join('\n').toLowerCase();
  };
  const mailFrom = (email: string, n: number, extra: Record<string, string> = {}) =>
    rawMail(
      { From: `Jovana Brisić <${email}>`, To: 'pisma@president.example', Subject: `Pismo o putu ${n}`, 'Message-ID': `<erase-${n}.${email}>`,
        Date: 'Wed, 02 Dec 2026 10:00:00 +0100', 'Content-Type': 'text/plain; charset=utf-8', ...extra },
      `Poštovani, pišem vam o putu ${n}. Jovana Brisić, ${email}`,
    );

  it("when an admin erases a person who wrote by email, then neither the letter's raw mail nor a held message of theirs keeps the address", async () => {
    const email = 'jovana.brisic@example.rs';
    const letter = await processRaw(p, mailFrom(email, 1));
    expect(letter.state).toBe('letter');
    // Held: a signed-looking Message-ID of ours that does not verify.
    const held = await processRaw(p, mailFrom(email, 2, { 'In-Reply-To': '<ack.999999.0123456789abcdef@president.example>' }));
    expect(held.state).toBe('held');
    expect(await inboundOf(email, [letter.id, held.id])).toContain(email);

    const agent = await loggedIn(p.app, ADMIN);
    const erased = await agent.post('/api/v1/admin/privacy/erase').send({ email });
    expect(erased.body).toEqual({ erased: 1 });
    const after = await inboundOf(email, [letter.id, held.id]);
    for (const trace of [email, 'brisić']) expect(after, `trace ${trace} after erasure`).not.toContain(trace);
  });
});
