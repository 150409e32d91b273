import { describe, it, expect } from 'vitest';
import { seededRandom } from '../../src/text/mulberry32.js';
import {
  formatReference,
  isValidReference,
  mod1110CheckDigit,
  yearOfReceipt,
} from '../../src/submissions/reference.js';

// ---------------------------------------------------------------------------
// An independent, textbook ISO/IEC 7064 hybrid MOD 11,10 (M = 10, M + 1 = 11):
//
//   P(0) = M = 10
//   for each digit a(j):  S(j) = (P(j-1) mod 11) + a(j)
//                         S'(j) = S(j) mod 10, except that 0 becomes 10
//                         P(j) = (2 × S'(j)) mod 11
//
// A string WITH its check digit is valid iff running the same steps over all
// of it ends with S'(n+1) = 1, i.e. S(n+1) ≡ 1 (mod 10). The check digit is
// therefore the one digit that makes the string valid: found here by trying
// all ten, not by the closed formula (11 − P) mod 10 the source uses.
// ---------------------------------------------------------------------------

/** S(n) mod 10 after running the hybrid MOD 11,10 steps over every digit (the check digit included). */
function finalSumMod10(digits: string): number {
  let p = 10;
  let s = 0;
  for (const ch of digits) {
    s = ((p % 11) + Number(ch)) % 10;
    const sPrime = s === 0 ? 10 : s;
    p = (2 * sPrime) % 11;
  }
  return s;
}

const textbookIsValid = (withCheck: string): boolean => finalSumMod10(withCheck) === 1;

function textbookCheckDigit(digits: string): number {
  const fits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((c) => textbookIsValid(digits + String(c)));
  if (fits.length !== 1) throw new Error(`expected exactly one check digit for ${digits}, got ${fits.join(',')}`);
  return fits[0] as number;
}

/** The running value P after some digits (P(0) = 10 for none). */
function stateAfter(digits: string): number {
  let p = 10;
  for (const ch of digits) {
    const s = (p + Number(ch)) % 10;
    p = (2 * (s === 0 ? 10 : s)) % 11;
  }
  return p;
}

/** "20260000092" → "PR-2026-000009-2" (no range checks: isValidReference does none beyond the pattern). */
const asReference = (eleven: string): string => `PR-${eleven.slice(0, 4)}-${eleven.slice(4, 10)}-${eleven.slice(10)}`;
const digitsOf = (reference: string): string => reference.replace(/\D/g, '');


const random = seededRandom(20_260_101);
const randomInt = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

/** 200 random references plus edge ones. */
const REFERENCES: readonly string[] = [
  formatReference(2026, 1),
  formatReference(2026, 9),
  formatReference(2026, 90),
  formatReference(2026, 999_999),
  formatReference(1000, 1),
  formatReference(9999, 999_999),
  formatReference(2027, 123_456),
  ...Array.from({ length: 200 }, () => formatReference(randomInt(1000, 9999), randomInt(1, 999_999))),
];

