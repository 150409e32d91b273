import { describe, expect, it } from 'vitest';
import { checkJobTable, inboundJobId, JOBS, JobTableError, mailJobId, routeJobId } from '../../src/queue/jobs.js';
import { HANDLERS } from '../../workers/handlers.js';

const QUEUES = Object.keys(JOBS);

describe('the job table', () => {
  it('when the product starts, then every queue has exactly one handler', () => {
    expect(() => checkJobTable(QUEUES, HANDLERS)).not.toThrow();
    expect(HANDLERS.map((h) => h.queue).sort()).toEqual([...QUEUES].sort());
  });

  it('when a queue has no handler, then it is refused naming the queue', () => {
    expect(() => checkJobTable(QUEUES, HANDLERS.filter((h) => h.queue !== 'mail'))).toThrow(
      new JobTableError('job table: queue "mail" has no handler'),
    );
  });

  it('when a queue has two handlers, then it is refused naming the queue and the count', () => {
    const route = HANDLERS.find((h) => h.queue === 'route');
    expect(() => checkJobTable(QUEUES, [...HANDLERS, route!])).toThrow('job table: queue "route" has 2 handlers');
  });

  it('when a handler names a queue the table does not have, then it is refused', () => {
    expect(() => checkJobTable(QUEUES, [...HANDLERS, { queue: 'fax' }])).toThrow('job table: a handler for the unknown queue "fax"');
  });

  it('when job ids are made from row ids, then BullMQ takes them: never a plain integer, never a colon', () => {
    for (const id of [routeJobId(1), mailJobId(42), routeJobId(9_007_199_254_740_991)]) {
      expect(id).not.toMatch(/^\d+$/);
      expect(id).not.toContain(':');
    }
  });

  it('when a job carries anything but a positive integer id, then its schema refuses it', () => {
    expect(JOBS.route.data.safeParse({ submissionId: 7 }).success).toBe(true);
    for (const bad of [{}, { submissionId: '7' }, { submissionId: 0 }, { submissionId: 7, extra: 1 }]) {
      expect(JOBS.route.data.safeParse(bad).success).toBe(false);
    }
    expect(JOBS.mail.data.safeParse({ messageId: 1.5 }).success).toBe(false);
  });
});

describe('the inbound job', () => {
  it('when its id is made from the row id, then BullMQ takes it and its schema takes only a positive id', () => {
    expect(inboundJobId(12)).toBe('in-12');
    expect(JOBS.inbound.data.safeParse({ inboundId: 12 }).success).toBe(true);
    for (const bad of [{}, { inboundId: '12' }, { inboundId: 0 }, { inboundId: 1, extra: 1 }]) expect(JOBS.inbound.data.safeParse(bad).success).toBe(false);
  });
});
