import type { Queue } from 'bullmq';

/**
 * How long a test waits for something by default. Generous on purpose: the suite has to pass on a
 * loaded machine (two cores shared by several test runs and builds), and a condition that comes
 * quickly costs nothing more.
 */
export const WAIT_MS = 60_000;

/** Polls until the check passes; fails the test with the label after the timeout. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = WAIT_MS, label = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${label} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Job states that may still run (completed and failed jobs are removed on finishing). */
const UNFINISHED = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

/**
 * Waits until the queue holds no job that could still run. Used after the rows a test looks at
 * reached their end state, to prove that nothing more happens to them: a sent or failed outbox row
 * is never claimed again, so once no mail job is waiting or active, no further copy can come.
 */
export async function waitForIdle(queue: Queue, ms = WAIT_MS): Promise<void> {
  await waitFor(
    async () => Object.values(await queue.getJobCounts(...UNFINISHED)).every((n) => !n),
    ms,
    `queue ${queue.name} idle`,
  );
}

/** For pacing faults (bench/soak) only; a test waits on a condition with waitFor. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