describe('mod1110CheckDigit', () => {
  it.each([
    // "0": P0 = 10; S1 = (10 + 0) mod 10 = 0 → 10; P1 = 20 mod 11 = 9;
    //      check = (11 − 9) mod 10 = 2, and indeed (9 + 2) mod 10 = 1.
    ['0', 2],
    // "1": S1 = 11 mod 10 = 1; P1 = 2; check = 9; (2 + 9) mod 10 = 1.
    ['1', 9],
    // "00": P1 = 9 (as above); S2 = 9; P2 = 18 mod 11 = 7; check = 4; (7 + 4) mod 10 = 1.
    ['00', 4],
    // "1234567890": P = 2, 8, 2, 1, 1, 3, 9, 3, 4, 8 after each digit
    //   (e.g. digit 7: S = (3 + 7) mod 10 = 0 → 10, P = 20 mod 11 = 9);
    //   check = (11 − 8) mod 10 = 3; (8 + 3) mod 10 = 1.
    ['1234567890', 3],
    // "2026000009": P = 4, 8, 9, 10, 9, 7, 3, 6, 1, then digit 9: S = 10 → P = 9; check = 2.
    ['2026000009', 2],
    ['2026000001', 7],
    // Published identifiers that use ISO 7064 MOD 11,10: a Croatian OIB and a German Steuer-IdNr.
    ['6943515153', 0],
    ['8609574271', 9],
  ])('when given %j, then the check digit is %i', (digits, check) => {
    expect(mod1110CheckDigit(digits)).toBe(check);
    expect(textbookCheckDigit(digits)).toBe(check);
  });

  it('when the check digit is appended, then the textbook run ends with S ≡ 1 (mod 10)', () => {
    for (const reference of REFERENCES) {
      const d = digitsOf(reference);
      expect(finalSumMod10(d), reference).toBe(1);
    }
  });

  it('when compared with the textbook definition on every 10-digit string of a sample, then it agrees', () => {
    const samples = [
      '0000000000', '9999999999', '1111111111', '5555555555',
      ...Array.from({ length: 2000 }, () => String(randomInt(0, 9_999_999_999)).padStart(10, '0')),
    ];
    for (const digits of samples) expect(mod1110CheckDigit(digits), digits).toBe(textbookCheckDigit(digits));
  });

  it.each([['12a4'], ['-1'], [' 1'], ['１２'], ['٣']])('when given the non-digit text %j, then it throws a RangeError', (text) => {
    expect(() => mod1110CheckDigit(text)).toThrow(RangeError);
  });
});

describe('formatReference', () => {
  it.each([
    [2026, 1, 'PR-2026-000001-7'],
    [2026, 9, 'PR-2026-000009-2'],
    [2026, 42, `PR-2026-000042-${mod1110CheckDigit('2026000042')}`],
    [2026, 999_999, `PR-2026-999999-${mod1110CheckDigit('2026999999')}`],
    [1000, 1, `PR-1000-000001-${mod1110CheckDigit('1000000001')}`],
    [9999, 999_999, `PR-9999-999999-${mod1110CheckDigit('9999999999')}`],
  ])('when given year %i and sequence %i, then it pads the sequence to six digits: %s', (year, sequence, expected) => {
    expect(formatReference(year, sequence)).toBe(expected);
    expect(expected).toMatch(/^PR-\d{4}-\d{6}-\d$/);
  });

  it.each([
    [2026, 0],
    [2026, -1],
    [2026, 1_000_000],
    [2026, 1.5],
    [2026, Number.NaN],
    [2026, Number.POSITIVE_INFINITY],
    [999, 1],
    [10_000, 1],
    [2026.5, 1],
    [Number.NaN, 1],
    [-2026, 1],
  ])('when given year %d and sequence %d (out of range), then it throws a RangeError', (year, sequence) => {
    expect(() => formatReference(year, sequence)).toThrow(RangeError);
  });
});

