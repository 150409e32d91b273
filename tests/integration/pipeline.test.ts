import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleLetter } from '../helpers/letters.js';
import { mailSettled, startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { WAIT_MS, waitFor } from '../helpers/wait.js';

let p: Pipeline;
const prefix = uniquePrefix('pipeline');

beforeAll(async () => {
  p = await startPipeline({ redisUrl: REDIS_URL, prefix });
});

afterAll(async () => {
  await p.close();
  await deleteKeys(REDIS_URL, prefix);
});

const submit = async (overrides: Record<string, unknown> = {}) => {
  const res = await request(p.app).post('/api/v1/submissions').send(exampleLetter(overrides));
  expect(res.status).toBe(201);
  return res.body as { reference: string; trackingToken: string };
};

const mailsFor = (reference: string) => p.smtp.received.filter((m) => m.reference === reference);

const outbox = async (reference: string) =>
  (
    await p.db.pool.query(
      `SELECT o.kind, o.recipient, o.status, o.attempts, o.last_error FROM outbox o
         JOIN submissions s ON s.id = o.submission_id WHERE s.reference = $1 ORDER BY o.kind`,
      [reference],
    )
  ).rows;

describe('a web letter', () => {
  it('when it is routed, then the office is notified once and the citizen acknowledged once, with the contract\'s headers', async () => {
    const letter = await submit({ email: 'citizen-one@example.rs', language: 'en' });
    await waitFor(() => mailsFor(letter.reference).length >= 2, WAIT_MS, 'two mails');
    await waitFor(async () => (await outbox(letter.reference)).every((m) => m.status === 'sent'));

    const mails = mailsFor(letter.reference);
    expect(mails).toHaveLength(2);
    const ack = mails.find((m) => m.to.includes('citizen-one@example.rs'));
    const note = mails.find((m) => m.to.includes('gradjani@president.example'));
    expect(ack?.subject).toContain(letter.reference);
    expect(ack?.text).toContain(letter.reference);
    expect(ack?.text).toContain('received');
    expect(ack?.messageId).toMatch(/^<ack\.\d+\.[0-9a-f]{16}@president\.example>$/);
    expect(note?.subject).toContain(letter.reference);
    expect(note?.text).toContain('Petrović');
    expect(note?.text).toContain('+381641234567');
    expect(note?.text).toContain('lokalnog puta');

    // The tracking link in the acknowledgement works, and afterwards only the token's hash is kept.
    const link = /http:\/\/localhost:3000\/status\?reference=[^&\s]+&token=([\w-]+)/.exec(ack?.text ?? '');
    expect(link?.[1]).toBe(letter.trackingToken);
    const tracked = await request(p.app).get(`/api/v1/submissions/${letter.reference}`).query({ token: link?.[1] });
    expect(tracked.body).toMatchObject({ status: 'routed', office: { code: 'citizens' } });
    const { rows } = await p.db.pool.query('SELECT tracking_token_pending FROM submissions WHERE reference = $1', [
      letter.reference,
    ]);
    expect(rows[0].tracking_token_pending).toBeNull();
  });

  it('when the letter asks for a pardon in Cyrillic, then the legal office gets it and the rule is named', async () => {
    const letter = await submit({ category: 'question', message: 'Молим за помиловање мог сина, који је осуђен.' });
    await waitFor(() => mailsFor(letter.reference).length >= 2);
    const note = mailsFor(letter.reference).find((m) => m.to.includes('pravna-sluzba@president.example'));
    expect(note?.text).toContain('Letters about pardons, sentences and court cases');
  });

  it('when the honeypot was filled, then the letter is filed as spam and nobody gets mail', async () => {
    const letter = await submit({ website: 'http://buy.example' });
    await waitFor(async () => {
      const { rows } = await p.db.pool.query('SELECT status FROM submissions WHERE reference = $1', [letter.reference]);
      return rows[0].status === 'spam';
    });
    expect(await outbox(letter.reference)).toEqual([]);
    expect(mailsFor(letter.reference)).toEqual([]);
  });

  it('when a postal letter has no email, then only the office is notified', async () => {
    const { rows } = await p.db.pool.query(
      `INSERT INTO submissions (reference, channel, name, surname, municipality_code, address, category, message,
         language, tracking_token_hash, received_at, updated_at)
       VALUES ('PR-2026-900001-0', 'postal', 'Milena', 'Jovanović', 'nis', 'Obrenovićeva 1, Niš', 'question',
         'Pismo stiglo poštom, bez adrese e-pošte.', 'sr-Cyrl', '\\x00', now(), now()) RETURNING id`,
    );
    await p.connection.queue('route').add('route', { submissionId: Number(rows[0].id) }, { jobId: `sub-${rows[0].id}` });
    await waitFor(async () => (await outbox('PR-2026-900001-0')).some((m) => m.status === 'sent'));
    const messages = await outbox('PR-2026-900001-0');
    expect(messages.map((m) => m.kind)).toEqual(['office_notification']);
  });
});

describe('SMTP faults', () => {
  it('when the server answers 451 for a while, then the mail is delivered once after it recovers', async () => {
    p.smtp.tempFail = true;
    const letter = await submit({ email: 'patient@example.rs' });
    await waitFor(async () => (await outbox(letter.reference)).some((m) => m.attempts >= 2), WAIT_MS, 'a retry');
    expect(mailsFor(letter.reference)).toEqual([]);
    const pending = await outbox(letter.reference);
    expect(pending.every((m) => m.status === 'pending' || m.status === 'sending')).toBe(true);
    expect(pending.some((m) => /451/.test(m.last_error ?? ''))).toBe(true);

    p.smtp.tempFail = false;
    await waitFor(() => mailsFor(letter.reference).length >= 2, WAIT_MS, 'delivery after recovery');
    await waitFor(async () => (await outbox(letter.reference)).every((m) => m.status === 'sent'));
    await mailSettled(p, [letter.reference]);
    expect(mailsFor(letter.reference)).toHaveLength(2);
  });

  it('when the server refuses the recipient with 550, then the message fails with the reason and is not retried', async () => {
    p.smtp.rejectRecipients.add('nobody@example.rs');
    const letter = await submit({ email: 'nobody@example.rs' });
    await waitFor(async () => (await outbox(letter.reference)).some((m) => m.status === 'failed'));
    await mailSettled(p, [letter.reference]);
    const messages = await outbox(letter.reference);
    const ack = messages.find((m) => m.kind === 'acknowledgement');
    expect(ack).toMatchObject({ status: 'failed', attempts: 1 });
    expect(ack?.last_error).toMatch(/550/);
    expect(messages.find((m) => m.kind === 'office_notification')?.status).toBe('sent');
    const { rows } = await p.db.pool.query('SELECT tracking_token_pending FROM submissions WHERE reference = $1', [
      letter.reference,
    ]);
    expect(rows[0].tracking_token_pending).toBeNull();
  });
});

describe('logs', () => {
  it('never carry the citizens\' personal data, even at debug level', () => {
    const log = p.logLines.join('\n');
    const lines = p.logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    // Worker lines name the job and the letter's reference; HTTP lines carry the request id.
    const routed = lines.find((l) => l.msg === 'routed');
    expect(routed).toMatchObject({ jobId: expect.stringMatching(/^sub-\d+$/), reference: expect.stringMatching(/^PR-/) });
    expect(lines.find((l) => l.msg === 'mail job done')).toMatchObject({ jobId: expect.stringMatching(/^msg-\d+$/), reference: expect.stringMatching(/^PR-/) });
    expect(lines.filter((l) => l.msg === 'request completed').every((l) => typeof (l.req as { id?: unknown })?.id === 'string')).toBe(true);
    for (const secret of ['Petrović', 'citizen-one@example.rs', '+381641234567', 'Gradsko šetalište', 'lokalnog puta']) {
      expect(log).not.toContain(secret);
    }
  });
});
