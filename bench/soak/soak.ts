// The soak: N letters through the whole pipeline (API in this process, two worker
// processes from source) while Redis is flushed, the SMTP server refuses or drops
// messages, and a worker is killed with SIGKILL and restarted, all on a schedule.
// At the end PostgreSQL and the SMTP server's record say whether anything was lost
// or sent twice. `npm run soak` (bench/soak/cli.ts) and tests/reliability/soak.test.ts
// both call runSoak.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { createPool, type Pool } from '../../src/db/pool.js';
import { createApp } from '../../src/app.js';
import { redisQueueConnection, type QueueConnection } from '../../src/queue/connection.js';
import { createProducers } from '../../src/queue/producers.js';
import { KEY_PREFIX } from '../../src/run.js';
import { APP_DEFAULTS } from '../../tests/helpers/app-defaults.js';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/database.js';
import { exampleLetter } from '../../tests/helpers/letters.js';
import { capturingLogger } from '../../tests/helpers/logger.js';
import { redisUrlForDb } from '../../tests/helpers/redis.js';
import { startSmtpServer, type TestSmtp } from '../../tests/helpers/smtp.js';
import { sleep } from '../../tests/helpers/wait.js';
import { spawnWorker, type WorkerProcess } from '../../tests/helpers/worker-process.js';
import { seededRandom } from '../../src/text/mulberry32.js';
import { randomWord } from '../letter-body.js';

export type SoakOptions = {
  letters: number;
  /** FLUSHDB of the soak's Redis database every this many ms (0: never). */
  flushEveryMs: number;
  /** SIGKILL one worker process (taking turns) and start a new one every this many ms (0: never). */
  killEveryMs: number;
  /** Fraction of messages the SMTP server answers with 451. */
  tempFailFraction: number;
  /** Fraction of messages the SMTP server answers with 421 and a closed connection. */
  dropFraction: number;
  workers: number;
  /** The soak's own Redis database number; it is flushed, so no test may share it (11 is taken). */
  redisDb: number;
  /** Letters POSTed at once. */
  concurrency: number;
  /**
   * A second copy is explained by a kill that came after its first copy was
   * accepted and before the message was marked sent; the kill may also come up
   * to this many ms before the acceptance: the server finishing a message that
   * was already in its socket when the sender died (seen 297 ms late on a
   * loaded machine). The soak adds this process's longest event-loop delay:
   * the SMTP server runs here, and its acceptance times are that much late.
   */
  acceptSlackMs: number;
  /** Every n-th letter has no email (postal acknowledgement, office notification only); 0: all have one. */
  withoutEmailEvery: number;
  /** Give up waiting for the pipeline to finish after this many ms once all letters are in. */
  drainTimeoutMs: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** Aborting stops submitting and draining; the soak then cleans up (workers, Redis, database) and throws. */
  signal?: AbortSignal;
};

export const SOAK_DEFAULTS: SoakOptions = {
  letters: 20_000,
  flushEveryMs: 30_000,
  killEveryMs: 20_000,
  tempFailFraction: 0.1,
  dropFraction: 0.01,
  workers: 2,
  redisDb: 12,
  concurrency: 8,
  acceptSlackMs: 1_000,
  withoutEmailEvery: 20,
  drainTimeoutMs: 30 * 60_000,
};

export type SoakKill = { at: number; worker: number; pid: number | undefined };

export type Duplicate = { messageId: string; acceptedAt: number[]; sentAt: number | null; nearestKillMs: number | null; explained: boolean };

