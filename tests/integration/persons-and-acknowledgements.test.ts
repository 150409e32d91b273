import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/db/pool.js';
import { routeSubmission } from '../../src/routing/route-letter.js';
import { recordLetter } from '../../src/submissions/intake.js';
import { letterFromWeb, webSubmissionSchema } from '../../src/submissions/submission.schema.js';
import { seededRandom } from '../../src/text/mulberry32.js';
import { APP_DEFAULTS } from '../helpers/app-defaults.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { exampleLetter } from '../helpers/letters.js';
import { startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { loggedIn, makeUser } from '../helpers/staff.js';
import { waitFor } from '../helpers/wait.js';

let p: Pipeline;
/** The file's limit (LIMIT), lower than the default so the tests stay short. */
const LIMIT = 3;
const prefix = uniquePrefix('persons');

beforeAll(async () => {
  p = await startPipeline({ redisUrl: REDIS_URL, prefix, settings: { acknowledgementsPerAddressPerDay: LIMIT } });
  await makeUser(p.db.pool, 'super@president.example', 'supervisor');
  await makeUser(p.db.pool, 'officer.legal@president.example', 'officer', 'legal');
});

afterAll(async () => {
  await p.close();
  await deleteKeys(REDIS_URL, prefix);
});

// One text per test, each long enough to be a campaign, unlike the others (so tests do not join each
// other's campaigns) and with no routing keyword in it (so a `question` goes to the default office).
const LIGHTING =
  'Poštovani, pišemo vam kao stanari naše ulice jer javna rasveta ne radi već tri meseca i uveče je potpuno mrak. ' +
  'Molimo vas da utičete na nadležne da se rasveta popravi što pre, jer se deca vraćaju kući po mraku.';
const WATER =
  'Kao članovi udruženja stanara obraćamo vam se zbog vode: gradski vodovod u našem naselju već dve nedelje daje ' +
  'mutnu vodu, a javno preduzeće ne odgovara na naše prijave. Tražimo da se voda ispita i da se građani obaveste.';
const BUS =
  'Molim vas da se autobuska linija broj sedam vrati na staru trasu, jer sada stariji ljudi iz mog dela grada ' +
  'moraju da pešače više od dva kilometra do prve stanice, po blatu i bez trotoara.';
const PARK =
  'Potpisnici ove peticije traže da se gradski park u centru ne pretvara u parkiralište, jer je to jedina zelena ' +
  'površina gde deca mogu bezbedno da se igraju, a stariji da se odmore u hladu.';

async function submit(overrides: Record<string, unknown>): Promise<string> {
  const res = await request(p.app).post('/api/v1/submissions').send(exampleLetter(overrides));
  expect(res.status).toBe(201);
  return res.body.reference;
}

const rowsOf = async (references: string[]) =>
  (await p.db.pool.query<{ reference: string; status: string; campaign_id: string | null; duplicate_of: string | null }>(
    'SELECT reference, status, campaign_id, duplicate_of FROM submissions WHERE reference = ANY($1) ORDER BY id',
    [references],
  )).rows;

const allRouted = (references: string[]) =>
  waitFor(async () => (await rowsOf(references)).every((r) => r.status !== 'received'), 60_000, 'letters routed');

/** Waits until every message of these letters has left the outbox, then returns what the mail server got for them. */
async function deliveredFor(references: string[]) {
  await waitFor(async () => {
    const { rows } = await p.db.pool.query(
      `SELECT count(*)::int AS n FROM outbox o JOIN submissions s ON s.id = o.submission_id
        WHERE s.reference = ANY($1) AND o.status <> 'sent'`,
      [references],
    );
    return rows[0].n === 0;
  }, 60_000, 'messages sent');
  const mails = p.smtp.received.filter((m) => m.reference !== undefined && references.includes(m.reference));
  return {
    acknowledgements: mails.filter((m) => !m.to.some((to) => to.endsWith('@president.example'))),
    notifications: mails.filter((m) => m.to.some((to) => to.endsWith('@president.example'))),
  };
}

describe('a different person is never a duplicate', () => {
  it('when two people of one household (other names, other emails, one landline) send the same words, then both are acknowledged and they form a campaign', async () => {
    const household = { surname: 'Marković', address: 'Cara Dušana 12, 32000 Čačak', phone: '032 322 445', message: LIGHTING };
    const mother = await submit({ ...household, name: 'Milena', email: 'milena.markovic@example.rs' });
    const son = await submit({ ...household, name: 'Nikola', email: 'nikola.markovic@example.rs' });
    await allRouted([mother, son]);
    const rows = await rowsOf([mother, son]);
    expect(rows.map((r) => r.status)).toEqual(['routed', 'routed']);
    expect(rows.map((r) => r.duplicate_of)).toEqual([null, null]);
    expect(rows[0]?.campaign_id).not.toBeNull();
    expect(rows[1]?.campaign_id).toBe(rows[0]?.campaign_id);
    const { acknowledgements } = await deliveredFor([mother, son]);
    expect(acknowledgements.map((m) => [m.reference, m.to])).toEqual(
      expect.arrayContaining([[mother, ['milena.markovic@example.rs']], [son, ['nikola.markovic@example.rs']]]),
    );
    expect(acknowledgements).toHaveLength(2);
  });

  it('when 40 members of an association send one text with its one phone and their 40 emails, then all 40 are acknowledged and form one campaign', async () => {
    const references = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        submit({
          name: `Član${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`,
          surname: 'Udruženjević',
          address: `Bulevar oslobođenja ${i + 1}, 32000 Čačak`,
          phone: '032 765 432',
          email: `clan${i}@udruzenje.example`,
          message: WATER,
        }),
      ),
    );
    await allRouted(references);
    const rows = await rowsOf(references);
    expect(rows.filter((r) => r.status !== 'routed')).toEqual([]);
    const campaigns = new Set(rows.map((r) => r.campaign_id));
    expect(campaigns.size).toBe(1);
    expect([...campaigns][0]).not.toBeNull();
    const { acknowledgements, notifications } = await deliveredFor(references);
    expect(new Set(acknowledgements.map((m) => m.reference))).toEqual(new Set(references));
    expect(acknowledgements).toHaveLength(40);
    expect(notifications).toHaveLength(40);
  }, 120_000);

  it('when the same person sends the same letter twice (email in other case, name in Cyrillic), then the second is a duplicate and only the first is acknowledged', async () => {
    const person = { name: 'Dragana', surname: 'Ilić', address: 'Njegoševa 3, 32000 Čačak', phone: '064 555 1212', message: BUS };
    const first = await submit({ ...person, email: 'dragana.ilic@example.rs' });
    await allRouted([first]);
    const second = await submit({ ...person, name: 'Драгана', surname: 'Илић', email: 'Dragana.Ilic@Example.rs' });
    // By phone and name alone (no email this time): still the same person.
    const third = await submit({ ...person, name: 'DRAGANA', surname: 'Ilic', email: '' });
    await allRouted([second, third]);
    const rows = await rowsOf([first, second, third]);
    expect(rows.map((r) => r.status)).toEqual(['routed', 'duplicate', 'duplicate']);
    const { rows: firstId } = await p.db.pool.query('SELECT id FROM submissions WHERE reference = $1', [first]);
    expect(rows.slice(1).map((r) => r.duplicate_of)).toEqual([firstId[0].id, firstId[0].id]);
    const { acknowledgements } = await deliveredFor([first, second, third]);
    expect(acknowledgements.map((m) => m.reference)).toEqual([first]);
    // Nor is the letter without email acknowledged on paper.
    const { rows: printed } = await p.db.pool.query(
      `SELECT count(*)::int AS n FROM print_queue q JOIN submissions s ON s.id = q.submission_id WHERE s.reference = $1`,
      [third],
    );
    expect(printed[0].n).toBe(0);
  });
});

