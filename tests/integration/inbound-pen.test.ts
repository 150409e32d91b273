import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedMessageId } from '../../src/mail/signing.js';
import { processInbound, STAFF_NEW_LETTER } from '../../src/inbound/process-inbound.js';
import { APP_DEFAULTS } from '../helpers/app-defaults.js';
import { inboundRow, processRaw, rawMail } from '../helpers/inbound.js';
import { mailSettled, startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { capturingLogger } from '../helpers/logger.js';
import { loggedIn, makeUser } from '../helpers/staff.js';
import { WAIT_MS, waitFor } from '../helpers/wait.js';

// The holding pen: mail that could not be placed with certainty, through the
// real inbound job, workers and SMTP test server; the staff API and page.

let p: Pipeline;
const prefix = uniquePrefix('inbound-pen');
const SUPERVISOR = 'pen-super@president.example';
const SUPERVISOR_TWO = 'pen-super-two@president.example';
const CLERK = 'pen-clerk@president.example';
let counter = 0;

beforeAll(async () => {
  p = await startPipeline({ redisUrl: REDIS_URL, prefix });
  await makeUser(p.db.pool, SUPERVISOR, 'supervisor');
  await makeUser(p.db.pool, SUPERVISOR_TWO, 'supervisor');
  await makeUser(p.db.pool, CLERK, 'clerk');
});

afterAll(async () => {
  await p.close();
  await deleteKeys(REDIS_URL, prefix);
});

const TOPICS = ['vodovoda', 'škole', 'penzije', 'bolnice', 'mosta', 'struje', 'autobusa', 'pošte', 'parka', 'groblja', 'pijace', 'puta'];

const mail = (from: string, headers: Record<string, string> = {}, body?: string) => {
  counter += 1;
  return rawMail({
    From: from,
    To: 'pisma@president.example',
    Subject: `Pitanje ${counter}`,
    Date: new Date(Date.UTC(2026, 1, 10, 10, 0, counter)).toUTCString(),
    'Message-ID': `<pen${counter}.${Date.now()}@mail.example.rs>`,
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Transfer-Encoding': '8bit',
    ...headers,
  }, body ?? `Poštovani, pišem povodom ${TOPICS[counter % TOPICS.length]} broj ${counter * 7919}.`);
};

/** A letter by email, routed, its acknowledgement sent. */
async function emailLetter(from: string) {
  const made = await processRaw(p, mail(`Jelena Janković <${from}>`));
  expect(made.state).toBe('letter');
  const { rows } = await p.db.pool.query('SELECT s.id, s.reference, s.status, o.code AS office FROM submissions s LEFT JOIN offices o ON o.id = s.office_id WHERE s.id = $1', [made.submission_id]);
  await mailSettled(p, [rows[0].reference]);
  await waitFor(async () => (await p.db.pool.query('SELECT office_id FROM submissions WHERE id = $1', [made.submission_id])).rows[0]?.office_id !== null, WAIT_MS, 'routed');
  const routed = await p.db.pool.query('SELECT s.id, s.reference, o.code AS office FROM submissions s JOIN offices o ON o.id = s.office_id WHERE s.id = $1', [made.submission_id]);
  const ack = await p.db.pool.query(`SELECT id, message_id FROM outbox WHERE submission_id = $1 AND kind = 'acknowledgement'`, [made.submission_id]);
  return { letter: routed.rows[0] as { id: string; reference: string; office: string }, ack: ack.rows[0] as { id: string; message_id: string } };
}

/** A message held because it names our acknowledgement with a broken signature. */
async function heldReply(from: string, body = 'Dopuna mog pisma.') {
  const { letter, ack } = await emailLetter(from);
  const tampered = signedMessageId(APP_DEFAULTS.mailSigningKey, 'ack', Number(ack.id), 'president.example').replace(/\.[0-9a-f]{16}@/, '.0123456789abcdef@');
  const held = await processRaw(p, mail(from, { 'In-Reply-To': tampered, Subject: 'Re: potvrda' }, body));
  expect(held).toMatchObject({ state: 'held', reason: 'bad_signature' });
  return { letter, ack, heldId: held.id };
}

const auditOf = async (id: number) =>
  (await p.db.pool.query(`SELECT action, actor_id, details FROM audit_log WHERE target_type = 'inbound_message' AND target_id = $1 ORDER BY id`, [String(id)])).rows;
const lettersFrom = async (email: string) =>
  (await p.db.pool.query('SELECT id, reference, channel FROM submissions WHERE lower(email) = lower($1) ORDER BY id', [email])).rows;

describe('the holding pen in the API', () => {
  it('when a message is held, then supervisors see why, who sent it and its text; an officer, a clerk and anyone signed out may not', async () => {
    const { heldId, letter } = await heldReply('pen.list@example.rs', 'Šaljem dopunu: kvar je na uglu.');
    const agent = await loggedIn(p.app, SUPERVISOR);
    const list = await agent.get('/api/v1/staff/inbound?state=held');
    expect(list.status).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    const entry = list.body.items.find((i: { id: number }) => i.id === heldId);
    expect(entry).toMatchObject({ state: 'held', reason: 'bad_signature', from: 'pen.list@example.rs', subject: 'Re: potvrda', text: 'Šaljem dopunu: kvar je na uglu.', reference: null, truncated: false });
    expect((await agent.get('/api/v1/staff/inbound')).body.items.map((i: { id: number }) => i.id)).toContain(heldId);

    const officerEmail = `pen-officer-${letter.office}@president.example`;
    await makeUser(p.db.pool, officerEmail, 'officer', letter.office);
    const officer = await loggedIn(p.app, officerEmail);
    expect((await officer.get('/api/v1/staff/inbound?state=held')).status).toBe(403);
    expect((await (await loggedIn(p.app, CLERK)).get('/api/v1/staff/inbound?state=held')).status).toBe(403);
    expect((await request(p.app).get('/api/v1/staff/inbound?state=held')).status).toBe(401);
    expect((await agent.get('/api/v1/staff/inbound?state=nonsense')).status).toBe(422);
    for (const action of ['attach', 'new-letter', 'discard']) {
      expect((await officer.post(`/api/v1/staff/inbound/${heldId}/${action}`).send({ reference: letter.reference })).status).toBe(403);
    }
    expect((await inboundRow(p.db.pool, heldId)).state).toBe('held');
  });

  it("when an officer lists replies, then only the mail of their own office's letters is there", async () => {
    const mine = await emailLetter('pen.mine@example.rs');
    const reply = await processRaw(p, mail('pen.mine@example.rs', { 'In-Reply-To': mine.ack.message_id }));
    expect(reply.state).toBe('reply');
    const officerEmail = `pen-officer-two-${mine.letter.office}@president.example`;
    await makeUser(p.db.pool, officerEmail, 'officer', mine.letter.office);
    const { rows: others } = await p.db.pool.query('SELECT code FROM offices WHERE code <> $1 AND active LIMIT 1', [mine.letter.office]);
    const otherEmail = `pen-officer-other@president.example`;
    await makeUser(p.db.pool, otherEmail, 'officer', others[0].code);
    const own = await (await loggedIn(p.app, officerEmail)).get('/api/v1/staff/inbound?state=reply');
    expect(own.status).toBe(200);
    expect(own.body.items.map((i: { id: number }) => i.id)).toContain(reply.id);
    const other = await (await loggedIn(p.app, otherEmail)).get('/api/v1/staff/inbound?state=reply');
    expect(other.body.items.map((i: { id: number }) => i.id)).not.toContain(reply.id);
  });

  it("when it is attached to a letter, then it is in the letter's messages, the office is told, it is audited, and a second attempt is 409", async () => {
    const { heldId, letter } = await heldReply('pen.attach@example.rs', 'Ovo je moja dopuna.');
    const agent = await loggedIn(p.app, SUPERVISOR);
    const before = p.smtp.received.length;
    const res = await agent.post(`/api/v1/staff/inbound/${heldId}/attach`).send({ reference: letter.reference });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: heldId, state: 'reply', reference: letter.reference });
    expect(await inboundRow(p.db.pool, heldId)).toMatchObject({ state: 'reply', submission_id: String(letter.id) });
    const detail = await agent.get(`/api/v1/staff/submissions/${letter.reference}`);
    expect(detail.body.messages.filter((m: { direction: string }) => m.direction === 'in')).toEqual([
      expect.objectContaining({ from: 'pen.attach@example.rs', text: 'Ovo je moja dopuna.' }),
    ]);
    await mailSettled(p, [letter.reference]);
    const told = p.smtp.received.slice(before);
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toContain('Ovo je moja dopuna.');
    expect(told[0]?.to).not.toContain('pen.attach@example.rs');
    expect(await auditOf(heldId)).toEqual([expect.objectContaining({ action: 'inbound.attached', details: { reference: letter.reference } })]);
    const again = await agent.post(`/api/v1/staff/inbound/${heldId}/attach`).send({ reference: letter.reference });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('already_handled');
    expect((await agent.get('/api/v1/staff/inbound?state=held')).body.items.map((i: { id: number }) => i.id)).not.toContain(heldId);
  });

  it('when the reference names no letter or the id no message, then 422 on reference or 404, and nothing changes', async () => {
    const { heldId } = await heldReply('pen.unknown@example.rs');
    const agent = await loggedIn(p.app, SUPERVISOR);
    const res = await agent.post(`/api/v1/staff/inbound/${heldId}/attach`).send({ reference: 'PR-2026-999999-9' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'validation_failed', issues: [{ path: 'reference' }] });
    expect((await agent.post(`/api/v1/staff/inbound/${heldId}/attach`).send({})).status).toBe(422);
    expect((await agent.post(`/api/v1/staff/inbound/${heldId}/attach`).send({ reference: 'x', extra: 1 })).status).toBe(422);
    expect((await agent.post('/api/v1/staff/inbound/999999999/discard')).status).toBe(404);
    expect((await agent.post('/api/v1/staff/inbound/abc/discard')).status).toBe(404);
    expect(await inboundRow(p.db.pool, heldId)).toMatchObject({ state: 'held', submission_id: null });
    expect(await auditOf(heldId)).toEqual([]);
  });

  it('when it is made a new letter, then one letter by email with one acknowledgement, audited; a second attempt is 409', async () => {
    const { heldId } = await heldReply('pen.new@example.rs', 'Ovo je zapravo novo pitanje o struji.');
    const agent = await loggedIn(p.app, SUPERVISOR);
    const res = await agent.post(`/api/v1/staff/inbound/${heldId}/new-letter`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: heldId, state: 'letter', reference: expect.stringMatching(/^PR-/) });
    const letters = await lettersFrom('pen.new@example.rs');
    expect(letters.map((l) => l.reference)).toContain(res.body.reference);
    expect(letters.find((l) => l.reference === res.body.reference)?.channel).toBe('email');
    expect(await inboundRow(p.db.pool, heldId)).toMatchObject({ state: 'letter' });
    await mailSettled(p, [res.body.reference]);
    // The first letter was acknowledged within 24 hours: the new one is recorded, not acknowledged again.
    const { rows: acks } = await p.db.pool.query(`SELECT o.id FROM outbox o JOIN submissions s ON s.id = o.submission_id WHERE s.reference = $1 AND o.kind = 'acknowledgement'`, [res.body.reference]);
    expect(acks).toHaveLength(0);
    expect(await auditOf(heldId)).toEqual([expect.objectContaining({ action: 'inbound.new_letter' })]);
    expect((await agent.post(`/api/v1/staff/inbound/${heldId}/new-letter`)).status).toBe(409);
  });

  it('when a held message of a new sender is made a letter, then that sender gets one acknowledgement', async () => {
    const tampered = signedMessageId(APP_DEFAULTS.mailSigningKey, 'ack', 999_999, 'president.example').replace(/\.[0-9a-f]{16}@/, '.0123456789abcdef@');
    const held = await processRaw(p, mail('Marko Marković <pen.fresh@example.rs>', { 'In-Reply-To': tampered }));
    expect(held.state).toBe('held');
    const agent = await loggedIn(p.app, SUPERVISOR);
    const res = await agent.post(`/api/v1/staff/inbound/${held.id}/new-letter`);
    expect(res.status).toBe(201);
    await mailSettled(p, [res.body.reference]);
    await waitFor(() => p.smtp.received.some((m) => m.to.includes('pen.fresh@example.rs')), WAIT_MS, 'the acknowledgement');
    expect(p.smtp.received.filter((m) => m.to.includes('pen.fresh@example.rs'))).toHaveLength(1);
  });

  it('when the process dies after staff chose a new letter, then processing finishes it as a letter, not held again', async () => {
    const tampered = signedMessageId(APP_DEFAULTS.mailSigningKey, 'ack', 999_998, 'president.example').replace(/\.[0-9a-f]{16}@/, '.0123456789abcdef@');
    const held = await processRaw(p, mail('pen.crash@example.rs', { 'In-Reply-To': tampered }));
    expect(held.state).toBe('held');
    // What the action's first transaction leaves behind when nothing after it ran.
    await p.db.pool.query(`UPDATE inbound_messages SET state = 'stored', reason = $2 WHERE id = $1`, [held.id, STAFF_NEW_LETTER]);
    const deps = { pool: p.db.pool, logger: capturingLogger().logger, producers: undefined, signingKey: APP_DEFAULTS.mailSigningKey, domain: 'president.example', replyAddress: 'pisma@president.example' };
    const [one, two] = await Promise.all([processInbound(deps, held.id), processInbound(deps, held.id)]);
    expect([one.state, two.state].sort()).toEqual(['letter', 'letter']);
    expect(await lettersFrom('pen.crash@example.rs')).toHaveLength(1);
  });

  it('when it is discarded, then it stays stored as discarded, audited, and is gone from the pen', async () => {
    const { heldId } = await heldReply('pen.discard@example.rs');
    const agent = await loggedIn(p.app, SUPERVISOR);
    const res = await agent.post(`/api/v1/staff/inbound/${heldId}/discard`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: heldId, state: 'discarded', reference: null });
    const { rows } = await p.db.pool.query('SELECT state, length(raw) AS size FROM inbound_messages WHERE id = $1', [heldId]);
    expect(rows[0]).toMatchObject({ state: 'discarded' });
    expect(rows[0].size).toBeGreaterThan(0);
    expect(await auditOf(heldId)).toEqual([expect.objectContaining({ action: 'inbound.discarded' })]);
  });

  it('when two supervisors act on one message at once, then exactly one succeeds and the other gets 409', async () => {
    const { heldId, letter } = await heldReply('pen.race@example.rs');
    const [a, b] = await Promise.all([loggedIn(p.app, SUPERVISOR), loggedIn(p.app, SUPERVISOR_TWO)]);
    const answers = await Promise.all([
      a.post(`/api/v1/staff/inbound/${heldId}/attach`).send({ reference: letter.reference }),
      b.post(`/api/v1/staff/inbound/${heldId}/discard`),
      a.post(`/api/v1/staff/inbound/${heldId}/new-letter`),
    ]);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 409)).toHaveLength(2);
    expect(statuses.filter((s) => s === 200 || s === 201)).toHaveLength(1);
    expect(await auditOf(heldId)).toHaveLength(1);
  });
});

