import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleLetter } from '../helpers/letters.js';
import { processRaw, rawMail } from '../helpers/inbound.js';
import { mailSettled, startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { loggedIn, makeUser, submitRouted } from '../helpers/staff.js';
import { WAIT_MS, waitFor } from '../helpers/wait.js';

// The reports page and its CSV over letters whose times are set by hand, so
// every number on the page is known in advance.

let p: Pipeline;
const prefix = uniquePrefix('reports');
const SUPERVISOR = 'reports-super@president.example';
const CLERK = 'reports-clerk@president.example';
const CITIZENS_OFFICER = 'reports-officer@president.example';
const LEGAL_OFFICER = 'reports-legal@president.example';
const PERIOD = 'from=2026-03-01&to=2026-03-15';

const TOPICS = ['vodovod u selu', 'školski autobus', 'isplata penzije', 'prijem u bolnicu', 'most preko reke', 'ulična rasveta', 'pijaca'];
let n = 0;
const letter = (overrides: Record<string, unknown> = {}) => {
  n += 1;
  return { email: `reports${n}@example.rs`, surname: `Izveštajić${'abcdefgh'[n]}`, message: `Poštovani, pišem vam o temi: ${TOPICS[n % TOPICS.length]}, broj ${n * 104_729}.`, ...overrides };
};

const setReceived = (reference: string, at: string) =>
  p.db.pool.query('UPDATE submissions SET received_at = $2 WHERE reference = $1', [reference, at]);
const setAckSent = (reference: string, at: string) =>
  p.db.pool.query(`UPDATE outbox SET sent_at = $2 WHERE kind = 'acknowledgement' AND submission_id = (SELECT id FROM submissions WHERE reference = $1)`, [reference, at]);

beforeAll(async () => {
  p = await startPipeline({ redisUrl: REDIS_URL, prefix });
  await makeUser(p.db.pool, SUPERVISOR, 'supervisor');
  await makeUser(p.db.pool, CLERK, 'clerk');
  await makeUser(p.db.pool, CITIZENS_OFFICER, 'officer', 'citizens');
  await makeUser(p.db.pool, LEGAL_OFFICER, 'officer', 'legal');

  // Three web letters in the week of 2 March, acknowledged after 1, 2 and 10 hours.
  const web = [await submitRouted(p, exampleLetter(letter())), await submitRouted(p, exampleLetter(letter())), await submitRouted(p, exampleLetter(letter()))];
  await mailSettled(p, web);
  for (const [i, hours] of [1, 2, 10].entries()) {
    await setReceived(web[i]!, '2026-03-03T10:00:00Z');
    await setAckSent(web[i]!, new Date(Date.parse('2026-03-03T10:00:00Z') + hours * 3_600_000).toISOString());
  }
  // A complaint from Niš in the week of 9 March, answered two days later.
  const answered = await submitRouted(p, exampleLetter(letter({ category: 'complaint', municipality: 'Ниш', address: 'Obrenovićeva 1, 18000 Niš' })));
  const agent = await loggedIn(p.app, SUPERVISOR);
  expect((await agent.post(`/api/v1/staff/submissions/${answered}/reply`).send({ body: 'Poštovani, odgovaramo vam.' })).status).toBe(201);
  await setReceived(answered, '2026-03-10T08:00:00Z');
  await p.db.pool.query(`UPDATE replies SET created_at = '2026-03-12T08:00:00Z' WHERE submission_id = (SELECT id FROM submissions WHERE reference = $1)`, [answered]);
  // A postal letter and a letter by email in the same week.
  const clerk = await loggedIn(p.app, CLERK);
  const postal = await clerk.post('/api/v1/staff/postal').send({
    name: 'Драган', surname: 'Поштић', municipality: 'Ниш', address: 'Обреновићева 10, 18000 Ниш', category: 'request',
    message: 'Писмо примљено поштом за извештај.', receivedAt: '2026-03-11',
  });
  expect(postal.status).toBe(201);
  await setReceived(postal.body.reference, '2026-03-11T09:00:00Z');
  const byEmail = await processRaw(p, rawMail({
    From: 'Marko Marković <reports.mail@example.rs>', To: 'pisma@president.example', Subject: 'Pitanje o putu',
    Date: 'Thu, 12 Mar 2026 10:00:00 +0000', 'Message-ID': `<reports.${Date.now()}@example.rs>`, 'Content-Type': 'text/plain; charset=utf-8',
  }, 'Poštovani, pitanje o lokalnom putu za izveštaj.'));
  expect(byEmail.state).toBe('letter');
  await p.db.pool.query(`UPDATE submissions SET received_at = '2026-03-12T10:00:00Z' WHERE id = $1`, [byEmail.submission_id]);
  // Outside the period, and spam: neither is counted.
  await setReceived(await submitRouted(p, exampleLetter(letter())), '2026-02-20T10:00:00Z');
  const spam = await submitRouted(p, exampleLetter(letter()));
  await p.db.pool.query('UPDATE submissions SET is_spam = true WHERE reference = $1', [spam]);
  await setReceived(spam, '2026-03-04T10:00:00Z');
  await waitFor(async () => (await p.db.pool.query(`SELECT count(*)::int AS n FROM submissions WHERE status = 'received'`)).rows[0].n === 0, WAIT_MS, 'all routed');
});

afterAll(async () => {
  await p.close();
  await deleteKeys(REDIS_URL, prefix);
});

/** The rows of the table in the section with this heading id, as text cells. */
function tableIn(page: string, section: string): string[][] {
  const part = page.split(`id="section-${section}"`)[1]?.split('</table>')[0] ?? '';
  return [...part.matchAll(/<tr>(.*?)<\/tr>/gs)].map((m) => [...m[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((c) => c[1]!));
}

describe('the reports page', () => {
  it('when a supervisor asks for a period, then letters per week and channel, category, office and place, and the timings are exact', async () => {
    const agent = await loggedIn(p.app, SUPERVISOR);
    const res = await agent.get(`/staff/reports?${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Ukupno: <strong>6</strong>');
    expect(tableIn(res.text, 'weekly')).toEqual([
      ['Nedelja (od ponedeljka)', 'Veb-obrazac', 'E-pošta', 'Pošta', 'Ukupno'],
      ['2026-02-23', '0', '0', '0', '0'],
      ['2026-03-02', '3', '0', '0', '3'],
      ['2026-03-09', '1', '1', '1', '3'],
    ]);
    expect(tableIn(res.text, 'categories')).toEqual([['Vrsta obraćanja', 'Pisama'], ['Pitanje', '4'], ['Pritužba', '1'], ['Molba', '1']]);
    expect(tableIn(res.text, 'municipalities')).toEqual([['Grad ili opština', 'Pisama'], ['Čačak', '3'], ['Niš', '2']]);
    const timings = tableIn(res.text, 'timings');
    expect(timings.find((r) => r[0] === 'Veb-obrazac')).toEqual(['Veb-obrazac', '4', '4', expect.any(String), expect.any(String), '1', '2 d', '2 d']);
    // The three acknowledgements set by hand are three of the four web letters' (the fourth was sent just now, days after its receipt).
    expect(res.text).toMatch(/<svg class="chart"[^>]*role="img"/);
    expect(res.text).toContain('href="/staff/reports/weekly.csv?from=2026-03-01&amp;to=2026-03-15"');
  });

  it('when a table is downloaded, then it is the same numbers as CSV, hours as numbers', async () => {
    const agent = await loggedIn(p.app, SUPERVISOR);
    const res = await agent.get(`/staff/reports/timings.csv?${PERIOD}`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="pisarnica-timings-2026-03-01-2026-03-15.csv"');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const lines = res.text.replace(/^\ufeff/, '').trim().split('\n');
    expect(lines[0]).toBe('Kanal,Pisama,Potvrđeno,"Do potvrde, medijana (sati)","Do potvrde, 90. percentil (sati)",Odgovoreno,"Do odgovora, medijana (sati)","Do odgovora, 90. percentil (sati)"');
    const weekly = await agent.get(`/staff/reports/weekly.csv?${PERIOD}`).buffer(true);
    expect(weekly.text.replace(/^\ufeff/, '').trim().split('\n').slice(1)).toEqual(['2026-02-23,0,0,0,0', '2026-03-02,3,0,0,3', '2026-03-09,1,1,1,3']);
  });

  it('when only the hand-set acknowledgements count, then the median is 2 hours and the 90th percentile 8.4', async () => {
    await p.db.pool.query(`UPDATE outbox SET sent_at = NULL WHERE kind = 'acknowledgement' AND submission_id IN (SELECT id FROM submissions WHERE received_at >= '2026-03-09' AND channel = 'web')`);
    const agent = await loggedIn(p.app, SUPERVISOR);
    const csv = await agent.get(`/staff/reports/timings.csv?${PERIOD}`).buffer(true);
    const web = csv.text.split('\n').find((l) => l.startsWith('Veb-obrazac'));
    expect(web).toBe('Veb-obrazac,4,3,2,8.4,1,48,48');
  });

  it('when an officer opens the reports, then they see their own office only', async () => {
    const citizens = await (await loggedIn(p.app, CITIZENS_OFFICER)).get(`/staff/reports?${PERIOD}`);
    expect(citizens.status).toBe(200);
    expect(citizens.text).toContain('Samo pisma službe:');
    const { rows } = await p.db.pool.query(
      `SELECT count(*)::int AS n FROM submissions s JOIN offices o ON o.id = s.office_id WHERE o.code = 'citizens' AND NOT s.is_spam AND s.received_at >= '2026-03-01' AND s.received_at < '2026-03-16'`,
    );
    expect(citizens.text).toContain(`Ukupno: <strong>${rows[0].n}</strong>`);
    const legal = await (await loggedIn(p.app, LEGAL_OFFICER)).get(`/staff/reports?${PERIOD}`);
    const { rows: legalRows } = await p.db.pool.query(
      `SELECT count(*)::int AS n FROM submissions s JOIN offices o ON o.id = s.office_id WHERE o.code = 'legal' AND NOT s.is_spam AND s.received_at >= '2026-03-01' AND s.received_at < '2026-03-16'`,
    );
    expect(legal.text).toContain(`Ukupno: <strong>${legalRows[0].n}</strong>`);
    expect(rows[0].n + legalRows[0].n).toBeLessThanOrEqual(6);
  });

  it('when the period is wrong, the table unknown, or the person a clerk or signed out, then a clear refusal', async () => {
    const agent = await loggedIn(p.app, SUPERVISOR);
    const bad = await agent.get('/staff/reports?from=2026-03-20&to=2026-03-01');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Početak perioda je posle kraja.');
    expect(bad.text).toContain('value="2026-03-20"');
    expect((await agent.get('/staff/reports?from=2026-13-01')).status).toBe(422);
    expect((await agent.get(`/staff/reports/passwords.csv?${PERIOD}`)).status).toBe(404);
    expect((await agent.get('/staff/reports/weekly.csv?from=nope')).status).toBe(400);
    expect((await (await loggedIn(p.app, CLERK)).get('/staff/reports')).status).toBe(403);
    expect((await request(p.app).get('/staff/reports')).status).not.toBe(200);
  });
});
