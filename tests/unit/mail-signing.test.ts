import { describe, expect, it } from 'vitest';
import { signedMessageId, signedReplyAddress, verifyMessageId, verifyReplyAddress } from '../../src/mail/signing.js';

const KEY = 'a-test-signing-key-of-enough-length';
const OTHER = 'another-key-of-enough-length-too';

describe('signed Message-IDs', () => {
  it('when one of ours comes back, then its kind and outbox id are recovered', () => {
    const id = signedMessageId(KEY, 'ack', 42, 'president.example');
    expect(id).toMatch(/^<ack\.42\.[0-9a-f]{16}@president\.example>$/);
    expect(verifyMessageId(KEY, id, 'president.example')).toEqual({ kind: 'ack', id: 42 });
    expect(verifyMessageId(KEY, id.slice(1, -1), 'PRESIDENT.example')).toEqual({ kind: 'ack', id: 42 });
  });

  it('when the id, the kind, the tag, the domain or the key differ, then it does not verify', () => {
    const id = signedMessageId(KEY, 'ack', 42, 'president.example');
    expect(verifyMessageId(KEY, id.replace('.42.', '.43.'), 'president.example')).toBeUndefined();
    expect(verifyMessageId(KEY, id.replace('ack.', 'reply.'), 'president.example')).toBeUndefined();
    expect(verifyMessageId(KEY, id.replace(/\.([0-9a-f])/, (_m, c: string) => `.${c === '0' ? '1' : '0'}`), 'president.example')).toBeUndefined();
    expect(verifyMessageId(KEY, id, 'elsewhere.example')).toBeUndefined();
    expect(verifyMessageId(OTHER, id, 'president.example')).toBeUndefined();
    expect(verifyMessageId(KEY, '<CAF=abc@mail.gmail.com>', 'president.example')).toBeUndefined();
  });
});

describe('signed reply addresses', () => {
  it('when a citizen answers to the letter address, then the reference is recovered, whatever the case', () => {
    const address = signedReplyAddress(KEY, 'pisma@president.example', 'PR-2026-000123-7');
    expect(address).toMatch(/^pisma\+PR-2026-000123-7\.[0-9a-f]{16}@president\.example$/);
    expect(verifyReplyAddress(KEY, 'pisma@president.example', address)).toBe('PR-2026-000123-7');
    expect(verifyReplyAddress(KEY, 'pisma@president.example', address.toLowerCase())).toBe('PR-2026-000123-7');
  });

  it('when the reference, the tag, the mailbox or the key differ, then it does not verify', () => {
    const address = signedReplyAddress(KEY, 'pisma@president.example', 'PR-2026-000123-7');
    expect(verifyReplyAddress(KEY, 'pisma@president.example', address.replace('000123', '000124'))).toBeUndefined();
    expect(verifyReplyAddress(KEY, 'pisma@president.example', address.replace('pisma+', 'other+'))).toBeUndefined();
    expect(verifyReplyAddress(KEY, 'pisma@president.example', address.replace('@president.example', '@evil.example'))).toBeUndefined();
    expect(verifyReplyAddress(OTHER, 'pisma@president.example', address)).toBeUndefined();
    expect(verifyReplyAddress(KEY, 'pisma@president.example', 'pisma@president.example')).toBeUndefined();
  });
});