export type SoakResult = {
  ok: boolean;
  problems: string[];
  figures: {
    lettersSubmitted: number;
    lettersRejected: number;
    lettersStored: number;
    lettersRouted: number;
    lettersWithEmail: number;
    officeNotificationsExpected: number;
    officeNotificationsDelivered: number;
    acknowledgementsExpected: number;
    acknowledgementsDelivered: number;
    smtpAttempts: number;
    smtpAccepted: number;
    duplicates: number;
    duplicatesExplained: number;
    duplicatesUnexplained: number;
    failures: number;
    lostLetters: number;
    flushes: number;
    kills: number;
    submitSeconds: number;
    drainSeconds: number;
    durationSeconds: number;
  };
  startedAt: number;
  kills: SoakKill[];
  flushes: number[];
  duplicates: Duplicate[];
  lost: { reference: string; why: string }[];
  summary: string[];
};

// Varied letter bodies: random 3-word shingles almost never repeat, so no two
// letters are near duplicates or a campaign.
function letterBody(random: () => number, i: number): string {
  const count = 20 + Math.floor(random() * 40);
  const words: string[] = [];
  for (let w = 0; w < count; w++) words.push(randomWord(random));
  return `Poštovani, ${words.join(' ')}. Pismo ${i}.`;
}

const CATEGORIES = ['question', 'complaint', 'proposal', 'request'];
const MUNICIPALITIES = ['Čačak', 'Novi Sad', 'Niš', 'Kragujevac', 'Subotica', 'Zrenjanin', 'Valjevo', 'Užice'];

const bare = (messageId: string) => messageId.trim().replace(/^<|>$/g, '');

/**
 * SIGTERM to the live workers, SIGKILL to any still running after the deadline, and their exits.
 * Once they are gone nothing more can reach the SMTP server.
 */
async function stopWorkers(workers: readonly (WorkerProcess | undefined)[], deadlineMs = 30_000): Promise<void> {
  const live = workers.filter((w): w is WorkerProcess => w !== undefined && w.child.exitCode === null && w.child.signalCode === null);
  for (const w of live) w.child.kill('SIGTERM');
  await Promise.race([Promise.allSettled(live.map((w) => w.exited)), sleep(deadlineMs)]);
  for (const w of live) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await Promise.allSettled(live.map((w) => w.exited));
}

/** Resolves after `ms`, or at once when `stopped` resolves. */
const sleepUnless = (ms: number, stopped: Promise<void>) => Promise.race([sleep(ms), stopped]);

