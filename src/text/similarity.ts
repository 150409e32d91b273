// Duplicate and campaign detection: the pure core (no I/O, deterministic).
//
// Every letter gets
//  - an exact fingerprint (SHA-256 of the normalised message) for exact
//    repeats, e.g. the same sender submitting twice within 24 hours;
//  - a MinHash signature of its word 3-shingles, whose fraction of equal
//    positions estimates the Jaccard similarity of two letters' shingle sets;
//  - LSH band keys cut from the signature. The database stores one row per
//    key (submission_bands, B-tree indexed) and finds candidates by key;
//    each candidate is then confirmed with the exact Jaccard similarity
//    (`isNearDuplicate`), so band collisions only cost a comparison.
//
// Why 64 hashes in 16 bands of 4 rows. Two letters with shingle similarity s
// agree on one signature row with probability s, on a whole band with s^r,
// and share at least one of the b bands with probability 1 - (1 - s^r)^b.
// With r = 4, b = 16:
//     s = 0.2  ->  0.025     (unrelated letters rarely become candidates)
//     s = 0.5  ->  0.644     (the knee of the S-curve, (1/b)^(1/r) = 0.5)
//     s = 0.7  ->  0.988
//     s = 0.8  ->  0.9998
//     s = 0.9  ->  0.99999996
// so a pair at or above the near-duplicate threshold (0.7) is found at least
// 98.8% of the time, and better above it; a campaign has many members, so a
// letter missed against one of them is still linked through another. Pairs
// around 0.5 come up as candidates fairly often and are rejected by the exact
// check. The standard error of the 64-hash estimate is sqrt(s(1-s)/64),
// at most 0.0625.
//
// Why the threshold is 0.7 and not higher. Each changed word removes up to 3
// shingles from each side, so a letter of n words with a k-word sentence
// rewritten has Jaccard about (n-k-4)/(n+k): for an 80-word template letter
// with one 10-word sentence changed that is 0.73, with a name and town added
// to the signature about 0.9. Letters on different subjects, even with the
// same salutation and closing, stay below 0.1.
//
// The hash family is fixed: a 32-bit FNV-1a of the shingle's UTF-8 bytes,
// mixed with the murmur3 finaliser, then h_i(x) = (a_i * x + b_i) mod p with
// p = 2^32 - 5 and a_i, b_i drawn from mulberry32 seeded with HASH_SEED.
// Signatures and band keys are stored in the database, so changing any of
// these constants invalidates every stored key (the tests pin values).

import { createHash } from 'node:crypto';
import { fold } from './fold.js';
import { mulberry32 } from './mulberry32.js';

/**
 * Exact shingle Jaccard at or above which two letters are near duplicates.
 * 0.6 keeps a campaign letter whose sender rewrote a sentence, added a
 * greeting and signed it (about 0.65 against the plain template) in the
 * campaign; unrelated letters score below 0.1.
 */
export const NEAR_DUPLICATE_THRESHOLD = 0.6;
/** Words per shingle. */
export const SHINGLE_SIZE = 3;
/** Hash functions in a MinHash signature. */
export const SIGNATURE_HASHES = 64;
/** LSH bands (of SIGNATURE_HASHES / LSH_BANDS = 4 rows each). */
export const LSH_BANDS = 16;

/** Largest prime below 2^32; every signature value is below it. */
const PRIME = 4_294_967_291;
const HASH_SEED = 0x50495341; // "PISA"

/**
 * The text two letters are compared by: folded to lower-case Latin without
 * diacritics, punctuation dropped, words separated by single spaces. The
 * Cyrillic and Latin versions of a letter give the same string.
 */
export function normaliseForComparison(message: string): string {
  return fold(message).replace(/\s+/gu, ' ').trim();
}

/** Hex SHA-256 of the normalised message, for exact repeats. */
export function exactFingerprint(message: string): string {
  return sha256Hex(normaliseForComparison(message));
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Word n-grams of the normalised message, words joined by one space. A text
 * shorter than `size` words gives one shingle of the whole text; an empty
 * text gives no shingles.
 */
export function shingles(message: string, size = SHINGLE_SIZE): Set<string> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`shingle size must be a positive integer, got ${size}`);
  return shinglesOfNormalised(normaliseForComparison(message), size);
}

function shinglesOfNormalised(normalised: string, size: number): Set<string> {
  const out = new Set<string>();
  if (normalised === '') return out;
  const words = normalised.split(' ');
  if (words.length <= size) {
    out.add(normalised);
    return out;
  }
  for (let i = 0; i + size <= words.length; i++) {
    out.add(words.slice(i, i + size).join(' '));
  }
  return out;
}

// --- hashing -------------------------------------------------------------

