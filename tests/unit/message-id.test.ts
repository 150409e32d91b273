import { describe, expect, it } from 'vitest';
import { domainOf, MESSAGE_ID_KIND, outboxMessageId, type MessageKind } from '../../src/mail/message-id.js';
import { verifyMessageId } from '../../src/mail/signing.js';

const KEY = 'test-mail-signing-key-of-at-least-32-characters';
const DOMAIN = 'president.example';

describe('outboxMessageId', () => {
  it('when made twice for the same outbox row, then it is the same id (a resend carries it)', () => {
    expect(outboxMessageId(KEY, 'acknowledgement', 17, DOMAIN)).toBe(outboxMessageId(KEY, 'acknowledgement', 17, DOMAIN));
  });

  it.each<[MessageKind, string]>([
    ['acknowledgement', 'ack'],
    ['office_notification', 'notify'],
    ['reply', 'reply'],
  ])('when the kind is %s, then the id is <%s.id.hmac@domain>, one line, and verifies to that kind and row', (kind, tag) => {
    const id = outboxMessageId(KEY, kind, 42, DOMAIN);
    expect(MESSAGE_ID_KIND[kind]).toBe(tag);
    expect(id).toMatch(new RegExp(`^<${tag}\\.42\\.[0-9a-f]{16}@president\\.example>$`));
    expect(id).not.toMatch(/[\s\r\n]/);
    expect(verifyMessageId(KEY, id, DOMAIN)).toEqual({ kind: tag, id: 42 });
  });

  it('when the row, the kind or the key differs, then the id differs, and another key does not verify it', () => {
    const id = outboxMessageId(KEY, 'reply', 7, DOMAIN);
    expect(outboxMessageId(KEY, 'reply', 8, DOMAIN)).not.toBe(id);
    expect(outboxMessageId(KEY, 'acknowledgement', 7, DOMAIN)).not.toBe(id);
    expect(verifyMessageId('another-key-of-at-least-32-characters-long', id, DOMAIN)).toBeUndefined();
  });

  it('when the domain differs, then the id ends in that domain', () => {
    expect(outboxMessageId(KEY, 'acknowledgement', 1, 'b.example')).toMatch(/@b\.example>$/);
  });
});

describe('domainOf', () => {
  it.each([
    ['Kabinet predsednika <no-reply@president.example>', 'president.example'],
    ['"Кабинет председника" <no-reply@President.Example>', 'president.example'],
    ['a@b.example', 'b.example'],
    ['  a@B.Example  ', 'b.example'],
    ['junk', 'localhost'],
    ['', 'localhost'],
    ['user@', 'localhost'],
    ['Name <>', 'localhost'],
    ['Name <user>', 'localhost'],
  ])('when the sender is %j, then the domain is %j', (from, domain) => {
    expect(domainOf(from)).toBe(domain);
  });
});
