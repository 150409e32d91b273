import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/inbound/mime-body.js';
import { parseMail } from '../../src/inbound/parse.js';

const SERBIAN = 'Поштовани, пишем вам због пута у селу. Хвала на одговору!';
// KOI8-R has no ђ, ј, љ, њ, ћ, џ: the Russian-alphabet part of Serbian Cyrillic.
const RUSSIAN = 'Здравствуйте, пишу вам по поводу дороги в нашей деревне. Спасибо!';

function raw(contentType: string | undefined, body: Buffer, extra: string[] = []): Buffer {
  const head = [
    'From: "Petar Petrović" <petar@example.rs>',
    'To: pisma@president.example',
    'Subject: =?utf-8?B?' + Buffer.from('Пут у селу').toString('base64') + '?=',
    'Date: Sat, 10 Jan 2026 10:00:00 +0100',
    'Message-ID: <abc.123@example.rs>',
    'MIME-Version: 1.0',
    ...(contentType ? [`Content-Type: ${contentType}`] : []),
    'Content-Transfer-Encoding: 8bit',
    ...extra,
  ].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'utf8'), body, Buffer.from('\r\n')]);
}

describe('decoding a body', () => {
  it.each([
    ['windows-1251 declared', 'text/plain; charset=windows-1251', 'win1251', SERBIAN],
    ['windows-1251 undeclared', 'text/plain', 'win1251', SERBIAN],
    ['windows-1251 with no Content-Type at all', undefined, 'win1251', SERBIAN],
    ['windows-1251 declared as UTF-8', 'text/plain; charset=utf-8', 'win1251', SERBIAN],
    ['KOI8-R declared', 'text/plain; charset=koi8-r', 'koi8-r', RUSSIAN],
    ['KOI8-R undeclared', 'text/plain', 'koi8-r', RUSSIAN],
    ['KOI8-R declared as UTF-8', 'text/plain; charset=utf-8', 'koi8-r', RUSSIAN],
    ['UTF-8 undeclared', 'text/plain', 'utf8', SERBIAN],
    ['UTF-8 declared', 'text/plain; charset=utf-8', 'utf8', SERBIAN],
  ])('when the body is %s, then the text is decoded exactly', async (_what, contentType, charset, text) => {
    const mail = await parseMail(raw(contentType, iconv.encode(text, charset)));
    expect(mail.text).toBe(text);
    expect(mail.text).not.toContain('\uFFFD');
  });

  it('when a multipart message has an undeclared windows-1251 text part, then that part is decoded exactly', async () => {
    const body = Buffer.concat([
      Buffer.from('--b1\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n', 'latin1'),
      iconv.encode(SERBIAN, 'win1251'),
      Buffer.from('\r\n--b1\r\nContent-Type: application/octet-stream\r\n\r\nxx\r\n--b1--\r\n', 'latin1'),
    ]);
    const mail = await parseMail(raw('multipart/mixed; boundary="b1"', body));
    expect(mail.text).toBe(SERBIAN);
  });

  it('when the part is quoted-printable windows-1251 without a charset, then it is decoded exactly', async () => {
    const qp = [...iconv.encode(SERBIAN, 'win1251')].map((b) => (b > 127 || b === 61 ? `=${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b))).join('');
    const wrapped = qp.match(/.{1,70}(?:=[0-9A-F]{2})?/g)?.join('=\r\n') ?? qp;
    const body = Buffer.from(`--b2\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${wrapped}\r\n--b2--\r\n`, 'latin1');
    const mail = await parseMail(raw('multipart/alternative; boundary=b2', body));
    expect(mail.text).toBe(SERBIAN);
  });

  it('when bytes are valid UTF-8, then they are read as UTF-8 whatever else could be guessed', () => {
    expect(decodeBody(Buffer.from('Čačak, Ђурђевдан'), undefined)).toBe('Čačak, Ђурђевдан');
  });
});

describe('reading the headers', () => {
  it('when the headers are there, then the sender, date, subject and references are read', async () => {
    const mail = await parseMail(raw('text/plain; charset=utf-8', Buffer.from('Tekst pisma.'), [
      'In-Reply-To: <ack.1.abcdef@president.example>',
      'References: <a@x.example> <ack.1.abcdef@president.example>',
      'Cc: Drugi <drugi@example.rs>',
      'Delivered-To: pisma+PR-2026-000001-7.0011223344556677@president.example',
      'Auto-Submitted: no',
      'Return-Path: <petar@example.rs>',
    ]));
    expect(mail).toMatchObject({
      messageId: '<abc.123@example.rs>',
      syntheticMessageId: false,
      from: { address: 'petar@example.rs', name: 'Petar Petrović' },
      subject: 'Пут у селу',
      inReplyTo: ['<ack.1.abcdef@president.example>'],
      references: ['<a@x.example>', '<ack.1.abcdef@president.example>'],
      autoSubmitted: 'no',
      returnPath: 'petar@example.rs',
      contentType: 'text/plain',
    });
    expect(mail.date?.toISOString()).toBe('2026-01-10T09:00:00.000Z');
    expect(mail.recipients).toEqual(['pisma@president.example', 'drugi@example.rs', 'pisma+pr-2026-000001-7.0011223344556677@president.example']);
  });

  it('when there is no Message-ID, then a synthetic one is made from the bytes, the same each time', async () => {
    const bytes = Buffer.from('From: a@example.rs\r\nSubject: x\r\n\r\nBody text here.\r\n');
    const first = await parseMail(bytes);
    expect(first.messageId).toMatch(/^<[0-9a-f]{32}@pisarnica\.invalid>$/);
    expect(first.syntheticMessageId).toBe(true);
    expect((await parseMail(bytes)).messageId).toBe(first.messageId);
  });

  it('when the null reverse path is given, then the return path is empty', async () => {
    const mail = await parseMail(Buffer.from('From: MAILER-DAEMON@mx.example\r\nReturn-Path: <>\r\n\r\nx\r\n'));
    expect(mail.returnPath).toBe('');
  });

  it('when the mail is HTML only, then the text has no script, no link target and no image', async () => {
    const html = '<p>Molim <b>pomoć</b>.</p><script>alert(1)</script><a href="javascript:alert(2)">ovde</a><img src="http://t.example/x.png" alt="slika">';
    const mail = await parseMail(raw('text/html; charset=utf-8', Buffer.from(html)));
    expect(mail.text).toContain('Molim pomoć.');
    expect(mail.text).toContain('ovde');
    for (const bad of ['alert', 'javascript:', 't.example', '<']) expect(mail.text).not.toContain(bad);
  });
});
