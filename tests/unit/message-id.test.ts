import { describe, it, expect } from 'vitest';
import { domainOf, messageIdFor, type MessageKind } from '../../src/mail/message-id.js';

const REF = 'PR-2025-000123-4';
const DOMAIN = 'president.example';

describe('messageIdFor', () => {
  it('when called twice with the same reference, kind, recipient and domain, then it gives the same id', () => {
    const a = messageIdFor(REF, 'acknowledgement', 'ana@example.org', DOMAIN);
    const b = messageIdFor(REF, 'acknowledgement', 'ana@example.org', DOMAIN);
    expect(a).toBe(b);
  });

  it('when the kind differs, then the id differs', () => {
    expect(messageIdFor(REF, 'acknowledgement', 'ana@example.org', DOMAIN)).not.toBe(
      messageIdFor(REF, 'office_notification', 'ana@example.org', DOMAIN),
    );
  });

  it('when the recipient differs, then the id differs', () => {
    expect(messageIdFor(REF, 'office_notification', 'pravna-sluzba@president.example', DOMAIN)).not.toBe(
      messageIdFor(REF, 'office_notification', 'gradjani@president.example', DOMAIN),
    );
  });

  it('when the reference differs, then the id differs', () => {
    expect(messageIdFor(REF, 'acknowledgement', 'ana@example.org', DOMAIN)).not.toBe(
      messageIdFor('PR-2025-000124-2', 'acknowledgement', 'ana@example.org', DOMAIN),
    );
  });

  it.each(['ANA@EXAMPLE.ORG', 'Ana@Example.org', 'ana@EXAMPLE.org'])(
    'when the recipient is written %j, then the id is the same as for the lower-case address',
    (recipient) => {
      expect(messageIdFor(REF, 'acknowledgement', recipient, DOMAIN)).toBe(
        messageIdFor(REF, 'acknowledgement', 'ana@example.org', DOMAIN),
      );
    },
  );

  it.each<MessageKind>(['acknowledgement', 'office_notification'])(
    'when the kind is %s, then the id is <reference.kind.hash@domain> with no spaces, CR or LF',
    (kind) => {
      const id = messageIdFor(REF, kind, 'Ana Anić <ana@example.org>', DOMAIN);
      expect(id).toMatch(/^<[^<>@\s]+@president\.example>$/);
      expect(id).not.toMatch(/[\s\r\n]/);
      expect(id.startsWith(`<${REF}.${kind.replace('_', '-')}.`)).toBe(true);
      expect(id).toMatch(/\.[0-9a-f]{10}@/);
    },
  );

  it('when made, then the recipient address itself does not appear in the id', () => {
    const id = messageIdFor(REF, 'acknowledgement', 'ana@example.org', DOMAIN);
    expect(id).not.toContain('ana');
    expect(id).not.toContain('example.org');
  });

  it('when the domain differs, then the id ends in that domain', () => {
    expect(messageIdFor(REF, 'acknowledgement', 'ana@example.org', 'b.example')).toMatch(/@b\.example>$/);
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