export async function runSoak(input: Partial<SoakOptions> = {}): Promise<SoakResult> {
  const o: SoakOptions = { ...SOAK_DEFAULTS, ...input };
  const log = o.log ?? (() => undefined);
  const redisUrl = redisUrlForDb(o.redisDb);
  const startedAt = Date.now();
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  const since = (t: number) => ((t - startedAt) / 1000).toFixed(2);

  let db: TestDatabase | undefined;
  let smtp: TestSmtp | undefined;
  let connection: QueueConnection | undefined;
  let redis: Redis | undefined;
  let server: Server | undefined;
  const workers: (WorkerProcess | undefined)[] = [];
  const kills: SoakKill[] = [];
  const flushes: number[] = [];
  const workerDeaths: string[] = [];
  const restartRetries: string[] = [];
  const faultErrors: string[] = [];
  let apiPool: Pool | undefined;
  let stop = () => undefined as void;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  let faultLoops: Promise<void>[] = [];
  let stopping = false;

  try {
    db = await createTestDatabase();
    smtp = await startSmtpServer({ keepBodies: false });
    redis = new Redis(redisUrl);
    await redis.flushdb();
    connection = redisQueueConnection(redisUrl, KEY_PREFIX);
    // The helper's pool (30) stays idle after migrating; the API gets a smaller one, so the soak
    // with its workers (20 each) fits PostgreSQL's 100 connections beside other work.
    apiPool = createPool(db.url, 10);
    const pool = apiPool;
    const app = createApp({
      pool,
      logger: capturingLogger('error').logger,
      producers: createProducers(connection),
      queueReady: () => connection!.ping(),
      rateLimitPerHour: 0,
      ...APP_DEFAULTS,
    });
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/submissions`;

    const workerEnv = {
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl,
      SMTP_URL: smtp.url,
      MAIL_LEASE_SECONDS: '5',
      MAIL_RETRY_BASE_MS: '200',
      RECONCILE_GRACE_SECONDS: '2',
      RECONCILE_INTERVAL_SECONDS: '1',
      SHUTDOWN_DEADLINE_SECONDS: '5',
    };
    const start = async (slot: number) => {
      // A start can fail for reasons of the machine's (PostgreSQL out of connections while other
      // things run beside the soak); try again a few times before giving up on the soak.
      let worker: WorkerProcess | undefined;
      for (let attempt = 1; !worker; attempt++) {
        try {
          worker = await spawnWorker(workerEnv);
        } catch (error) {
          const first = (error as Error).message.split('\n').slice(0, 2).join(' ');
          if (attempt >= 5) throw new Error(`worker ${slot} did not start after ${attempt} attempts: ${first}`);
          restartRetries.push(`+${since(Date.now())} s worker ${slot} start attempt ${attempt} failed: ${first.slice(0, 300)}`);
          log(restartRetries.at(-1) as string);
          await sleep(1_000 * attempt);
        }
      }
      workers[slot] = worker;
      void worker.exited.then((code) => {
        // A worker that dies of anything but our SIGKILL (or the final SIGTERM) is a finding.
        if (code !== 'SIGKILL' && code !== 0) workerDeaths.push(`worker ${slot} (pid ${worker.child.pid}) exited with ${code}:\n${worker.output.join('').slice(-2000)}`);
      });
    };
    await Promise.all(Array.from({ length: o.workers }, (_, slot) => start(slot)));
    log(`soak: ${o.letters} letters, ${o.workers} workers, Redis ${redisUrl}, SMTP 451 ${o.tempFailFraction * 100} %, 421 ${o.dropFraction * 100} %, ` +
      `flush every ${o.flushEveryMs / 1000} s, kill every ${o.killEveryMs / 1000} s`);

    smtp.tempFailFraction = o.tempFailFraction;
    smtp.dropFraction = o.dropFraction;
    const faultsFrom = Date.now();
    const flushLoop = async () => {
      for (let n = 1; o.flushEveryMs > 0; n++) {
        await sleepUnless(faultsFrom + n * o.flushEveryMs - Date.now(), stopped);
        if (stopping) return;
        await redis!.flushdb();
        flushes.push(Date.now());
        log(`+${since(Date.now())} s flush ${n}`);
      }
    };
    const killLoop = async () => {
      // On a grid of killEveryMs from the start; a restart slower than that skips the slots it
      // overran instead of killing the new worker the moment it is up.
      for (let n = 1, slot = 0; o.killEveryMs > 0; n = Math.max(n + 1, Math.ceil((Date.now() - faultsFrom) / o.killEveryMs)), slot = (slot + 1) % o.workers) {
        await sleepUnless(faultsFrom + n * o.killEveryMs - Date.now(), stopped);
        if (stopping) return;
        const victim = workers[slot];
        if (!victim) continue;
        const at = Date.now();
        kills.push({ at, worker: slot, pid: victim.child.pid });
        victim.child.kill('SIGKILL');
        await victim.exited;
        workers[slot] = undefined;
        log(`+${since(at)} s kill ${kills.length}: worker ${slot} (pid ${victim.child.pid})`);
        await start(slot);
      }
    };
    // Caught at once: a failed fault loop is a finding of the soak, not an unhandled rejection.
    faultLoops = [flushLoop(), killLoop()].map((loop, i) =>
      loop.catch((error: Error) => {
        faultErrors.push(`${i === 0 ? 'flush' : 'kill'} schedule stopped: ${error.message}`);
        log(faultErrors.at(-1) as string);
      }),
    );

    // Letters in: unique senders and varied bodies, so duplicate and campaign detection stay out of it.
    const random = seededRandom(0x50a4 ^ startedAt);
    const tag = startedAt.toString(36);
    const references: string[] = [];
    let rejected = 0;
    let next = 0;
    const submitOne = async (i: number) => {
      const withEmail = !(o.withoutEmailEvery > 0 && i % o.withoutEmailEvery === o.withoutEmailEvery - 1);
      const letter = exampleLetter({
        email: withEmail ? `soak-${tag}-${i}@example.rs` : null,
        phone: `064 ${100 + (i % 900)} ${String(i % 10_000).padStart(4, '0')}`,
        municipality: MUNICIPALITIES[i % MUNICIPALITIES.length],
        category: CATEGORIES[i % CATEGORIES.length],
        subject: `Soak ${tag} ${i}`,
        message: letterBody(random, i),
      });
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await fetch(apiUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(letter) });
          const body = (await res.json()) as { reference?: string };
          if (res.status === 201 && body.reference) {
            references.push(body.reference);
            return;
          }
          if (attempt >= 3) {
            rejected++;
            log(`letter ${i} refused: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
            return;
          }
        } catch (error) {
          if (attempt >= 3) {
            rejected++;
            log(`letter ${i} not submitted: ${(error as Error).message}`);
            return;
          }
        }
        await sleep(200);
      }
    };
    const progress = setInterval(() => log(`+${since(Date.now())} s submitted ${references.length}/${o.letters}`), 10_000);
    await Promise.all(
      Array.from({ length: o.concurrency }, async () => {
        while (next < o.letters) {
          o.signal?.throwIfAborted();
          await submitOne(next++);
        }
      }),
    );
    clearInterval(progress);
    const submittedAt = Date.now();
    log(`+${since(submittedAt)} s all ${references.length} letters in (${rejected} refused)`);

    // Out: wait until every letter is routed and every message sent or failed, faults still running.
    const drainEnd = submittedAt + o.drainTimeoutMs;
    let lastLog = 0;
    for (;;) {
      o.signal?.throwIfAborted();
      const { rows } = await pool.query<{ unrouted: string; unfinished: string; sent: string }>(
        `SELECT (SELECT count(*) FROM submissions WHERE status = 'received') AS unrouted,
                (SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')) AS unfinished,
                (SELECT count(*) FROM outbox WHERE status = 'sent') AS sent`,
      );
      const r = rows[0]!;
      if (Number(r.unrouted) === 0 && Number(r.unfinished) === 0) break;
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        log(`+${since(lastLog)} s draining: ${r.unrouted} letters unrouted, ${r.unfinished} messages unfinished, ${r.sent} sent`);
      }
      if (Date.now() > drainEnd) {
        log(`gave up waiting after ${o.drainTimeoutMs / 1000} s: ${r.unrouted} unrouted, ${r.unfinished} unfinished`);
        break;
      }
      await sleep(1_000);
    }
    const drainedAt = Date.now();
    stopping = true;
    stop();
    await Promise.all(faultLoops);
    smtp.tempFailFraction = 0;
    smtp.dropFraction = 0;
    // The verdict counts what the SMTP server accepted: stop the workers first, so that a send
    // still in flight (a second copy after a kill) is in it rather than arriving after it.
    await stopWorkers(workers);

    // Verdict, from PostgreSQL and what the SMTP server accepted.
    const accepted = new Map<string, number[]>();
    for (const m of smtp.received) {
      const id = bare(m.messageId);
      const times = accepted.get(id);
      if (times) times.push(m.acceptedAt);
      else accepted.set(id, [m.acceptedAt]);
    }
    const { rows: letters } = await pool.query<{ reference: string; status: string; email: string | null }>(
      'SELECT reference, status, email FROM submissions',
    );
    const { rows: messages } = await pool.query<{
      reference: string; kind: string; status: string; message_id: string; last_error: string | null; sent_at: Date | null;
    }>(
      `SELECT s.reference, o.kind, o.status, o.message_id, o.last_error, o.sent_at FROM outbox o JOIN submissions s ON s.id = o.submission_id`,
    );
    const byLetter = new Map<string, typeof messages>();
    for (const m of messages) byLetter.set(m.reference, [...(byLetter.get(m.reference) ?? []), m]);
    const lost: { reference: string; why: string }[] = [];
    let notificationsDelivered = 0;
    let acknowledgementsDelivered = 0;
    let withEmail = 0;
    const submitted = new Set(references);
    const stored = new Set(letters.map((l) => l.reference));
    for (const reference of submitted) if (!stored.has(reference)) lost.push({ reference, why: 'answered 201 but not stored' });
    for (const letter of letters) {
      if (letter.email !== null) withEmail++;
      const own = byLetter.get(letter.reference) ?? [];
      const delivered = (kind: string) => own.some((m) => m.kind === kind && accepted.has(bare(m.message_id)));
      const why: string[] = [];
      if (letter.status !== 'routed') why.push(`status ${letter.status}`);
      if (delivered('office_notification')) notificationsDelivered++;
      else why.push(`office notification not delivered (${own.find((m) => m.kind === 'office_notification')?.status ?? 'no row'})`);
      if (letter.email !== null) {
        if (delivered('acknowledgement')) acknowledgementsDelivered++;
        else {
          const row = own.find((m) => m.kind === 'acknowledgement');
          why.push(`acknowledgement not delivered (${row ? `${row.status}${row.last_error ? `: ${row.last_error}` : ''}` : 'no row'})`);
        }
      }
      if (why.length) lost.push({ reference: letter.reference, why: why.join('; ') });
    }
    const failures = messages.filter((m) => m.status === 'failed').length;
    const slackMs = o.acceptSlackMs + Math.round(loopDelay.max / 1e6);
    const sentAt = new Map(messages.map((m) => [bare(m.message_id), m.sent_at === null ? null : m.sent_at.getTime()]));
    const duplicates: Duplicate[] = [...accepted.entries()]
      .filter(([, times]) => times.length > 1)
      .map(([messageId, times]) => {
        const first = times[0] as number;
        const marked = sentAt.get(messageId) ?? null;
        const nearest = kills.reduce<number | null>((best, k) => {
          const d = first - k.at;
          return best === null || Math.abs(d) < Math.abs(best) ? d : best;
        }, null);
        // The kill landed between the server's acceptance and the `sent` mark.
        const explained = kills.some((k) => k.at >= first - slackMs && (marked === null || k.at < marked));
        return { messageId, acceptedAt: times, sentAt: marked, nearestKillMs: nearest, explained };
      });
    const unexplained = duplicates.filter((d) => !d.explained);
    const ours = new Set(messages.map((m) => bare(m.message_id)));
    const strangers = [...accepted.keys()].filter((id) => !ours.has(id));

    const problems: string[] = [];
    if (rejected) problems.push(`${rejected} letters were not accepted by the API`);
    if (lost.length) problems.push(`${lost.length} letters lost, e.g. ${lost.slice(0, 5).map((l) => `${l.reference}: ${l.why}`).join(' | ')}`);
    if (unexplained.length) problems.push(`${unexplained.length} duplicates not explained by a kill: ${unexplained.slice(0, 5).map((d) => `${d.messageId} first accepted at +${since(d.acceptedAt[0] as number)} s`).join(', ')}`);
    if (failures) problems.push(`${failures} messages failed`);
    if (strangers.length) problems.push(`${strangers.length} accepted messages match no outbox row`);
    if (workerDeaths.length) problems.push(...workerDeaths);
    if (faultErrors.length) problems.push(...faultErrors);

    const finishedAt = Date.now();
    const figures: SoakResult['figures'] = {
      lettersSubmitted: references.length,
      lettersRejected: rejected,
      lettersStored: letters.length,
      lettersRouted: letters.filter((l) => l.status === 'routed').length,
      lettersWithEmail: withEmail,
      officeNotificationsExpected: letters.length,
      officeNotificationsDelivered: notificationsDelivered,
      acknowledgementsExpected: withEmail,
      acknowledgementsDelivered: acknowledgementsDelivered,
      smtpAttempts: smtp.attempts,
      smtpAccepted: smtp.received.length,
      duplicates: duplicates.length,
      duplicatesExplained: duplicates.length - unexplained.length,
      duplicatesUnexplained: unexplained.length,
      failures,
      lostLetters: lost.length,
      flushes: flushes.length,
      kills: kills.length,
      submitSeconds: (submittedAt - startedAt) / 1000,
      drainSeconds: (drainedAt - submittedAt) / 1000,
      durationSeconds: (finishedAt - startedAt) / 1000,
    };
    const f = figures;
    const summary = [
      `letters submitted: ${f.lettersSubmitted} letters`,
      `letters refused by the API: ${f.lettersRejected} letters`,
      `letters stored: ${f.lettersStored} letters`,
      `letters routed: ${f.lettersRouted} letters`,
      `letters with an email: ${f.lettersWithEmail} letters`,
      `office notifications delivered: ${f.officeNotificationsDelivered} of ${f.officeNotificationsExpected} messages`,
      `acknowledgements delivered: ${f.acknowledgementsDelivered} of ${f.acknowledgementsExpected} messages`,
      `smtp attempts: ${f.smtpAttempts} messages`,
      `smtp accepted: ${f.smtpAccepted} messages`,
      `smtp refused (451/421): ${f.smtpAttempts - f.smtpAccepted} messages`,
      `duplicates: ${f.duplicates} messages`,
      `duplicates explained by a kill: ${f.duplicatesExplained} messages`,
      `duplicates unexplained: ${f.duplicatesUnexplained} messages`,
      `failures: ${f.failures} messages`,
      `lost letters: ${f.lostLetters} letters`,
      `flushes: ${f.flushes} flushes`,
      `kills: ${f.kills} kills`,
      `submit duration: ${f.submitSeconds.toFixed(1)} s`,
      `drain after last letter: ${f.drainSeconds.toFixed(1)} s`,
      `duration: ${f.durationSeconds.toFixed(1)} s`,
      `worker start retries: ${restartRetries.length} retries`,
      `acceptance slack: ${slackMs} ms (${o.acceptSlackMs} ms + this process's longest event-loop delay)`,
      ...restartRetries,
      ...kills.map((k, n) => `kill ${n + 1}: +${since(k.at)} s (${new Date(k.at).toISOString()}) worker ${k.worker} pid ${k.pid}`),
      ...duplicates.map(
        (d) =>
          `duplicate ${d.messageId}: ${d.acceptedAt.length} copies, first accepted +${since(d.acceptedAt[0] as number)} s, ` +
          `${d.nearestKillMs === null ? 'no kill' : `${d.nearestKillMs} ms from the nearest kill`}, ` +
          `marked sent ${d.sentAt === null ? 'never' : `${d.sentAt - (d.acceptedAt[0] as number)} ms after it`}, ${d.explained ? 'explained' : 'UNEXPLAINED'}`,
      ),
      `result: ${problems.length ? 'FAIL' : 'ok'}`,
    ];
    return { ok: problems.length === 0, problems, figures, startedAt, kills, flushes, duplicates, lost, summary };
  } finally {
    // Also when the soak was aborted or failed: the fault loops end only when told to stop.
    loopDelay.disable();
    stopping = true;
    stop();
    await Promise.allSettled(faultLoops);
    await stopWorkers(workers);
    if (server) await new Promise((resolve) => server!.close(resolve));
    await apiPool?.end().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    if (redis) {
      await redis.flushdb().catch(() => undefined);
      redis.disconnect();
    }
    await smtp?.close();
    await db?.drop().catch(() => undefined);
  }
}
