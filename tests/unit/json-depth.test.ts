import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from '../../src/http/json-depth.js';

const arrays = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

describe('nestsDeeperThan', () => {
  it.each<[string, unknown, number]>([
    ['a string', 'x', 0],
    ['null', null, 0],
    ['an empty object', {}, 1],
    ['a flat letter', { name: 'Petar', consent: true }, 1],
    ['an object holding an array', { tags: ['a'] }, 2],
    ['eight nested arrays', arrays(8), 8],
  ])('when the value is %s, then its depth is exactly %i', (_what, value, depth) => {
    expect(nestsDeeperThan(value, depth)).toBe(false);
    if (depth > 0) expect(nestsDeeperThan(value, depth - 1)).toBe(true);
  });

  it('when the value nests 100,000 levels, then it answers true without overflowing the stack', () => {
    expect(nestsDeeperThan(arrays(100_000), 8)).toBe(true);
    expect(nestsDeeperThan(JSON.parse('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)), 8)).toBe(true);
  });
});
