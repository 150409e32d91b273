import { describe, expect, it } from 'vitest';
import type { Pool } from '../../src/db/pool.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { countLettersByStatus } from '../../src/submissions/submission.store.js';

const hangingPool = { connect: () => new Promise(() => undefined) } as unknown as Pool;
const refusingPool = { connect: () => Promise.reject(new Error('connect ECONNREFUSED')) } as unknown as Pool;

describe('metrics at scrape time', () => {
  it('when PostgreSQL or a queue does not answer in time, then the scrape still succeeds, without those series', async () => {
    for (const pool of [hangingPool, refusingPool]) {
      const metrics = createMetrics({
        lettersByStatus: (timeoutMs) => countLettersByStatus(pool, timeoutMs),
        queues: {
          hanging: { getJobCounts: () => new Promise(() => undefined) },
          broken: { getJobCounts: () => Promise.reject(new Error('Connection is closed')) },
          fine: { getJobCounts: async () => ({ waiting: 3, active: 1, delayed: 0, failed: 2 }) },
        },
        scrapeTimeoutMs: 100,
        processMetrics: false,
      });
      const started = Date.now();
      const { body, contentType } = await metrics.render();
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(contentType).toMatch(/^text\/plain/);
      expect(body).toContain('# TYPE letters_by_status gauge');
      expect(body).not.toMatch(/^letters_by_status\{/m);
      expect(body).not.toMatch(/queue="(hanging|broken)"/);
      expect(body).toContain('queue_jobs{queue="fine",state="waiting"} 3');
      expect(body).toContain('queue_jobs{queue="fine",state="failed"} 2');
    }
  });

  it('when two apps are built in one process, then each has a registry of its own', async () => {
    const a = createMetrics({ processMetrics: false });
    const b = createMetrics({ processMetrics: false });
    a.letterReceived('web', 'question');
    expect((await a.render()).body).toContain('letters_received_total{channel="web",category="question"} 1');
    expect((await b.render()).body).not.toContain('letters_received_total{');
  });

  it('when nothing has happened yet, then the mail and reconciler counters are there at zero', async () => {
    const { body } = await createMetrics({ processMetrics: false }).render();
    for (const kind of ['office_notification', 'acknowledgement', 'reply']) {
      expect(body).toContain(`mail_sent_total{kind="${kind}"} 0`);
      expect(body).toContain(`mail_failed_total{kind="${kind}"} 0`);
    }
    expect(body).toContain('reconciler_requeued_total{what="letters"} 0');
    expect(body).toContain('receipt_to_acknowledgement_seconds_count 0');
  });
});
