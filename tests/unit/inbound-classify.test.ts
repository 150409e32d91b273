import { describe, expect, it } from 'vitest';
import { classify, type ClassifyContext } from '../../src/inbound/classify.rules.js';
import { detectLanguage, letterMessage, LETTER_MAX, splitName } from '../../src/inbound/email-letter.rules.js';
import type { InboundMail } from '../../src/inbound/parse.js';
import { decideThread, referencedIds, threadClues, type ThreadContext } from '../../src/inbound/thread.rules.js';
import { signedMessageId, signedReplyAddress } from '../../src/mail/signing.js';

const KEY = 'test-signing-key-of-at-least-32-characters!';
const CTX: ClassifyContext = { signingKey: KEY, domain: 'president.example', messageIdInOutbox: false };
const THREAD: ThreadContext = { signingKey: KEY, domain: 'president.example', replyAddress: 'pisma@president.example' };

const mail = (over: Partial<InboundMail> = {}): InboundMail => ({
  messageId: '<m1@example.rs>',
  syntheticMessageId: false,
  from: { address: 'petar@example.rs', name: 'Petar Petrović' },
  date: new Date('2026-01-10T10:00:00Z'),
  subject: 'Lokalni put',
  inReplyTo: [],
  references: [],
  recipients: ['pisma@president.example'],
  autoSubmitted: null,
  precedence: null,
  listId: null,
  listUnsubscribe: false,
  autoreplyHeader: false,
  returnPath: 'petar@example.rs',
  contentType: 'text/plain',
  reportType: null,
  report: { status: null, messageIds: [] },
  text: 'Poštovani, pišem vam.',
  ...over,
});

describe('classifying inbound mail', () => {
  it("when a person writes, then it is a person's message", () => {
    expect(classify(mail(), CTX)).toEqual({ kind: 'person' });
    expect(classify(mail({ autoSubmitted: 'no' }), CTX)).toEqual({ kind: 'person' });
  });

  it('when the Message-ID is one of ours (signed, or found in the outbox), then it is our own mail, before anything else', () => {
    const ours = signedMessageId(KEY, 'ack', 7, 'president.example');
    expect(classify(mail({ messageId: ours, autoSubmitted: 'auto-replied' }), CTX)).toEqual({ kind: 'own_mail' });
    expect(classify(mail(), { ...CTX, messageIdInOutbox: true })).toEqual({ kind: 'own_mail' });
    // Signed with another key: not ours.
    expect(classify(mail({ messageId: signedMessageId('another key entirely, 32 chars long', 'ack', 7, 'president.example') }), CTX)).toEqual({ kind: 'person' });
  });

  it('when it is a delivery-status report, a null Return-Path or from MAILER-DAEMON or postmaster, then it is a bounce', () => {
    const quoted = signedMessageId(KEY, 'ack', 42, 'president.example');
    const report = mail({
      contentType: 'multipart/report', reportType: 'delivery-status', report: { status: '5.1.1', messageIds: [quoted, '<PR-2026-000001-7.acknowledgement.ab@president.example>'] },
      recipients: ['bounces+43@president.example'],
    });
    expect(classify(report, CTX)).toEqual({
      kind: 'bounce', status: '5.1.1', outboxIds: [43, 42], messageIds: [quoted, '<PR-2026-000001-7.acknowledgement.ab@president.example>'],
    });
    expect(classify(mail({ returnPath: '' }), CTX).kind).toBe('bounce');
    expect(classify(mail({ from: { address: 'MAILER-DAEMON@mx.example', name: '' } }), CTX).kind).toBe('bounce');
    expect(classify(mail({ from: { address: 'postmaster@mx.example', name: '' } }), CTX).kind).toBe('bounce');
  });

  it.each<[string, Partial<InboundMail>, string]>([
    ['Auto-Submitted: auto-replied', { autoSubmitted: 'auto-replied' }, 'auto_reply'],
    ['Auto-Submitted: auto-generated', { autoSubmitted: 'Auto-Generated; foo=bar' }, 'auto_reply'],
    ['X-Autoreply', { autoreplyHeader: true }, 'auto_reply'],
    ['Precedence: auto_reply', { precedence: 'auto_reply' }, 'auto_reply'],
    ['Precedence: bulk', { precedence: 'bulk' }, 'list'],
    ['Precedence: list', { precedence: 'List' }, 'list'],
    ['Precedence: junk', { precedence: 'junk' }, 'list'],
    ['List-Id', { listId: '<news.example>' }, 'list'],
    ['List-Unsubscribe', { listUnsubscribe: true }, 'list'],
    ['a no-reply sender', { from: { address: 'no-reply@shop.example', name: '' } }, 'no_reply_sender'],
    ['a noreply sender', { from: { address: 'noreply@shop.example', name: '' } }, 'no_reply_sender'],
  ])('when it has %s, then it is automatic and never answered', (_what, over, reason) => {
    expect(classify(mail(over), CTX)).toEqual({ kind: 'automatic', reason });
  });
});

