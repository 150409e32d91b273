import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

// The Idempotency-Key is stored only as a hash, and the first answer (which
// carries the tracking token) is sealed with a key derived from the
// Idempotency-Key: whoever reads the table cannot learn a token from it.

const KEY_PATTERN = /^[\x21-\x7e]{8,128}$/;

export function isValidIdempotencyKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

export function idempotencyKeyHash(key: string): Buffer {
  return createHash('sha256').update('pisarnica/idempotency-key/').update(key).digest();
}

/** A piece of output text on canonicalJson's stack, as opposed to a value still to write. */
class Token {
  constructor(readonly text: string) {}
}

/**
 * JSON with object keys sorted, so the same body hashes the same whatever its
 * key order. Iterative (an explicit stack, not recursion), so no nesting depth
 * can overflow the call stack.
 */
function canonicalJson(root: unknown): string {
  const out: string[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item instanceof Token) {
      out.push(item.text);
    } else if (Array.isArray(item)) {
      // Pushed in reverse: popped as `[`, first element, `,`, second element, …, `]`.
      stack.push(new Token(']'));
      for (let i = item.length - 1; i >= 0; i -= 1) {
        stack.push(item[i]);
        if (i > 0) stack.push(new Token(','));
      }
      stack.push(new Token('['));
    } else if (item !== null && typeof item === 'object') {
      const keys = Object.keys(item).sort();
      stack.push(new Token('}'));
      for (let i = keys.length - 1; i >= 0; i -= 1) {
        const key = keys[i] as string;
        stack.push((item as Record<string, unknown>)[key], new Token(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`));
      }
      stack.push(new Token('{'));
    } else {
      out.push(JSON.stringify(item) ?? 'null');
    }
  }
  return out.join('');
}

export function requestHash(body: unknown): Buffer {
  return createHash('sha256').update(canonicalJson(body)).digest();
}

function sealingKey(idempotencyKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', idempotencyKey, 'pisarnica', 'idempotent-response', 32));
}

export function seal(response: unknown, idempotencyKey: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(idempotencyKey), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(response), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function unseal(sealed: Buffer, idempotencyKey: string): unknown {
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(idempotencyKey), sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8'));
}
