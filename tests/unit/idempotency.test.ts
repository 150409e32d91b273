import { describe, it, expect } from 'vitest';
import {
  idempotencyKeyHash,
  isValidIdempotencyKey,
  requestHash,
  seal,
  unseal,
} from '../../src/submissions/idempotency.js';

describe('isValidIdempotencyKey (8 to 128 visible ASCII characters)', () => {
  it.each([
    ['8 characters', 'abcdefgh'],
    ['128 characters', 'k'.repeat(128)],
    ['a UUID', '3f2b6c1e-9a4d-4e8b-b1f2-0c9d8e7f6a5b'],
    ['every visible ASCII character', Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join('')],
    ['punctuation only', '!"#$%&\'()*+,-./'],
    ['tilde and exclamation mark (the ends of the range)', '~~~~!!!!'],
  ])('when the key is %s, then it is valid', (_what, key) => {
    expect(isValidIdempotencyKey(key)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['7 characters', 'abcdefg'],
    ['129 characters', 'k'.repeat(129)],
    ['with a space', 'abcd efgh'],
    ['with a tab', 'abcd\tefgh'],
    ['with a newline', 'abcdefgh\n'],
    ['with CR LF', 'abcd\r\nefgh'],
    ['with NUL', 'abcd\u0000efgh'],
    ['with DEL', 'abcd\u007fefgh'],
    ['with a non-ASCII letter', 'abcdčefgh'],
    ['Cyrillic', 'ђорђевић-ключ'],
    ['with a non-breaking space', 'abcd\u00a0efgh'],
    ['with an emoji', 'abcdefgh😀'],
    ['with a full-width letter', 'abcdefgｈ'],
  ])('when the key is %s, then it is rejected', (_what, key) => {
    expect(isValidIdempotencyKey(key)).toBe(false);
  });
});

describe('idempotencyKeyHash', () => {
  it('when the same key is hashed twice, then the hash is the same 32 bytes, and it does not contain the key', () => {
    const key = 'my-idempotency-key-123';
    const hash = idempotencyKeyHash(key);
    expect(hash).toHaveLength(32);
    expect(hash.equals(idempotencyKeyHash(key))).toBe(true);
    expect(hash.includes(Buffer.from(key))).toBe(false);
  });

  it('when two keys differ, then their hashes differ', () => {
    expect(idempotencyKeyHash('abcdefgh').equals(idempotencyKeyHash('abcdefgi'))).toBe(false);
  });
});

describe('requestHash', () => {
  const letter = {
    name: 'Petar',
    surname: 'Petrović',
    municipality: 'Čačak',
    consent: true,
    tags: ['a', 'b'],
    nested: { x: 1, y: { z: 'deep', w: null } },
  };

  it('when the same body comes with its keys in another order, at every level, then the hash is the same', () => {
    const reordered = {
      nested: { y: { w: null, z: 'deep' }, x: 1 },
      tags: ['a', 'b'],
      consent: true,
      municipality: 'Čačak',
      surname: 'Petrović',
      name: 'Petar',
    };
    expect(requestHash(reordered).equals(requestHash(letter))).toBe(true);
    expect(requestHash(JSON.parse(JSON.stringify(letter))).equals(requestHash(letter))).toBe(true);
  });

  it.each<[string, unknown]>([
    ['a different top-level value', { ...letter, name: 'Marko' }],
    ['a different nested value', { ...letter, nested: { x: 1, y: { z: 'deeper', w: null } } }],
    ['a nested null turned into a missing key', { ...letter, nested: { x: 1, y: { z: 'deep' } } }],
    ['a number turned into a string', { ...letter, nested: { x: '1', y: { z: 'deep', w: null } } }],
    ['true turned into "true"', { ...letter, consent: 'true' }],
    ['array items reordered', { ...letter, tags: ['b', 'a'] }],
    ['an array item more', { ...letter, tags: ['a', 'b', 'c'] }],
    ['an extra key', { ...letter, website: '' }],
    ['a missing key', { name: 'Petar', surname: 'Petrović', municipality: 'Čačak', consent: true, tags: ['a', 'b'] }],
    ['a value moved to another key', { ...letter, name: 'Petrović', surname: 'Petar' }],
    ['a key renamed', { ...Object.fromEntries(Object.entries(letter).filter(([k]) => k !== 'name')), Name: 'Petar' }],
    ['composed vs decomposed ć', { ...letter, surname: 'Petrović'.normalize('NFD') }],
    ['an array instead of an object', Object.values(letter)],
  ])('when the body has %s, then the hash differs', (_what, other) => {
    expect(requestHash(other).equals(requestHash(letter))).toBe(false);
  });

  it.each<[string, unknown, unknown]>([
    ['a string containing what looks like JSON vs the JSON', { a: '{"b":1}' }, { a: { b: 1 } }],
    ['a key containing a colon vs a nested key', { 'a:b': 1 }, { a: { b: 1 } }],
    ['a key with a comma vs two keys', { 'a":1,"b': 2 }, { a: 1, b: 2 }],
    ['null vs the string "null"', null, 'null'],
    ['empty object vs empty array', {}, []],
    ['0 vs false', 0, false],
  ])('when the bodies are %s, then the hashes differ (no collisions through the encoding)', (_what, a, b) => {
    expect(requestHash(a).equals(requestHash(b))).toBe(false);
  });

  it('when a body is hashed, then the hash is the one earlier versions stored (replays survive an upgrade)', () => {
    const body = { ...letter, e: [], o: {}, n: [[1, [2]], {}] };
    expect(requestHash(body).toString('hex')).toBe('1858c1b7c81a95a14ff9b62f8fd8da4af5833a0cfc252926c6f487c9bcde6996');
  });

  it('when the body nests 100,000 levels deep, then it is hashed without overflowing the stack', () => {
    const nested = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));
    const deepObject = JSON.parse('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000));
    expect(requestHash(nested(100_000))).toHaveLength(32);
    expect(requestHash(nested(100_000)).equals(requestHash(nested(99_999)))).toBe(false);
    expect(requestHash(deepObject)).toHaveLength(32);
  });

  it('when hashed, then the result is a 32-byte SHA-256', () => {
    expect(requestHash(letter)).toHaveLength(32);
  });
});

