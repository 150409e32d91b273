import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyMessageId, verifyReplyAddress } from '../../src/mail/signing.js';
import { APP_DEFAULTS } from '../helpers/app-defaults.js';
import { exampleLetter } from '../helpers/letters.js';
import { mailSettled, startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import type { ReceivedMail } from '../helpers/smtp.js';
import { loggedIn, makeUser } from '../helpers/staff.js';
import { WAIT_MS, waitFor } from '../helpers/wait.js';

// What every message we send carries beyond its text (CONTRACT.md "Email channel"),
// as the real SMTP test server receives it: envelope and header lines as sent.

const KEY = APP_DEFAULTS.mailSigningKey;
const PUBLISHED = APP_DEFAULTS.mailReplyAddress;
const DOMAIN = 'president.example';
const ADMIN = 'admin.headers@president.example';

let p: Pipeline;
const prefix = uniquePrefix('outgoing-headers');

beforeAll(async () => {
  p = await startPipeline({ redisUrl: REDIS_URL, prefix });
  await makeUser(p.db.pool, ADMIN, 'admin');
});

afterAll(async () => {
  await p.close();
  await deleteKeys(REDIS_URL, prefix);
});

type Row = { id: number; kind: string; status: string; message_id: string; attempts: number };

async function outboxOf(reference: string): Promise<Row[]> {
  const { rows } = await p.db.pool.query(
    `SELECT o.id::int AS id, o.kind, o.status, o.message_id, o.attempts FROM outbox o
       JOIN submissions s ON s.id = o.submission_id WHERE s.reference = $1 ORDER BY o.id`,
    [reference],
  );
  return rows as Row[];
}

async function submit(email: string): Promise<string> {
  const res = await request(p.app).post('/api/v1/submissions').send(exampleLetter({ email, language: 'en' }));
  expect(res.status).toBe(201);
  return res.body.reference as string;
}

const mailOf = (reference: string, kind: string): ReceivedMail | undefined =>
  p.smtp.received.find((m) => m.reference === reference && m.messageId.startsWith(`<${kind}.`));

/** The Message-ID verifies under our key and names this outbox row; Reply-To names the letter; the envelope names the row. */
function expectSignedFor(mail: ReceivedMail | undefined, row: Row | undefined, tag: string, reference: string) {
  expect(mail, `${tag} mail`).toBeDefined();
  expect(row, `${tag} row`).toBeDefined();
  expect(verifyMessageId(KEY, mail!.messageId, DOMAIN)).toEqual({ kind: tag, id: row!.id });
  expect(mail!.messageId).toBe(row!.message_id);
  expect(verifyReplyAddress(KEY, PUBLISHED, mail!.headers['reply-to'] ?? '')).toBe(reference);
  expect(mail!.headers['reply-to']).toMatch(new RegExp(`^pisma\\+${reference.toLowerCase()}\\.[0-9a-f]{16}@president\\.example$`, 'i'));
  expect(mail!.envelopeFrom).toBe(`bounces+${row!.id}@president.example`);
  // The From header stays MAIL_FROM.
  expect(mail!.headers.from).toContain('<no-reply@president.example>');
}

async function staffReply(reference: string, body: string): Promise<void> {
  const agent = await loggedIn(p.app, ADMIN);
  expect((await agent.post(`/api/v1/staff/submissions/${reference}/reply`).send({ body })).status).toBe(201);
  await mailSettled(p, [reference]);
}

/** An incoming message of the letter, as the email channel records it (raw bytes beside the point here). */
async function incoming(reference: string, messageId: string, state: string, secondsFromNow: number): Promise<void> {
  const raw = Buffer.from(`Message-ID: ${messageId}\r\n\r\nHvala.\r\n`);
  await p.db.pool.query(
    `INSERT INTO inbound_messages (mailbox, raw, raw_sha256, size, state, message_id, received_at, submission_id)
     SELECT 'dir:test', $2, $3, $4, $5, $6, now() + make_interval(secs => $7), id FROM submissions WHERE reference = $1`,
    [reference, raw, createHash('sha256').update(raw).digest(), raw.length, state, messageId, secondsFromNow],
  );
}

describe('automatic mail: acknowledgement and office notification', () => {
  it('when a letter is routed, then both are Auto-Submitted: auto-replied with X-Auto-Response-Suppress, a signed Message-ID of their row, the letter\'s Reply-To and a bounces+<id> envelope', async () => {
    const reference = await submit('headers.one@example.rs');
    await mailSettled(p, [reference]);
    const rows = await outboxOf(reference);
    for (const [kind, tag] of [['acknowledgement', 'ack'], ['office_notification', 'notify']] as const) {
      const mail = mailOf(reference, tag);
      expectSignedFor(mail, rows.find((r) => r.kind === kind), tag, reference);
      expect(mail?.headers['auto-submitted']).toBe('auto-replied');
      expect(mail?.headers['x-auto-response-suppress']).toBe('All');
      expect(mail?.headers['in-reply-to']).toBeUndefined();
    }
    expect(mailOf(reference, 'ack')?.to).toEqual(['headers.one@example.rs']);
    expect(mailOf(reference, 'notify')?.to).toEqual(['gradjani@president.example']);
  });
});

describe('staff replies', () => {
  it('when staff answer a letter that has no incoming mail, then the reply is Auto-Submitted: no, signed, with the letter\'s Reply-To, and names no earlier mail', async () => {
    const reference = await submit('headers.two@example.rs');
    await mailSettled(p, [reference]);
    await staffReply(reference, 'Poštovani, odgovaramo.');
    const mail = mailOf(reference, 'reply');
    expectSignedFor(mail, (await outboxOf(reference)).find((r) => r.kind === 'reply'), 'reply', reference);
    expect(mail?.headers['auto-submitted']).toBe('no');
    expect(mail?.headers['x-auto-response-suppress']).toBeUndefined();
    expect(mail?.headers['in-reply-to']).toBeUndefined();
    expect(mail?.headers.references).toBeUndefined();
  });

  it('when staff answer a letter whose correspondent wrote by email, then the reply is In-Reply-To their newest message, with the conversation in References', async () => {
    const reference = await submit('headers.three@example.rs');
    await mailSettled(p, [reference]);
    const ack = (await outboxOf(reference)).find((r) => r.kind === 'acknowledgement');
    // The citizen answered the acknowledgement twice; a doubtful message in the holding pen does not count.
    await incoming(reference, '<first.answer@mail.example.rs>', 'reply', 1);
    await incoming(reference, '<second.answer@mail.example.rs>', 'reply', 2);
    await incoming(reference, '<doubtful@elsewhere.example>', 'held', 3);
    await staffReply(reference, 'Poštovani, hvala na dopuni.');
    const mail = mailOf(reference, 'reply');
    expect(mail?.headers['auto-submitted']).toBe('no');
    expect(mail?.headers['in-reply-to']).toBe('<second.answer@mail.example.rs>');
    expect(mail?.headers.references?.split(/\s+/)).toEqual([
      ack?.message_id,
      '<first.answer@mail.example.rs>',
      '<second.answer@mail.example.rs>',
    ]);
  });
});

describe('a message sent again', () => {
  it('when the server fails it for a while and then takes it, then it carries the Message-ID its row was written with', async () => {
    p.smtp.tempFail = true;
    let reference = '';
    let written: Row[] = [];
    try {
      reference = await submit('headers.four@example.rs');
      await waitFor(async () => (await outboxOf(reference)).some((m) => m.kind === 'acknowledgement' && m.attempts >= 2), WAIT_MS, 'a failed attempt and a retry');
      written = await outboxOf(reference);
    } finally {
      p.smtp.tempFail = false;
    }
    await mailSettled(p, [reference]);
    const sent = await outboxOf(reference);
    const ack = sent.find((r) => r.kind === 'acknowledgement');
    expect(ack).toMatchObject({ status: 'sent', message_id: written.find((r) => r.kind === 'acknowledgement')?.message_id });
    expect(ack?.attempts).toBeGreaterThanOrEqual(2);
    const copies = p.smtp.received.filter((m) => m.reference === reference && m.messageId.startsWith('<ack.'));
    expect(copies).toHaveLength(1);
    expectSignedFor(copies[0], ack, 'ack', reference);
  });
});