const csrfIn = (page: string) => {
  const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!token) throw new Error('no _csrf field on the page');
  return token;
};

describe('the holding pen page', () => {
  it('when a held HTML message has a script and a javascript: link, then the page shows its text and reason but neither', async () => {
    const tampered = signedMessageId(APP_DEFAULTS.mailSigningKey, 'ack', 999_997, 'president.example').replace(/\.[0-9a-f]{16}@/, '.0123456789abcdef@');
    const html = '<p>Vidljiv tekst pisma.</p><script>alert("x")</script><a href="javascript:alert(1)">klik</a><img src="https://tracker.example/p.gif">';
    const held = await processRaw(p, mail('pen.page@example.rs', { 'In-Reply-To': tampered, 'Content-Type': 'text/html; charset=utf-8' }, html));
    expect(held.state).toBe('held');
    const agent = await loggedIn(p.app, SUPERVISOR);
    const page = await agent.get('/staff/inbound');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Vidljiv tekst pisma.');
    expect(page.text).toContain('potpis ne odgovara');
    expect(page.text).toContain(`action="/staff/inbound/${held.id}/attach"`);
    expect(page.text).not.toMatch(/<script>alert|javascript:|tracker\.example/);
    expect(page.text).toContain('href="/staff/inbound"');
  });

  it('when a form names an unknown letter, then 422 with the error and the typed reference kept; discard redirects with a notice', async () => {
    const { heldId } = await heldReply('pen.form@example.rs');
    const agent = await loggedIn(p.app, SUPERVISOR);
    const page = await agent.get('/staff/inbound');
    const refused = await agent.post(`/staff/inbound/${heldId}/attach`).type('form').send({ _csrf: csrfIn(page.text), reference: 'PR-2026-999999-9' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Nema pisma sa tim brojem.');
    expect(refused.text).toContain('value="PR-2026-999999-9"');
    const noToken = await agent.post(`/staff/inbound/${heldId}/discard`).type('form').send({});
    expect(noToken.status).toBe(403);
    const done = await agent.post(`/staff/inbound/${heldId}/discard`).type('form').send({ _csrf: csrfIn(page.text) });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/staff/inbound?done=discarded');
    expect((await agent.get(done.headers.location as string)).text).toContain('Poruka je odbačena');
    expect(await inboundRow(p.db.pool, heldId)).toMatchObject({ state: 'discarded' });
    const clerk = await loggedIn(p.app, CLERK);
    expect((await clerk.get('/staff/inbound')).status).toBe(403);
  });
});