describe('seal and unseal', () => {
  const key = 'idem-key-0001';
  const token = 'tok_9QxF3kz7LmN2pR8vW4yB6cD1eH5jK0sT';
  const response = {
    reference: 'PR-2026-000001-7',
    trackingToken: token,
    receivedAt: '2026-11-25T10:00:00.000Z',
    message: 'Писмо је примљено. Hvala! ✉️',
  };

  it('when a response is sealed and unsealed with the same key, then it comes back equal', () => {
    expect(unseal(seal(response, key), key)).toEqual(response);
  });

  it.each<[string, unknown]>([
    ['a string', 'plain'],
    ['a number', 42],
    ['null', null],
    ['an array', [1, 'two', { three: 3 }]],
    ['an empty object', {}],
  ])('when %s is sealed, then it unseals to the same value', (_what, value) => {
    expect(unseal(seal(value, key), key)).toEqual(value);
  });

  it('when unsealed with another key, then it throws', () => {
    const sealed = seal(response, key);
    expect(() => unseal(sealed, 'idem-key-0002')).toThrow();
    expect(() => unseal(sealed, `${key} `)).toThrow();
  });

  it('when the sealed bytes are tampered with anywhere, then unsealing throws', () => {
    const sealed = seal(response, key);
    for (const position of [0, 11, 12, 27, 28, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[position] = (tampered[position] ?? 0) ^ 0x01;
      expect(() => unseal(tampered, key), `byte ${position}`).toThrow();
    }
    expect(() => unseal(sealed.subarray(0, sealed.length - 1), key)).toThrow();
  });

  it('when sealed, then the bytes contain neither the token, nor the key, nor any other plaintext', () => {
    const sealed = seal(response, key);
    for (const secret of [token, token.slice(4, 16), key, 'trackingToken', 'PR-2026', JSON.stringify(response)]) {
      expect(sealed.includes(Buffer.from(secret, 'utf8')), secret).toBe(false);
      expect(sealed.toString('latin1').includes(secret), secret).toBe(false);
      expect(sealed.toString('base64').includes(Buffer.from(secret).toString('base64')), secret).toBe(false);
      expect(sealed.toString('hex').includes(Buffer.from(secret).toString('hex')), secret).toBe(false);
    }
  });

  it('when the same response is sealed twice, then the bytes differ (fresh IV) and both unseal', () => {
    const a = seal(response, key);
    const b = seal(response, key);
    expect(a.equals(b)).toBe(false);
    expect(a.subarray(0, 12).equals(b.subarray(0, 12))).toBe(false);
    expect(unseal(a, key)).toEqual(response);
    expect(unseal(b, key)).toEqual(response);
  });

  it('when sealed, then the layout is a 12-byte IV, a 16-byte tag and a body as long as the JSON', () => {
    const sealed = seal(response, key);
    expect(sealed.length).toBe(12 + 16 + Buffer.byteLength(JSON.stringify(response), 'utf8'));
  });
});
