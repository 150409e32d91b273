import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleLetter } from '../helpers/letters.js';
import { mailSettled, startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { loggedIn, makeUser } from '../helpers/staff.js';
import { WAIT_MS, waitFor } from '../helpers/wait.js';

let p: Pipeline;
const prefix = uniquePrefix('campaigns');

beforeAll(async () => {
  p = await startPipeline({ redisUrl: REDIS_URL, prefix });
  await makeUser(p.db.pool, 'super@president.example', 'supervisor');
});

afterAll(async () => {
  await p.close();
  await deleteKeys(REDIS_URL, prefix);
});

const TEMPLATE = [
  'Поштовани председниче, обраћамо вам се као становници општине која већ годинама чека реконструкцију регионалног пута.',
  'Пут је у веома лошем стању, деца свакога дана пешаче до школе поред рупа и без тротоара, а возила хитне помоћи тешко пролазе.',
  'Локална самоуправа нам одговара да нема средстава, а републичке институције да пут није у њиховој надлежности.',
  'Молимо вас да утичете на надлежне да се пут уврсти у план радова за наредну годину и да се обезбеди безбедан прелаз код школе.',
  'Унапред вам захваљујемо на пажњи и верујемо да ћете разумети колико нам је ово важно.',
];

const VOCABULARY = (
  'pismo molba pomoć škola bolnica lečenje penzija posao zaposlenje stan kredit banka sud presuda advokat porez opština ' +
  'selo grad autobus voz struja voda kanalizacija ulica park sport klub kultura pozorište biblioteka knjiga nastavnik ' +
  'učenik student stipendija fakultet ispit diploma lekar sestra ambulanta apoteka lek operacija invaliditet dodatak ' +
  'dete porodica majka otac brat sestra komšija zemlja njiva traktor seme đubrivo subvencija stoka mleko cena tržište ' +
  'prodavnica radnja firma preduzetnik račun ugovor plata otkaz sindikat štrajk inspekcija policija saobraćaj kazna ' +
  'parking granica pasoš lična karta matičar izvod venčanje rođenje smrt groblje crkva manastir spomenik muzej ' +
  'arhiv istorija rat borac veteran penzioner dom zdravlje gas grejanje most reka poplava suša požar šuma lov ribolov'
).split(' ');

/** A letter on no common template: 60 words drawn from the vocabulary with a seeded generator. */
function distinctLetter(seed: number): string {
  let state = seed * 2654435761;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state;
  };
  return Array.from({ length: 60 }, () => VOCABULARY[next() % VOCABULARY.length]).join(' ') + '.';
}

async function submit(overrides: Record<string, unknown>): Promise<string> {
  const res = await request(p.app).post('/api/v1/submissions').send(exampleLetter(overrides));
  expect(res.status).toBe(201);
  return res.body.reference;
}

const statusOf = async (reference: string) =>
  (await p.db.pool.query('SELECT status, campaign_id, duplicate_of FROM submissions WHERE reference = $1', [reference])).rows[0];

describe('campaigns', () => {
  it('when 150 citizens send the same template (names, a changed sentence, either script) among 100 other letters, then they form one campaign', async () => {
    const campaign: string[] = [];
    const others: string[] = [];
    for (let i = 0; i < 250; i++) {
      if (i % 5 < 3) {
        const sentences = [...TEMPLATE];
        if (i % 3 === 0) sentences[2] = 'Лично сам се обраћао општини три пута, али одговор никада нисам добио.';
        let message = `${sentences.join(' ')} С поштовањем, грађанин број ${i}.`;
        if (i % 2 === 0) message = message.replace(/Поштовани председниче/, 'Поштовани господине председниче');
        campaign.push(await submit({ name: `Građanin${String.fromCharCode(65 + (i % 26))}`, email: `c${i}@example.rs`, message }));
      } else {
        others.push(await submit({ email: `o${i}@example.rs`, message: distinctLetter(i) }));
      }
    }
    await waitFor(async () => {
      const { rows } = await p.db.pool.query(`SELECT count(*) FROM submissions WHERE status = 'received'`);
      return Number(rows[0].count) === 0;
    }, 2 * WAIT_MS, 'all letters routed');

    const campaignRows = await Promise.all(campaign.map(statusOf));
    const ids = new Set(campaignRows.map((r) => r.campaign_id));
    expect(ids.size).toBe(1);
    expect([...ids][0]).not.toBeNull();
    const otherRows = await Promise.all(others.map(statusOf));
    expect(otherRows.filter((r) => r.campaign_id !== null)).toEqual([]);

    const agent = await loggedIn(p.app, 'super@president.example');
    const grouped = await agent.get('/api/v1/staff/submissions').query({ group: 'campaign', limit: 100 });
    const campaignLines = grouped.body.items.filter((i: { campaign: unknown }) => i.campaign !== null);
    expect(campaignLines).toHaveLength(1);
    expect(campaignLines[0].campaign.size).toBe(150);
    expect(campaignLines[0].reference).toBe(campaign.at(-1));
    const members = await agent.get('/api/v1/staff/submissions').query({ campaign: campaignLines[0].campaign.id, limit: 100 });
    expect(members.body.items).toHaveLength(100);
    expect(members.body.nextCursor).not.toBeNull();

    // Answered once for the whole campaign: one reply per letter, each letter answered.
    const reply = await agent
      .post(`/api/v1/staff/campaigns/${campaignLines[0].campaign.id}/reply`)
      .send({ body: 'Поштовани, ваш захтев за реконструкцију пута прослеђен је Министарству.' });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ replied: 150, skipped: 0 });
    const { rows } = await p.db.pool.query(
      `SELECT count(*) FILTER (WHERE status = 'answered') AS answered,
              (SELECT count(*) FROM replies r WHERE r.submission_id = ANY(array_agg(s.id))) AS replies
         FROM submissions s WHERE campaign_id = $1`,
      [campaignLines[0].campaign.id],
    );
    expect(rows[0]).toEqual({ answered: '150', replies: '150' });
    const again = await agent.post(`/api/v1/staff/campaigns/${campaignLines[0].campaign.id}/reply`).send({ body: 'Још једном.' });
    expect(again.body).toEqual({ replied: 0, skipped: 150 });
  }, 240_000);
});

describe('duplicates', () => {
  it('when the same sender sends the same letter twice within 24 hours, then the second is a duplicate and is not acknowledged', async () => {
    const message = 'Ponavljam svoje pismo o vodovodu u našem selu, jer nisam siguran da je stiglo.';
    const first = await submit({ email: 'twice@example.rs', message });
    const second = await submit({ email: 'TWICE@example.rs', message: `  ${message.toUpperCase()} ` });
    const otherSender = await submit({ name: 'Jelena', email: 'someone-else@example.rs', phone: '', message });
    await mailSettled(p, [first, second, otherSender]);
    expect((await statusOf(first)).status).toBe('routed');
    expect(await statusOf(second)).toMatchObject({ status: 'duplicate' });
    expect((await statusOf(otherSender)).status).toBe('routed');
    const acks = p.smtp.received.filter((m) => m.to.includes('twice@example.rs'));
    expect(acks.map((m) => m.reference)).toEqual([first]);
    const agent = await loggedIn(p.app, 'super@president.example');
    const detail = await agent.get(`/api/v1/staff/submissions/${second}`);
    expect(detail.body.duplicateOf).toBe(first);
    expect(detail.body.events.map((e: { kind: string }) => e.kind)).toEqual(['duplicate_of']);
  });
});
