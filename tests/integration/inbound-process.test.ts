import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedMessageId, signedReplyAddress } from '../../src/mail/signing.js';
import { enqueueInbound, inboundRow, processRaw, rawMail, storeRaw } from '../helpers/inbound.js';
import { mailSettled, startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { loggedIn, makeUser } from '../helpers/staff.js';
import { WAIT_MS, waitFor, waitForIdle } from '../helpers/wait.js';
import { APP_DEFAULTS } from '../helpers/app-defaults.js';

// The email channel's processing: raw rows (as the fetcher stores them) through
// the real inbound job, routing and mail workers, the real SMTP test server.

let p: Pipeline;
// Node's warnings in this file's process: pg warns when queries overlap on one client (it will refuse them in pg 9).
const warnings: string[] = [];
process.on('warning', (warning) => warnings.push(warning.message));
const prefix = uniquePrefix('inbound-process');
const SUPERVISOR = 'inbound-super@president.example';
let counter = 0;

beforeAll(async () => {
  p = await startPipeline({ redisUrl: REDIS_URL, prefix });
  await makeUser(p.db.pool, SUPERVISOR, 'supervisor');
});

afterAll(async () => {
  await p.close();
  await deleteKeys(REDIS_URL, prefix);
});

const TOPICS = ['lokalnog puta', 'vodovoda', 'škole', 'penzije', 'bolnice', 'mosta', 'struje', 'autobusa', 'pošte', 'parka', 'groblja', 'pijace'];

/** A person's message; each one's default text is about another topic (similar letters from one sender are duplicates). */
const personMail = (from: string, headers: Record<string, string> = {}, body?: string) => {
  counter += 1;
  body ??= `Poštovani, pišem vam povodom ${TOPICS[counter % TOPICS.length]} u mestu broj ${counter * 7919}, molim odgovor.`;
  return rawMail({
    From: from,
    To: 'pisma@president.example',
    Subject: `Lokalni put ${counter}`,
    Date: new Date(Date.UTC(2026, 0, 10, 10, 0, counter)).toUTCString(),
    'Message-ID': `<m${counter}.${Date.now()}@mail.example.rs>`,
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Transfer-Encoding': '8bit',
    ...headers,
  }, body);
};

const letterOf = async (submissionId: string | null) => {
  const { rows } = await p.db.pool.query('SELECT id, reference, channel, status, email, name, surname, language, contact_complete FROM submissions WHERE id = $1', [submissionId]);
  return rows[0];
};
const lettersFrom = async (email: string) =>
  (await p.db.pool.query('SELECT id, reference, status FROM submissions WHERE lower(email) = lower($1) ORDER BY id', [email])).rows;
const outboxOf = async (submissionId: number | string) =>
  (await p.db.pool.query('SELECT id, kind, recipient, status, message_id, dsn_status FROM outbox WHERE submission_id = $1 ORDER BY id', [submissionId])).rows;
const mailsTo = (address: string) => p.smtp.received.filter((m) => m.to.includes(address));

/** A new letter by email from `from`, routed and its mail sent; its row and its acknowledgement's outbox row. */
async function newEmailLetter(from: string) {
  const processed = await processRaw(p, personMail(`Petar Petrović <${from}>`));
  expect(processed.state).toBe('letter');
  const letter = await letterOf(processed.submission_id);
  await mailSettled(p, [letter.reference]);
  const ack = (await outboxOf(letter.id)).find((m) => m.kind === 'acknowledgement');
  return { letter, ack, inboundId: processed.id };
}

describe('a new letter by email', () => {
  it('when a person writes to the published address, then one letter with channel email and one acknowledgement are made', async () => {
    const { letter, ack } = await newEmailLetter('petar.novi@example.rs');
    expect(letter).toMatchObject({ channel: 'email', email: 'petar.novi@example.rs', name: 'Petar', surname: 'Petrović', language: 'sr-Latn', contact_complete: false });
    expect(ack?.status).toBe('sent');
    const acks = mailsTo('petar.novi@example.rs');
    expect(acks).toHaveLength(1);
    expect(acks[0]?.subject).toContain(letter.reference);

    const agent = await loggedIn(p.app, SUPERVISOR);
    const detail = await agent.get(`/api/v1/staff/submissions/${letter.reference}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ channel: 'email', contactComplete: false });
    expect(detail.body.messages.every((m: { direction: string }) => m.direction === 'out')).toBe(true);
  });

  it('when a stored message has no job (the worker died before queueing it), then the reconciler queues it', async () => {
    const id = await storeRaw(p.db.pool, personMail('Zoran Zorić <zoran.kasnije@example.rs>'));
    await waitFor(async () => (await inboundRow(p.db.pool, id)).state === 'letter', WAIT_MS, 'the reconciler to queue it');
    expect(await lettersFrom('zoran.kasnije@example.rs')).toHaveLength(1);
  });

  it('when the same raw message is processed twice, then there is one letter', async () => {
    const raw = personMail('Jelena Jovanović <jelena.dvaput@example.rs>');
    const first = await processRaw(p, raw);
    // The job again, and the same bytes stored again (deduplicated on their hash): nothing new.
    await enqueueInbound(p, first.id);
    const again = await processRaw(p, raw);
    expect(again.id).toBe(first.id);
    await waitForIdle(p.connection.queue('inbound'));
    expect(await lettersFrom('jelena.dvaput@example.rs')).toHaveLength(1);
  });

  it('when the same message comes again with other bytes (same Message-ID, From and Date), then it is dropped as a repeat', async () => {
    const headers = { From: 'Ivan Ivić <ivan.ponovo@example.rs>', To: 'pisma@president.example', Subject: 'Ponovo', Date: 'Sat, 10 Jan 2026 12:00:00 +0100',
      'Message-ID': `<repeat.${Date.now()}@example.rs>`, 'Content-Type': 'text/plain; charset=utf-8' };
    const first = await processRaw(p, rawMail(headers, 'Poštovani, ovo je pismo o ulici koja nema rasvetu.'));
    const second = await processRaw(p, rawMail({ Received: 'from mx2.example.rs by mx.president.example', ...headers }, 'Poštovani, ovo je pismo o ulici koja nema rasvetu.'));
    expect(first.state).toBe('letter');
    expect(second).toMatchObject({ state: 'dropped', reason: 'duplicate' });
    expect(await lettersFrom('ivan.ponovo@example.rs')).toHaveLength(1);
  });

  it('when one sender writes 20 letters, then there are 20 letters and one acknowledgement', async () => {
    const from = 'marko.cesto@example.rs';
    const rows = [];
    for (let i = 0; i < 20; i += 1) rows.push(await processRaw(p, personMail(`Marko Marković <${from}>`, {}, `Pismo broj ${i}: ${'različit tekst '.repeat(i + 1)} o temi ${i * 7919}.`)));
    expect(rows.every((r) => r.state === 'letter')).toBe(true);
    const letters = await lettersFrom(from);
    expect(letters).toHaveLength(20);
    await mailSettled(p, letters.map((l) => l.reference));
    const { rows: acks } = await p.db.pool.query(`SELECT count(*)::int AS n FROM outbox WHERE kind = 'acknowledgement' AND recipient = $1`, [from]);
    expect(acks[0].n).toBe(1);
    expect(mailsTo(from)).toHaveLength(1);
  });

  it('when the mail is HTML with a script and a javascript: link, then the staff letter page shows neither', async () => {
    const raw = rawMail({
      From: 'Ana Anić <ana.html@example.rs>', To: 'pisma@president.example', Subject: 'HTML pismo',
      'Message-ID': `<html.${Date.now()}@example.rs>`, Date: new Date().toUTCString(), 'MIME-Version': '1.0',
      'Content-Type': 'text/html; charset=utf-8',
    }, '<html><head><script>alert("head")</script></head><body><p>Poštovani, molim vas pomoć.</p><script>alert(1)</script>'
      + '<a href="javascript:alert(2)">kliknite ovde</a><img src="http://tracker.example/p.png" onerror="alert(3)"></body></html>');
    const processed = await processRaw(p, raw);
    expect(processed.state).toBe('letter');
    const letter = await letterOf(processed.submission_id);
    const agent = await loggedIn(p.app, SUPERVISOR);
    const page = await agent.get(`/staff/letters/${letter.reference}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('molim vas pomoć');
    expect(page.text).toContain('kliknite ovde');
    for (const bad of ['alert(', 'javascript:', 'tracker.example', 'onerror']) expect(page.text).not.toContain(bad);
  });
});

describe('a reply to one of our messages', () => {
  it("when it carries the acknowledgement's Message-ID in In-Reply-To, then it joins the letter, which is open again, its office is told, and no acknowledgement goes out", async () => {
    const from = 'odgovor@example.rs';
    const { letter, ack } = await newEmailLetter(from);
    await p.db.pool.query(`UPDATE submissions SET status = 'answered' WHERE id = $1`, [letter.id]);
    const before = p.smtp.received.length;
    const reply = await processRaw(p, personMail(`Petar Petrović <${from}>`, { 'In-Reply-To': ack.message_id, References: ack.message_id, Subject: 'Re: potvrda' }, 'Hvala, evo još podataka o putu.'));
    expect(reply).toMatchObject({ state: 'reply', submission_id: String(letter.id) });
    expect(await lettersFrom(from)).toHaveLength(1);
    expect((await letterOf(String(letter.id))).status).toBe('in_progress');
    expect((await outboxOf(letter.id)).filter((m) => m.kind === 'acknowledgement')).toHaveLength(1);
    // The letter's office is told, once; the correspondent gets nothing.
    const notes = (await outboxOf(letter.id)).filter((m) => m.kind === 'reply_notification');
    expect(notes).toHaveLength(1);
    await mailSettled(p, [letter.reference]);
    const sent = p.smtp.received.slice(before);
    expect(sent.map((m) => m.to)).toEqual([[notes[0]?.recipient]]);
    expect(sent[0]?.text).toContain('Hvala, evo još podataka o putu.');
    expect(sent[0]?.subject).toContain(letter.reference);

    const agent = await loggedIn(p.app, SUPERVISOR);
    const detail = await agent.get(`/api/v1/staff/submissions/${letter.reference}`);
    expect(detail.status).toBe(200);
    const incoming = detail.body.messages.filter((m: { direction: string }) => m.direction === 'in');
    expect(incoming).toEqual([expect.objectContaining({ direction: 'in', from, text: 'Hvala, evo još podataka o putu.' })]);
    // By time: the letter's own messages, the reply, then the office's notice of it.
    expect(detail.body.messages.map((m: { direction: string; kind?: string }) => m.kind ?? m.direction))
      .toEqual(['office_notification', 'acknowledgement', 'in', 'reply_notification']);
    const page = await agent.get(`/staff/letters/${letter.reference}`);
    expect(page.text).toContain('Hvala, evo još podataka o putu.');
  });

  it('when it carries our signed Message-ID or our signed plus address, then it joins the letter', async () => {
    const from = 'potpisano@example.rs';
    const { letter, ack } = await newEmailLetter(from);
    const signed = signedMessageId(APP_DEFAULTS.mailSigningKey, 'ack', Number(ack.id), 'president.example');
    const byId = await processRaw(p, personMail(from, { 'In-Reply-To': signed }));
    expect(byId).toMatchObject({ state: 'reply', submission_id: String(letter.id) });
    const plus = signedReplyAddress(APP_DEFAULTS.mailSigningKey, 'pisma@president.example', letter.reference);
    const byAddress = await processRaw(p, personMail(from, { To: plus }));
    expect(byAddress).toMatchObject({ state: 'reply', submission_id: String(letter.id) });
  });

  it('when the signature is tampered with, then the message is held and no mail goes out', async () => {
    const from = 'lazno@example.rs';
    const { letter, ack } = await newEmailLetter(from);
    const before = p.smtp.received.length;
    const tampered = signedMessageId(APP_DEFAULTS.mailSigningKey, 'ack', Number(ack.id), 'president.example').replace(/\.[0-9a-f]{16}@/, '.0123456789abcdef@');
    const held = await processRaw(p, personMail(from, { 'In-Reply-To': tampered }));
    expect(held).toMatchObject({ state: 'held', reason: 'bad_signature', submission_id: null });
    const forged = signedReplyAddress(APP_DEFAULTS.mailSigningKey, 'pisma@president.example', letter.reference).replace(/\.[0-9a-f]{16}@/, '.fedcba9876543210@');
    expect(await processRaw(p, personMail(from, { To: forged }))).toMatchObject({ state: 'held', reason: 'bad_signature' });
    expect(await lettersFrom(from)).toHaveLength(1);
    await waitForIdle(p.connection.queue('route'));
    await waitForIdle(p.connection.queue('mail'));
    expect(p.smtp.received.length).toBe(before);
  });

  it("when another sender writes with the letter's reference in the subject, then the message is held", async () => {
    const { letter } = await newEmailLetter('vlasnik@example.rs');
    const held = await processRaw(p, personMail('stranac@example.rs', { Subject: `Re: ${letter.reference}` }));
    expect(held).toMatchObject({ state: 'held', reason: 'subject_other_sender' });
    const own = await processRaw(p, personMail('vlasnik@example.rs', { Subject: `Re: ${letter.reference}` }));
    expect(own).toMatchObject({ state: 'reply', submission_id: String(letter.id) });
  });
});

describe('automatic mail', () => {
  it('when an out-of-office reply comes back, then it is dropped and no mail goes out', async () => {
    const { ack } = await newEmailLetter('odmor@example.rs');
    const before = p.smtp.received.length;
    const dropped = await processRaw(p, personMail('odmor@example.rs', { 'Auto-Submitted': 'auto-replied', 'In-Reply-To': ack.message_id, Subject: 'Out of office' }));
    expect(dropped).toMatchObject({ state: 'dropped', reason: 'auto_reply', submission_id: null });
    expect(await lettersFrom('odmor@example.rs')).toHaveLength(1);
    expect(p.smtp.received.length).toBe(before);
  });

  it('when list mail arrives, then it is dropped and no letter is made', async () => {
    const dropped = await processRaw(p, personMail('newsletter@lists.example', { 'List-Id': '<vesti.lists.example>', Precedence: 'list' }));
    expect(dropped).toMatchObject({ state: 'dropped', reason: 'list' });
    expect(await lettersFrom('newsletter@lists.example')).toHaveLength(0);
  });

  it('when our own message comes back, then it is dropped with a warning naming no one', async () => {
    const { ack } = await newEmailLetter('petlja@example.rs');
    const looped = await processRaw(p, personMail('petlja@example.rs', { 'Message-ID': ack.message_id }));
    expect(looped).toMatchObject({ state: 'dropped', reason: 'own_mail' });
    const warning = p.logLines.find((l) => l.includes('our own mail came back'));
    expect(warning).toBeDefined();
    expect(warning).not.toContain('petlja@example.rs');
  });
});

describe('a bounce', () => {
  it('when a delivery-status report quotes our Message-ID, then that message is bounced with the DSN status', async () => {
    const { letter, ack } = await newEmailLetter('nepostoji@example.rs');
    const boundary = 'dsn-boundary-1';
    const body = [
      `--${boundary}`, 'Content-Type: text/plain; charset=us-ascii', '', 'Delivery to the following recipient failed permanently.', '',
      `--${boundary}`, 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.example.rs', '',
      'Final-Recipient: rfc822; nepostoji@example.rs', 'Action: failed', 'Status: 5.1.1', '',
      `--${boundary}`, 'Content-Type: text/rfc822-headers', '', 'From: no-reply@president.example', 'To: nepostoji@example.rs',
      `Message-ID: ${ack.message_id}`, `Subject: ${letter.reference}`, '',
      `--${boundary}--`, '',
    ].join('\r\n');
    const bounce = await processRaw(p, rawMail({
      From: 'Mail Delivery System <MAILER-DAEMON@mx.example.rs>', To: 'no-reply@president.example', 'Return-Path': '<>',
      Subject: 'Undelivered Mail Returned to Sender', 'Message-ID': `<bounce.${Date.now()}@mx.example.rs>`, Date: new Date().toUTCString(),
      'MIME-Version': '1.0', 'Content-Type': `multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    }, body));
    expect(bounce).toMatchObject({ state: 'bounce', submission_id: String(letter.id) });
    const row = (await outboxOf(letter.id)).find((m) => m.id === ack.id);
    expect(row).toMatchObject({ status: 'bounced', dsn_status: '5.1.1' });
    expect(await lettersFrom('mailer-daemon@mx.example.rs')).toHaveLength(0);
    await waitFor(async () => (await inboundRow(p.db.pool, bounce.id)).state === 'bounce', WAIT_MS);
  });
});

describe('the processing itself', () => {
  it('when every message above has been processed, then no query overlapped another on one client', () => {
    expect(warnings.filter((w) => /already executing a query/.test(w))).toEqual([]);
  });
});