/** 32-bit FNV-1a over the UTF-8 bytes of `s`, finished with murmur3's fmix32. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  const byte = (b: number): void => {
    h = Math.imul(h ^ b, 0x01000193);
  };
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      h = Math.imul(h ^ c, 0x01000193); // folded text is nearly all ASCII
      continue;
    }
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (c < 0x800) {
      byte(0xc0 | (c >> 6));
    } else if (c < 0x10000) {
      byte(0xe0 | (c >> 12));
      byte(0x80 | ((c >> 6) & 0x3f));
    } else {
      byte(0xf0 | (c >> 18));
      byte(0x80 | ((c >> 12) & 0x3f));
      byte(0x80 | ((c >> 6) & 0x3f));
    }
    byte(0x80 | (c & 0x3f));
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}


// Coefficients of h_i(x) = (a_i * x + b_i) mod p, a_i split into 16-bit halves
// so every product stays below 2^53 and is exact in floating point.
const coefHi: number[] = [];
const coefLo: number[] = [];
const coefB: number[] = [];
const nextRandom = mulberry32(HASH_SEED);

function ensureCoefficients(n: number): void {
  while (coefB.length < n) {
    const a = 1 + (nextRandom() % (PRIME - 1)); // 1 .. p-1
    const b = nextRandom() % PRIME; // 0 .. p-1
    coefHi.push(Math.floor(a / 65536));
    coefLo.push(a % 65536);
    coefB.push(b);
  }
}
ensureCoefficients(SIGNATURE_HASHES);

/** MinHash of a set of shingles; `[]` for the empty set. */
function minhashOfShingles(set: ReadonlySet<string>, hashes: number): number[] {
  if (set.size === 0) return [];
  ensureCoefficients(hashes);
  const sig = new Array<number>(hashes).fill(PRIME);
  for (const shingle of set) {
    const x = hash32(shingle) % PRIME;
    for (let i = 0; i < hashes; i++) {
      // (a*x + b) mod p with a = hi*2^16 + lo; every intermediate is below
      // 2^50, so exact. Reducing by v - floor(v/p)*p (corrected by one p if
      // the quotient rounded) gives the same result as %, several times faster.
      let v = (coefHi[i] as number) * x;
      v -= Math.floor(v / PRIME) * PRIME;
      if (v < 0) v += PRIME;
      else if (v >= PRIME) v -= PRIME;
      v = v * 65536 + (coefLo[i] as number) * x + (coefB[i] as number);
      v -= Math.floor(v / PRIME) * PRIME;
      if (v < 0) v += PRIME;
      else if (v >= PRIME) v -= PRIME;
      if (v < (sig[i] as number)) sig[i] = v;
    }
  }
  return sig;
}

/**
 * MinHash signature of the message's shingles: `hashes` numbers below 2^32.
 * The fraction of positions where two signatures agree estimates the Jaccard
 * similarity of the two letters' shingle sets. An empty message has no
 * shingles and gets an empty signature (no bands, never a candidate).
 */
export function minhashSignature(message: string, hashes = SIGNATURE_HASHES): number[] {
  if (!Number.isInteger(hashes) || hashes < 1) throw new RangeError(`hashes must be a positive integer, got ${hashes}`);
  return minhashOfShingles(shingles(message), hashes);
}

/**
 * LSH band keys of a signature, `b<band>:<16 hex digits>`: the signature is cut
 * into `bands` bands of equal length and each band's rows are hashed. Two
 * letters are candidates when they share a key. An empty signature gives none.
 */
export function lshBands(signature: readonly number[], bands = LSH_BANDS): string[] {
  if (!Number.isInteger(bands) || bands < 1) throw new RangeError(`bands must be a positive integer, got ${bands}`);
  if (signature.length === 0) return [];
  if (signature.length % bands !== 0) {
    throw new RangeError(`a signature of ${signature.length} hashes cannot be cut into ${bands} equal bands`);
  }
  const rows = signature.length / bands;
  const keys: string[] = [];
  for (let band = 0; band < bands; band++) {
    const slice = signature.slice(band * rows, (band + 1) * rows).join(',');
    const digest = createHash('sha256').update(`${rows}:${slice}`, 'utf8').digest('hex').slice(0, 16);
    keys.push(`b${band}:${digest}`);
  }
  return keys;
}

/**
 * Estimated Jaccard similarity: the fraction of positions where the two
 * signatures agree. 0 when either is empty (an empty letter resembles nothing).
 */
export function estimatedSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (a.length !== b.length) throw new RangeError(`signatures differ in length (${a.length} and ${b.length})`);
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return equal / a.length;
}

/**
 * Exact Jaccard similarity |a ∩ b| / |a ∪ b|. Two empty sets give 0, not 1:
 * blank letters are not a campaign (exact repeats are caught by the fingerprint).
 */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const s of small) if (large.has(s)) common++;
  return common / (a.size + b.size - common);
}

/** Whether two messages are near duplicates: exact shingle Jaccard ≥ NEAR_DUPLICATE_THRESHOLD. */
export function isNearDuplicate(a: string, b: string): boolean {
  return isNearDuplicateOf(shingles(a), b);
}

/** isNearDuplicate for a message whose shingles are already known (a letter compared with many candidates). */
export function isNearDuplicateOf(shinglesOfA: ReadonlySet<string>, b: string): boolean {
  return jaccard(shinglesOfA, shingles(b)) >= NEAR_DUPLICATE_THRESHOLD;
}

export interface SimilarityKeys {
  /** exactFingerprint of the message. */
  fingerprint: string;
  /** minhashSignature of the message (64 numbers, or none for an empty one). */
  signature: number[];
  /** lshBands of the signature (16 keys, or none for an empty message). */
  bands: string[];
  /** shingles of the message, for comparing it with candidates. */
  shingles: ReadonlySet<string>;
}

/** Everything stored for a letter at routing time, normalising and shingling it once. */
export function similarityKeys(message: string): SimilarityKeys {
  const normalised = normaliseForComparison(message);
  const shingleSet = shinglesOfNormalised(normalised, SHINGLE_SIZE);
  const signature = minhashOfShingles(shingleSet, SIGNATURE_HASHES);
  return { fingerprint: sha256Hex(normalised), signature, bands: lshBands(signature, LSH_BANDS), shingles: shingleSet };
}