describe('isValidReference', () => {
  it('when given a reference formatReference made, then it accepts it', () => {
    for (const reference of REFERENCES) expect(isValidReference(reference), reference).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['lower-case prefix', 'pr-2026-000001-7'],
    ['mixed-case prefix', 'Pr-2026-000001-7'],
    ['another prefix', 'PX-2026-000001-7'],
    ['no prefix', '2026-000001-7'],
    ['5-digit sequence', 'PR-2026-00001-7'],
    ['7-digit sequence', 'PR-2026-0000001-7'],
    ['3-digit year', 'PR-026-000001-7'],
    ['5-digit year', 'PR-02026-000001-7'],
    ['no check digit', 'PR-2026-000001'],
    ['no hyphen before the check digit', 'PR-2026-0000017'],
    ['two check digits', 'PR-2026-000001-77'],
    ['letter as the check digit', 'PR-2026-000001-X'],
    ['wrong check digit', 'PR-2026-000001-8'],
    ['leading space', ' PR-2026-000001-7'],
    ['trailing space', 'PR-2026-000001-7 '],
    ['trailing newline', 'PR-2026-000001-7\n'],
    ['en dashes', 'PR–2026–000001–7'],
    ['spaces for hyphens', 'PR 2026 000001 7'],
    ['full-width digits', 'PR-２０２６-000001-7'],
    ['Arabic-Indic digits', 'PR-٢٠٢٦-000001-7'],
    ['Cyrillic Р', 'РR-2026-000001-7'],
  ])('when given a %s (%j), then it rejects it', (_what, text) => {
    expect(isValidReference(text)).toBe(false);
  });

  it('when any single digit of a valid reference is replaced by another digit, then it rejects it', () => {
    let tried = 0;
    for (const reference of REFERENCES) {
      const d = digitsOf(reference);
      for (let i = 0; i < d.length; i++) {
        for (let v = 0; v <= 9; v++) {
          if (String(v) === d[i]) continue;
          const mutated = asReference(d.slice(0, i) + String(v) + d.slice(i + 1));
          expect(isValidReference(mutated), `${reference} → ${mutated}`).toBe(false);
          tried++;
        }
      }
    }
    expect(tried).toBe(REFERENCES.length * 11 * 9);
  });

  // -------------------------------------------------------------------------
  // Adjacent transpositions. The source comment claims the check digit
  // "catches … every swap of two neighbouring digits". It does not, and no
  // correct ISO 7064 MOD 11,10 implementation can: the standard only promises
  // "all or nearly all" single transpositions. Exhaustively over the state
  // space, a swap of neighbours a, b among the ten digits goes unnoticed
  // exactly when they are x and x + 1 (mod 10) with P + x ≡ 5 (mod 10), where
  // P is the running value before them (then the two orders give
  // S = 5, 6 → P = 10, 1, and both end on the same S: 2 of the 90 ordered
  // pairs for each P, 2.2 %);
  // a swap of the last digit with the check digit goes unnoticed exactly when
  // P before that digit is 5 and the two are 0 and 1. Real examples:
  // PR-2026-000009-2 and PR-2026-000090-2 are BOTH valid;
  // PR-2026-000020-1 and PR-2026-000021-0 are BOTH valid.
  // These tests pin the gap exactly (any other missed swap fails them), so
  // that replacing the algorithm (e.g. by Damm, which catches all of them)
  // is a deliberate change.
  // -------------------------------------------------------------------------

  const isKnownBlindSwap = (digits: string, i: number): boolean => {
    const a = Number(digits[i]);
    const b = Number(digits[i + 1]);
    const p = stateAfter(digits.slice(0, i));
    // x, x + 1 (mod 10): the lower of two cyclically consecutive digits, or undefined.
    const x = (b - a + 10) % 10 === 1 ? a : (a - b + 10) % 10 === 1 ? b : undefined;
    if (i < 9) return x !== undefined && (p + x) % 10 === 5;
    return p === 5 && a + b === 1; // the last digit with the check digit
  };

  const swapAt = (d: string, i: number): string => d.slice(0, i) + d[i + 1] + d[i] + d.slice(i + 2);

  it.each([
    ['PR-2026-000009-2', 'PR-2026-000090-2'],
    ['PR-2026-000020-1', 'PR-2026-000021-0'],
  ])('KNOWN GAP: when %s has two neighbouring digits swapped into %s, then both are (wrongly) valid', (one, other) => {
    expect(isValidReference(one)).toBe(true);
    expect(isValidReference(other)).toBe(true);
  });

  it('when two different neighbouring digits of a valid reference are swapped (within the ten digits, across the year/sequence hyphen too), then it rejects it, except for the known MOD 11,10 blind spot', () => {
    let rejected = 0;
    let missed = 0;
    for (const reference of REFERENCES) {
      const d = digitsOf(reference);
      for (let i = 0; i < 9; i++) {
        if (d[i] === d[i + 1]) continue;
        const mutated = asReference(swapAt(d, i));
        const expected = !isKnownBlindSwap(d, i);
        expect(!isValidReference(mutated), `${reference} → ${mutated}`).toBe(expected);
        if (expected) rejected++;
        else missed++;
      }
    }
    expect(rejected).toBeGreaterThan(1000);
    expect(missed).toBeLessThan(rejected / 20);
  });

  it('when the last digit and the check digit of a valid reference are swapped, then it rejects it, except for the known blind spot (P = 5 and the digits 0, 1)', () => {
    for (const reference of REFERENCES) {
      const d = digitsOf(reference);
      if (d[9] === d[10]) continue;
      const mutated = asReference(swapAt(d, 9));
      expect(!isValidReference(mutated), `${reference} → ${mutated}`).toBe(!isKnownBlindSwap(d, 9));
    }
  });

  it('when every running value P, every position and every pair of different digits is tried, then the missed swaps are exactly the characterised ones', () => {
    // A prefix of each length that reaches each P, so every (position, P, a, b) is covered.
    const prefixFor = new Map<string, string>();
    const queue: string[] = [''];
    while (queue.length > 0) {
      const prefix = queue.shift() as string;
      const key = `${prefix.length}:${stateAfter(prefix)}`;
      if (prefixFor.has(key)) continue;
      prefixFor.set(key, prefix);
      if (prefix.length < 9) for (let v = 0; v <= 9; v++) queue.push(prefix + String(v));
    }
    let missedWithinDigits = 0;
    let missedWithCheck = 0;
    let tried = 0;
    for (const [key, prefix] of prefixFor) {
      const position = Number(key.split(':')[0]);
      for (let a = 0; a <= 9; a++) {
        for (let b = 0; b <= 9; b++) {
          if (a === b) continue;
          if (position <= 8) {
            const ten = (prefix + String(a) + String(b)).padEnd(10, '0');
            const d = ten + String(textbookCheckDigit(ten));
            const mutated = asReference(swapAt(d, position));
            const missed = isValidReference(mutated);
            expect(missed, `${asReference(d)} → ${mutated}`).toBe(isKnownBlindSwap(d, position));
            if (missed) missedWithinDigits++;
            tried++;
          }
        }
        if (position === 9) {
          const ten = prefix + String(a);
          const d = ten + String(textbookCheckDigit(ten));
          if (d[9] === d[10]) continue;
          const missed = isValidReference(asReference(swapAt(d, 9)));
          expect(missed, asReference(d)).toBe(isKnownBlindSwap(d, 9));
          if (missed) missedWithCheck++;
        }
      }
    }
    // Position 0 only ever sees P = 10 (2 blind ordered pairs); positions 1–8 see all ten P (20 each).
    expect(tried).toBe(90 + 8 * 10 * 90);
    expect(missedWithinDigits).toBe(2 + 8 * 20);
    expect(missedWithCheck).toBe(2);
  });
});

describe('yearOfReceipt (the calendar year in Serbia, Europe/Belgrade)', () => {
  it.each([
    ['2026-12-31T23:30:00Z', 2027], // 00:30 on 1 January 2027 in Belgrade (UTC+1)
    ['2026-12-31T23:00:00Z', 2027], // midnight in Belgrade
    ['2026-12-31T22:59:59Z', 2026], // 23:59:59 in Belgrade
    ['2026-01-01T00:00:00Z', 2026],
    ['2025-12-31T23:30:00+01:00', 2025],
    ['2026-07-01T12:00:00Z', 2026],
    ['2027-01-01T00:30:00+01:00', 2027],
  ])('when the letter arrives at %s, then it counts for %i', (iso, year) => {
    expect(yearOfReceipt(new Date(iso))).toBe(year);
  });
});
