import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention } from '../../src/privacy/retention.js';
import { exampleLetter } from '../helpers/letters.js';
import { startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { loggedIn, makeUser } from '../helpers/staff.js';
import { waitFor } from '../helpers/wait.js';

let p: Pipeline;
const prefix = uniquePrefix('retention');

beforeAll(async () => {
  p = await startPipeline({ redisUrl: REDIS_URL, prefix });
  await makeUser(p.db.pool, 'admin@president.example', 'admin');
});

afterAll(async () => {
  await p.close();
  await deleteKeys(REDIS_URL, prefix);
});

async function routedLetter(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await request(p.app).post('/api/v1/submissions').send(exampleLetter(overrides));
  expect(res.status).toBe(201);
  await waitFor(async () => {
    const { rows } = await p.db.pool.query(
      `SELECT count(*) FILTER (WHERE o.status = 'sent') AS sent FROM submissions s JOIN outbox o ON o.submission_id = s.id
        WHERE s.reference = $1`,
      [res.body.reference],
    );
    return Number(rows[0].sent) === 2;
  });
  return res.body.reference;
}

async function close(agent: Awaited<ReturnType<typeof loggedIn>>, reference: string) {
  for (const status of ['in_progress', 'answered', 'closed']) {
    expect((await agent.post(`/api/v1/staff/submissions/${reference}/status`).send({ status })).status).toBe(200);
  }
}

const row = async (reference: string) =>
  (await p.db.pool.query('SELECT * FROM submissions WHERE reference = $1', [reference])).rows[0];

describe('retention', () => {
  it('when a letter has been closed for longer than RETENTION_DAYS, then it is anonymised and its statistics kept', async () => {
    const agent = await loggedIn(p.app, 'admin@president.example');
    const old = await routedLetter({ surname: 'Zaboravljenović', email: 'old@example.rs', message: 'Stara poruka o putu kroz selo, molim odgovor.' });
    const recent = await routedLetter({ surname: 'Skorašnjić', email: 'recent@example.rs' });
    const open = await routedLetter({ surname: 'Otvorenović', email: 'open@example.rs' });
    await agent.post(`/api/v1/staff/submissions/${old}/notes`).send({ text: 'Zvao je telefonom, Zaboravljenović.' });
    await close(agent, old);
    await close(agent, recent);
    const before = await row(old);

    // Move the clock: the run happens 1,000 days from now; the old letter was closed 900 days ago
    // (1,900 days before the run), the recent one just now (1,000 days before the run).
    await p.db.pool.query(`UPDATE submissions SET closed_at = now() - interval '900 days' WHERE reference = $1`, [old]);
    const now = new Date(Date.now() + 1_000 * 86_400_000);
    const keyed = await request(p.app).post('/api/v1/submissions').set('Idempotency-Key', 'retention-key-0001').send(exampleLetter());
    expect(keyed.status).toBe(201);
    const bandsOf = async (reference: string) =>
      Number((await p.db.pool.query(
        'SELECT count(*) FROM submission_bands b JOIN submissions s ON s.id = b.submission_id WHERE s.reference = $1', [reference],
      )).rows[0].count);
    expect(await bandsOf(old)).toBeGreaterThan(0);
    const anonymised = await applyRetention(p.db.pool, now, 1825);
    // The keys derived from its text go with it; the others' stay.
    expect(await bandsOf(old)).toBe(0);
    expect(await bandsOf(recent)).toBeGreaterThan(0);
    // A week-old idempotency record is forgotten (the run is 1,000 days ahead).
    expect((await p.db.pool.query('SELECT count(*) FROM idempotency_keys')).rows[0].count).toBe('0');
    expect(anonymised).toBe(1);

    const after = await row(old);
    expect(after).toMatchObject({
      reference: old,
      status: 'closed',
      office_id: before.office_id,
      category: before.category,
      channel: before.channel,
      municipality_code: before.municipality_code,
      name: 'anonimizovano',
      surname: 'anonimizovano',
      email: null,
      phone: null,
      subject: null,
      message: 'anonimizovano',
    });
    expect(after.received_at).toEqual(before.received_at);
    expect(after.anonymised_at).not.toBeNull();
    const dump = JSON.stringify(
      (await p.db.pool.query(
        `SELECT s.*, (SELECT json_agg(o) FROM outbox o WHERE o.submission_id = s.id) AS outbox,
                (SELECT json_agg(e) FROM submission_events e WHERE e.submission_id = s.id) AS events
           FROM submissions s WHERE s.reference = $1`,
        [old],
      )).rows,
    );
    for (const personal of ['Zaboravljenović', 'zaboravljenovic', 'old@example.rs', '+381641234567', 'Stara poruka', 'Gradsko']) {
      expect(dump).not.toContain(personal);
    }
    expect((await row(recent)).surname).toBe('Skorašnjić');
    expect((await row(open)).surname).toBe('Otvorenović');

    const { rows } = await p.db.pool.query(`SELECT details FROM audit_log WHERE action = 'retention.run'`);
    expect(rows.at(-1)?.details).toMatchObject({ retentionDays: 1825, anonymised: 1 });

    // The anonymised letter is still counted and still found by its reference.
    const found = await agent.get('/api/v1/staff/submissions').query({ q: old });
    expect(found.body.items.map((i: { reference: string }) => i.reference)).toEqual([old]);
    expect(await applyRetention(p.db.pool, now, 1825)).toBe(0);
  });
});

describe('citizens\' rights', () => {
  it('an admin exports everything held about a person, then erases it; both are audited', async () => {
    const agent = await loggedIn(p.app, 'admin@president.example');
    const a = await routedLetter({ surname: 'Pravić', email: 'rights@example.rs', phone: '', message: 'Prvo pismo o pravima građana.' });
    const b = await routedLetter({ surname: 'Pravić', email: 'RIGHTS@example.rs', phone: '', message: 'Drugo pismo o pravima građana.' });
    const other = await routedLetter({ surname: 'Drugić', email: 'other@example.rs', phone: '' });

    const exported = await agent.post('/api/v1/admin/privacy/export').send({ email: 'rights@example.rs' });
    expect(exported.status).toBe(200);
    expect(exported.body.letters.map((l: { reference: string }) => l.reference)).toEqual([a, b]);
    expect(exported.body.messages.length).toBe(2);
    expect(JSON.stringify(exported.body)).toContain('Prvo pismo o pravima');

    const erased = await agent.post('/api/v1/admin/privacy/erase').send({ email: 'rights@example.rs' });
    expect(erased.body).toEqual({ erased: 2 });
    expect((await row(a)).surname).toBe('anonimizovano');
    expect((await row(b)).message).toBe('anonimizovano');
    expect((await row(other)).surname).toBe('Drugić');
    const again = await agent.post('/api/v1/admin/privacy/export').send({ email: 'rights@example.rs' });
    expect(again.body.letters).toEqual([]);

    const { rows } = await p.db.pool.query(`SELECT action, details FROM audit_log WHERE action LIKE 'privacy.%' ORDER BY id`);
    expect(rows.map((r) => r.action)).toEqual(['privacy.exported', 'privacy.erased', 'privacy.exported']);
    expect(rows[1].details.letters).toEqual([a, b]);
    expect((await agent.post('/api/v1/admin/privacy/erase').send({})).status).toBe(422);
    const officer = await makeUser(p.db.pool, 'o@president.example', 'supervisor');
    expect(officer).toBeGreaterThan(0);
    const supervisor = await loggedIn(p.app, 'o@president.example');
    expect((await supervisor.post('/api/v1/admin/privacy/export').send({ email: 'other@example.rs' })).status).toBe(403);
  });
});