describe('acknowledgements per address', () => {
  it(`when one address sends ${LIMIT + 2} different letters at once, then it gets ${LIMIT} acknowledgements, the office all the notifications, and staff see why`, async () => {
    const references = await Promise.all(
      Array.from({ length: LIMIT + 2 }, () => submit({ email: 'Many.Letters@example.rs' })),
    );
    await allRouted(references);
    expect((await rowsOf(references)).map((r) => r.status)).toEqual(references.map(() => 'routed'));
    const { acknowledgements, notifications } = await deliveredFor(references);
    expect(acknowledgements).toHaveLength(LIMIT);
    expect(notifications.map((m) => m.reference).sort()).toEqual([...references].sort());

    const acknowledged = new Set(acknowledgements.map((m) => m.reference));
    const withheld = references.filter((r) => !acknowledged.has(r));
    expect(withheld).toHaveLength(2);
    const agent = await loggedIn(p.app, 'super@president.example');
    for (const reference of withheld) {
      const detail = await agent.get(`/api/v1/staff/submissions/${reference}`);
      expect(detail.body.messages.map((m: { kind: string }) => m.kind)).toEqual(['office_notification']);
      expect(detail.body.events[0].data.acknowledgement).toEqual({ withheld: 'daily_limit', limit: LIMIT });
      const page = await agent.get(`/staff/letters/${reference}`);
      expect(page.text).toContain(`potvrda prijema nije poslata: na ovu adresu ih je u poslednja 24 sata poslato ${LIMIT}`);
    }
    // The plain tracking token is not kept for an acknowledgement that will not be sent.
    const { rows } = await p.db.pool.query(
      'SELECT count(*)::int AS n FROM submissions WHERE reference = ANY($1) AND tracking_token_pending IS NOT NULL',
      [withheld],
    );
    expect(rows[0].n).toBe(0);
  }, 120_000);
});

