import { describe, expect, it } from 'vitest';
import { DeadlineExceeded, settleWithin, withinMs } from '../../src/deadline.js';

const never = new Promise<never>(() => undefined);

describe('settleWithin', () => {
  it('when the promise settles in time, then its value or its rejection', async () => {
    expect(await settleWithin(Promise.resolve(7), { ms: 1_000 })).toEqual({ state: 'fulfilled', value: 7 });
    const reason = new Error('refused');
    expect(await settleWithin(Promise.reject(reason), { ms: 1_000 })).toEqual({ state: 'rejected', reason });
  });

  it('when it does not settle before the time (relative or absolute), then "timed out"', async () => {
    expect(await settleWithin(never, { ms: 20 })).toEqual({ state: 'timed out' });
    expect(await settleWithin(never, { until: Date.now() + 20 })).toEqual({ state: 'timed out' });
    expect(await settleWithin(never, { until: Date.now() - 1_000 })).toEqual({ state: 'timed out' });
  });
});

describe('withinMs', () => {
  it('when in time, then the value; when late, then DeadlineExceeded; when rejected, then that rejection', async () => {
    expect(await withinMs(Promise.resolve('ok'), 1_000)).toBe('ok');
    await expect(withinMs(never, 20)).rejects.toBeInstanceOf(DeadlineExceeded);
    await expect(withinMs(Promise.reject(new TypeError('x')), 1_000)).rejects.toBeInstanceOf(TypeError);
  });
});
