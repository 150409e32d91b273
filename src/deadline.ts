// One way to wait for a promise no longer than a deadline, for every place
// that must not hang on a peer (readiness probes, queue adds, a stop).

export type Settled<T> = { state: 'fulfilled'; value: T } | { state: 'rejected'; reason: unknown } | { state: 'timed out' };

/**
 * How `promise` ends within `ms` (or by the absolute time `until`): its value,
 * its rejection, or "timed out". The timer is cleared when the promise settles
 * and never keeps the process alive; the promise itself is not cancelled.
 */
export function settleWithin<T>(promise: Promise<T>, limit: { ms: number } | { until: number }): Promise<Settled<T>> {
  const ms = 'ms' in limit ? limit.ms : limit.until - Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'timed out' }), Math.max(0, ms));
    timer.unref();
  });
  const outcome = promise.then(
    (value): Settled<T> => ({ state: 'fulfilled', value }),
    (reason: unknown): Settled<T> => ({ state: 'rejected', reason }),
  );
  return Promise.race([outcome, timeout]).finally(() => clearTimeout(timer));
}

export class DeadlineExceeded extends Error {
  constructor() {
    super('deadline exceeded');
    this.name = 'DeadlineExceeded';
  }
}

/** The promise's value, or a rejection with DeadlineExceeded when it takes longer than `ms`. */
export async function withinMs<T>(promise: Promise<T>, ms: number): Promise<T> {
  const settled = await settleWithin(promise, { ms });
  if (settled.state === 'fulfilled') return settled.value;
  throw settled.state === 'rejected' ? settled.reason : new DeadlineExceeded();
}
