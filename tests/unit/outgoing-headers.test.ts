import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bounceAddress, outgoingHeaders } from '../../src/mail/headers.js';
import { fileMailer } from '../../src/mail/mailer.js';
import type { MessageKind } from '../../src/mail/message-id.js';
import { verifyReplyAddress } from '../../src/mail/signing.js';
import { cleanMessageId, MAX_REFERENCES, threadingFor, type ConversationEntry } from '../../src/mail/threading.js';

const SETTINGS = { mailSigningKey: 'test-mail-signing-key-of-at-least-32-characters', mailReplyAddress: 'pisma@president.example' };
const REF = 'PR-2026-000123-4';
const message = (kind: MessageKind, inReplyTo: string | null = null, references: string[] = []) => ({ kind, reference: REF, inReplyTo, references });

describe('outgoingHeaders', () => {
  it.each<MessageKind>(['acknowledgement', 'office_notification'])(
    'when the message is an %s, then it is Auto-Submitted: auto-replied and suppresses auto-responses',
    (kind) => {
      expect(outgoingHeaders(message(kind), SETTINGS).headers).toEqual({ 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' });
    },
  );

  it('when the message is a staff reply, then it is Auto-Submitted: no, without the suppression', () => {
    expect(outgoingHeaders(message('reply'), SETTINGS).headers).toEqual({ 'Auto-Submitted': 'no' });
  });

  it.each<MessageKind>(['acknowledgement', 'office_notification', 'reply'])(
    'when the message is an %s, then Reply-To is the letter\'s signed plus address on the published mailbox',
    (kind) => {
      const { replyTo } = outgoingHeaders(message(kind), SETTINGS);
      expect(replyTo).toMatch(/^pisma\+PR-2026-000123-4\.[0-9a-f]{16}@president\.example$/);
      expect(verifyReplyAddress(SETTINGS.mailSigningKey, SETTINGS.mailReplyAddress, replyTo)).toBe(REF);
    },
  );

  it('when the message answers an email, then it has In-Reply-To and References; otherwise neither', () => {
    const threaded = outgoingHeaders(message('reply', '<b@x.example>', ['<a@x.example>', '<b@x.example>']), SETTINGS);
    expect(threaded).toMatchObject({ inReplyTo: '<b@x.example>', references: ['<a@x.example>', '<b@x.example>'] });
    expect(outgoingHeaders(message('reply', '<b@x.example>'), SETTINGS).references).toEqual(['<b@x.example>']);
    const plain = outgoingHeaders(message('reply'), SETTINGS);
    expect(plain).not.toHaveProperty('inReplyTo');
    expect(plain).not.toHaveProperty('references');
  });
});

describe('bounceAddress', () => {
  it.each([
    ['Kabinet predsednika <no-reply@president.example>', 'bounces+42@president.example'],
    ['no-reply@Office.Example', 'bounces+42@office.example'],
  ])('when MAIL_FROM is %j, then the envelope sender of message 42 is %s', (from, expected) => {
    expect(bounceAddress(42, from)).toBe(expected);
  });
});

describe('cleanMessageId', () => {
  it.each([
    ['<a.b@mail.example>', '<a.b@mail.example>'],
    ['a.b@mail.example', '<a.b@mail.example>'],
    ['  <CAF+x=y@mail.gmail.com> ', '<CAF+x=y@mail.gmail.com>'],
  ])('when the id is %j, then it is cited as %s', (value, expected) => {
    expect(cleanMessageId(value)).toBe(expected);
  });

  it.each(['', '<>', 'no-at-sign', '<a@b> <c@d>', '<a@b>\r\nBcc: x@y', '<a b@c>', '<x@pisarnica.invalid>', '<a@b@c>'])(
    'when the id is %j, then it is not cited (nothing of it can reach our headers)',
    (value) => {
      expect(cleanMessageId(value)).toBeUndefined();
    },
  );
});

describe('threadingFor', () => {
  const e = (messageId: string, direction: 'in' | 'out'): ConversationEntry => ({ messageId, direction });

  it('when the letter has no incoming mail, then the message answers nothing', () => {
    expect(threadingFor([])).toBeUndefined();
    expect(threadingFor([e('<ack.1.aa@president.example>', 'out')])).toBeUndefined();
  });

  it('when the letter came by email, then the acknowledgement answers it', () => {
    expect(threadingFor([e('<orig@mail.example>', 'in')])).toEqual({ inReplyTo: '<orig@mail.example>', references: ['<orig@mail.example>'] });
  });

  it('when the correspondent answered our mail, then the newest incoming message is answered and References is the conversation up to it', () => {
    const conversation = [
      e('<orig@mail.example>', 'in'),
      e('<ack.1.aa@president.example>', 'out'),
      e('<re1@mail.example>', 'in'),
      e('<reply.5.bb@president.example>', 'out'),
      e('<re2@mail.example>', 'in'),
      e('<reply.9.cc@president.example>', 'out'),
    ];
    expect(threadingFor(conversation)).toEqual({
      inReplyTo: '<re2@mail.example>',
      references: ['<orig@mail.example>', '<ack.1.aa@president.example>', '<re1@mail.example>', '<reply.5.bb@president.example>', '<re2@mail.example>'],
    });
  });

  it('when incoming ids are unusable or repeated, then they are skipped, and the newest usable one is answered, last in References', () => {
    const conversation = [e('<orig@mail.example>', 'in'), e('<re@mail.example>', 'in'), e('<orig@mail.example>', 'in'), e('<synthetic@pisarnica.invalid>', 'in'), e('bad id', 'in')];
    expect(threadingFor(conversation)).toEqual({ inReplyTo: '<orig@mail.example>', references: ['<re@mail.example>', '<orig@mail.example>'] });
  });

  it(`when the conversation is long, then References keeps the first message and the newest, ${MAX_REFERENCES} in all`, () => {
    const conversation = Array.from({ length: 30 }, (_, i) => e(`<m${i}@mail.example>`, i % 2 ? 'out' : 'in'));
    const threading = threadingFor(conversation);
    expect(threading?.inReplyTo).toBe('<m28@mail.example>');
    expect(threading?.references).toHaveLength(MAX_REFERENCES);
    expect(threading?.references[0]).toBe('<m0@mail.example>');
    expect(threading?.references.at(-1)).toBe('<m28@mail.example>');
    expect(threading?.references.slice(1)).toEqual(Array.from({ length: 9 }, (_, i) => `<m${20 + i}@mail.example>`));
  });
});

describe('fileMailer (no SMTP_URL)', () => {
  it('when a message is written as .eml, then the file is named by the letter and carries the same headers', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'pisarnica-eml-'));
    const mailer = fileMailer(directory, 'Kabinet predsednika <no-reply@president.example>');
    try {
      await mailer.send({
        to: 'ana@example.org', subject: 'Odgovor', text: 'Tekst', html: '<p>Tekst</p>', messageId: '<reply.7.0123456789abcdef@president.example>',
        reference: REF, outboxId: 7, ...outgoingHeaders(message('reply', '<b@x.example>', ['<a@x.example>', '<b@x.example>']), SETTINGS),
      });
      const files = await readdir(directory);
      expect(files).toEqual([`${REF}.reply.7.0123456789abcdef@president.example.eml`]);
      const eml = (await readFile(path.join(directory, files[0] as string), 'utf8')).split('\n\n')[0] as string;
      expect(eml).toMatch(/^Reply-To: pisma\+PR-2026-000123-4\.[0-9a-f]{16}@president\.example$/m);
      expect(eml).toMatch(/^Auto-Submitted: no$/m);
      expect(eml).toMatch(/^In-Reply-To: <b@x\.example>$/m);
      expect(eml).toMatch(/^References: <a@x\.example> <b@x\.example>$/m);
      expect(eml).toMatch(/^Message-ID: <reply\.7\.0123456789abcdef@president\.example>$/m);
    } finally {
      mailer.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