describe('acknowledgements per address, routed in parallel', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = createPool(db.url, 12);
  });

  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('when many letters from one address are routed at the same moment, then no more than the limit get an acknowledgement', async () => {
    // Unrelated texts: letters of one campaign would wait for each other on their band keys anyway.
    const random = seededRandom(13);
    const words = 'put selo škola most voda struja lekar penzija posao porez opština autobus reka polje park ulica'.split(' ');
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) {
      const message = Array.from({ length: 40 }, () => words[Math.floor(random() * words.length)]).join(' ');
      const letter = letterFromWeb(webSubmissionSchema.parse(exampleLetter({ email: 'race@example.rs', message })), 'sr-Latn');
      const stored = await recordLetter(db.pool, letter, new Date());
      if (stored.kind !== 'created') throw new Error('not stored');
      ids.push(stored.submissionId);
    }
    await Promise.all(ids.map((id) => routeSubmission({ pool, ...APP_DEFAULTS, acknowledgementsPerAddressPerDay: LIMIT }, id)));
    const { rows } = await db.pool.query(
      `SELECT kind, count(*)::int AS n FROM outbox GROUP BY kind ORDER BY kind`,
    );
    expect(rows).toEqual([
      { kind: 'acknowledgement', n: LIMIT },
      { kind: 'office_notification', n: 10 },
    ]);
  }, 60_000);

  it('when the limit is 0, then every letter from one address is acknowledged', async () => {
    const ids: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      const message = `Pismo broj ${i} o temi koja nije ista kao u drugim pismima ovog testa.`;
      const letter = letterFromWeb(webSubmissionSchema.parse(exampleLetter({ email: 'unlimited@example.rs', message })), 'sr-Latn');
      const stored = await recordLetter(db.pool, letter, new Date());
      if (stored.kind !== 'created') throw new Error('not stored');
      ids.push(stored.submissionId);
    }
    await Promise.all(ids.map((id) => routeSubmission({ pool, ...APP_DEFAULTS, acknowledgementsPerAddressPerDay: 0 }, id)));
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM outbox WHERE kind = 'acknowledgement' AND recipient = 'unlimited@example.rs'`,
    );
    expect(rows[0].n).toBe(LIMIT + 2);
  }, 60_000);
});

describe('campaigns across offices', () => {
  it('when a campaign has letters in two offices, then an officer of one sees only its count and, grouped, a line with its newest letter', async () => {
    const text = PARK;
    const legalOld = await submit({ name: 'Ivana', email: 'ivana@example.rs', phone: '', category: 'pardon', message: text });
    const legalNew = await submit({ name: 'Jovan', email: 'jovan@example.rs', phone: '', category: 'pardon', message: text });
    await allRouted([legalOld, legalNew]);
    const citizens = await submit({ name: 'Kosta', email: 'kosta@example.rs', phone: '', category: 'question', message: text });
    await allRouted([citizens]);
    const rows = await rowsOf([legalOld, legalNew, citizens]);
    expect(new Set(rows.map((r) => r.campaign_id)).size).toBe(1);
    const campaignId = Number(rows[0]?.campaign_id);
    const offices = await p.db.pool.query(
      `SELECT s.reference, o.code FROM submissions s JOIN offices o ON o.id = s.office_id WHERE s.reference = ANY($1) ORDER BY s.id`,
      [[legalOld, legalNew, citizens]],
    );
    expect(offices.rows.map((r) => r.code)).toEqual(['legal', 'legal', 'citizens']);

    const officer = await loggedIn(p.app, 'officer.legal@president.example');
    const list = await officer.get('/api/v1/staff/submissions').query({ campaign: campaignId });
    expect(list.body.items.map((i: { reference: string }) => i.reference)).toEqual([legalNew, legalOld]);
    expect(list.body.items.map((i: { campaign: { size: number } }) => i.campaign.size)).toEqual([2, 2]);
    const grouped = await officer.get('/api/v1/staff/submissions').query({ group: 'campaign' });
    const lines = grouped.body.items.filter((i: { campaign: { id: number } | null }) => i.campaign?.id === campaignId);
    expect(lines.map((l: { reference: string; campaign: { size: number } }) => [l.reference, l.campaign.size])).toEqual([[legalNew, 2]]);

    // A supervisor sees every office: the whole campaign, its newest letter being the citizens' service's.
    const supervisor = await loggedIn(p.app, 'super@president.example');
    const all = await supervisor.get('/api/v1/staff/submissions').query({ group: 'campaign' });
    const line = all.body.items.filter((i: { campaign: { id: number } | null }) => i.campaign?.id === campaignId);
    expect(line.map((l: { reference: string; campaign: { size: number } }) => [l.reference, l.campaign.size])).toEqual([[citizens, 3]]);
  });
});