describe('threading a person\'s message', () => {
  it('when In-Reply-To and References name messages, then the nearest parent comes first', () => {
    expect(referencedIds({ inReplyTo: ['<c@x>'], references: ['<a@x>', '<b@x>', '<c@x>'] })).toEqual(['<c@x>', '<b@x>', '<a@x>']);
  });

  it('when our signed Message-ID is referenced, then its outbox id is a clue; a tampered one is a broken signature', () => {
    const ours = signedMessageId(KEY, 'ack', 9, 'president.example');
    expect(threadClues(mail({ inReplyTo: [ours] }), THREAD)).toMatchObject({ signedOutboxIds: [9], brokenSignature: false });
    const tampered = ours.replace(/\.[0-9a-f]{16}@/, '.0000000000000000@');
    expect(threadClues(mail({ inReplyTo: [tampered] }), THREAD)).toMatchObject({ signedOutboxIds: [], unverifiedIds: [tampered] });
    // Another domain's ids, and our unsigned ids of before, are only looked up.
    expect(threadClues(mail({ references: ['<PR-2026-000001-7.acknowledgement.ab@president.example>'] }), THREAD)).toMatchObject({
      unverifiedIds: [], messageIds: ['<PR-2026-000001-7.acknowledgement.ab@president.example>'],
    });
  });

  it('when our signed plus address is a recipient, then its reference is a clue; a forged one is a broken signature', () => {
    const plus = signedReplyAddress(KEY, 'pisma@president.example', 'PR-2026-000001-7');
    expect(threadClues(mail({ recipients: [plus.toLowerCase()] }), THREAD)).toMatchObject({ replyReferences: ['PR-2026-000001-7'], brokenSignature: false });
    expect(threadClues(mail({ recipients: ['pisma+pr-2026-000001-7.0000000000000000@president.example'] }), THREAD)).toMatchObject({ brokenSignature: true });
  });

  it('when the subject names a valid reference, then it is a clue (a wrong check digit is not)', () => {
    expect(threadClues(mail({ subject: 'Re: PR-2026-000001-7 i PR-2026-000001-8' }), THREAD).subjectReferences).toEqual(['PR-2026-000001-7']);
  });

  it('when deciding, then the first kind of clue that names a letter wins, and doubt is held', () => {
    const none = { knownIds: [], byMessageId: [], byReplyAddress: [], bySubject: [] };
    const ok = { brokenSignature: false, unverifiedIds: [] };
    expect(decideThread(ok, none, 'a@x')).toEqual({ kind: 'new' });
    expect(decideThread(ok, { ...none, byMessageId: [3, 3], byReplyAddress: [4] }, 'a@x')).toEqual({ kind: 'reply', submissionId: 3, via: 'message_id' });
    expect(decideThread(ok, { ...none, byReplyAddress: [4] }, 'a@x')).toEqual({ kind: 'reply', submissionId: 4, via: 'reply_address' });
    expect(decideThread(ok, { ...none, byMessageId: [3, 5] }, 'a@x')).toEqual({ kind: 'held', reason: 'several_candidates' });
    expect(decideThread({ brokenSignature: true, unverifiedIds: [] }, { ...none, byMessageId: [3] }, 'a@x')).toEqual({ kind: 'held', reason: 'bad_signature' });
    // A Message-ID in our signed shape that does not verify is forged, unless the outbox sent it (signed under an older key).
    expect(decideThread({ ...ok, unverifiedIds: ['<ack.3.00@president.example>'] }, { ...none, byMessageId: [3] }, 'a@x')).toEqual({ kind: 'held', reason: 'bad_signature' });
    expect(decideThread({ ...ok, unverifiedIds: ['<ack.3.00@president.example>'] }, { ...none, knownIds: ['<ack.3.00@president.example>'], byMessageId: [3] }, 'a@x'))
      .toEqual({ kind: 'reply', submissionId: 3, via: 'message_id' });
    expect(decideThread(ok, { ...none, bySubject: [{ submissionId: 6, email: 'A@X' }] }, 'a@x')).toEqual({ kind: 'reply', submissionId: 6, via: 'subject' });
    expect(decideThread(ok, { ...none, bySubject: [{ submissionId: 6, email: 'b@x' }] }, 'a@x')).toEqual({ kind: 'held', reason: 'subject_other_sender' });
    expect(decideThread(ok, { ...none, bySubject: [{ submissionId: 6, email: null }] }, 'a@x')).toEqual({ kind: 'held', reason: 'subject_other_sender' });
  });
});

describe('a new letter from a message', () => {
  it('when the display name splits, then it gives name and surname; otherwise the local part', () => {
    expect(splitName('Petar Petrović', 'p@x.rs')).toEqual({ name: 'Petar', surname: 'Petrović', split: true });
    expect(splitName('"Ana Marija Jovanović"', 'a@x.rs')).toEqual({ name: 'Ana Marija', surname: 'Jovanović', split: true });
    expect(splitName('Petrović, Petar', 'p@x.rs')).toEqual({ name: 'Petar', surname: 'Petrović', split: true });
    expect(splitName('', 'petar.p@x.rs')).toEqual({ name: 'petar.p', surname: '', split: false });
    expect(splitName('Petar', 'petar@x.rs')).toEqual({ name: 'petar', surname: '', split: false });
    expect(splitName('Shop 24/7 Deals', 'deals@x.rs')).toMatchObject({ name: 'deals', split: false });
  });

  it('when the text is Cyrillic, Serbian Latin or neither, then the language is sr-Cyrl, sr-Latn or en', () => {
    expect(detectLanguage('Поштовани')).toBe('sr-Cyrl');
    expect(detectLanguage('Poštovani')).toBe('sr-Latn');
    expect(detectLanguage('Dear Sir')).toBe('en');
  });

  it('when the text is longer than a letter holds, then it is cut to the limit with a note', () => {
    const long = 'a'.repeat(LETTER_MAX + 500);
    const message = letterMessage(long, 'sr-Latn');
    expect(message.length).toBeLessThanOrEqual(LETTER_MAX);
    expect(message).toContain(`imala je ${LETTER_MAX + 500} znakova`);
    expect(letterMessage('kratko', 'en')).toBe('kratko');
  });
});
