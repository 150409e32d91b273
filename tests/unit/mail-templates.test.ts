import { describe, it, expect } from 'vitest';
import { escapeHtml, oneLine } from '../../src/mail/escape.js';
import { acknowledgementMessage, type LetterForMail } from '../../src/mail/letter-messages.js';
import {
  acknowledgement,
  officeNotification,
  reply,
  trackingUrl,
  TRACKING_TOKEN_PLACEHOLDER,
  type AcknowledgementInput,
  type OfficeNotificationInput,
} from '../../src/mail/templates.js';
import type { Language } from '../../src/i18n/language.js';

const BASE = 'https://pisma.president.example';
const REF = 'PR-2025-000123-4';
const URL_TEXT = `${BASE}/status?reference=${REF}&token=${TRACKING_TOKEN_PLACEHOLDER}`;
const URL_HTML = `${BASE}/status?reference=${REF}&amp;token=${TRACKING_TOKEN_PLACEHOLDER}`;

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const LINE_BREAKERS = ['\r\n', '\n', '\r', '\u2028', '\u2029', '\u0085'];

function ack(overrides: Partial<AcknowledgementInput> = {}) {
  return acknowledgement({
    reference: REF,
    language: 'sr-Cyrl',
    // 23:30 UTC on 4 March is 00:30 on 5 March in Belgrade.
    receivedAt: new Date('2025-03-04T23:30:00Z'),
    trackingUrl: trackingUrl(BASE, REF),
    ...overrides,
  });
}

function notification(overrides: Partial<OfficeNotificationInput> = {}) {
  return officeNotification({
    reference: REF,
    channel: 'web',
    receivedAt: new Date('2025-03-04T23:30:00Z'),
    officeName: 'Служба за правне послове и помиловања',
    ruleDescription: 'Petitions for pardon',
    categoryName: 'Молба за помиловање',
    name: 'Петар',
    surname: 'Петровић',
    place: 'Чачак',
    address: 'Улица 1',
    email: 'petar@example.org',
    phone: '+381 64 123 4567',
    language: 'sr-Latn',
    subject: 'Molba',
    message: 'Prvi red.\nDrugi red.',
    ...overrides,
  });
}

const hasLineBreak = (s: string) => /[\r\n\u2028\u2029\u0085]/.test(s);

describe('trackingUrl', () => {
  it('when given a base URL and a reference, then it points at /status with the reference and the token placeholder', () => {
    expect(trackingUrl(BASE, REF)).toBe(URL_TEXT);
  });

  it('when the reference has characters special in a URL, then they are percent-encoded', () => {
    const url = trackingUrl(BASE, 'a&b=c d?#/');
    expect(url).toBe(`${BASE}/status?reference=a%26b%3Dc%20d%3F%23%2F&token=${TRACKING_TOKEN_PLACEHOLDER}`);
  });

  it('when built, then the placeholder is the last thing, for the mail worker to replace', () => {
    expect(trackingUrl(BASE, REF).endsWith(`&token=${TRACKING_TOKEN_PLACEHOLDER}`)).toBe(true);
  });
});

describe('acknowledgement', () => {
  it.each<[Language, string, string, string]>([
    ['sr-Cyrl', 'Примили', 'Поштовани/а,', '5. март 2025.'],
    ['sr-Latn', 'Primili', 'Poštovani/a,', '5. mart 2025.'],
    ['en', 'received', 'Dear Sir or Madam,', '5 March 2025'],
  ])('when the language is %s, then subject, text and html carry the reference, the text is in that language and the greeting is neutral', (language, word, greeting, date) => {
    const mail = ack({ language });
    expect(mail.subject).toContain(REF);
    expect(mail.subject).toContain(word);
    expect(mail.text).toContain(REF);
    expect(mail.html).toContain(REF);
    expect(mail.text.startsWith(`${greeting}\n\n`)).toBe(true);
    expect(mail.html).toContain(`<p>${greeting}</p>`);
    expect(mail.text).toContain(date); // the date of receipt in Belgrade, in that language
    expect(mail.html).toContain(date);
  });

  it.each<[Language, RegExp]>([
    ['sr-Cyrl', /\p{Script=Cyrillic}/u],
    ['sr-Latn', /^[^\u0400-\u04ff]*$/u],
    ['en', /^[^\u0400-\u04ff]*$/u],
  ])('when the language is %s, then the wording is in its script', (language, pattern) => {
    const mail = ack({ language });
    expect(mail.text).toMatch(pattern);
    expect(mail.subject).toMatch(pattern);
  });

  it.each<Language>(['sr-Cyrl', 'sr-Latn', 'en'])(
    'when the language is %s, then the tracking URL with the placeholder is in the text and linked in the html',
    (language) => {
      const mail = ack({ language });
      expect(mail.text).toContain(URL_TEXT);
      expect(mail.html).toContain(`<a href="${URL_HTML}">${URL_HTML}</a>`);
      expect(mail.html).toContain(TRACKING_TOKEN_PLACEHOLDER);
      // The raw & of the query string never appears unescaped in the html.
      expect(mail.html).not.toContain(`${REF}&token`);
    },
  );

  it('when the html is made, then its only anchor is the tracking link', () => {
    const mail = ack();
    expect(mail.html.match(/<a /g)).toHaveLength(1);
    expect(mail.html).toContain(`<a href="${URL_HTML}">`);
  });

  it('when the text is made, then it is paragraphs separated by blank lines ending in a newline', () => {
    const mail = ack({ language: 'en' });
    expect(mail.text.endsWith('Office of the President\n')).toBe(true);
    expect(mail.text.split('\n\n')).toHaveLength(5);
  });

  it.each(LINE_BREAKERS)('when the reference carries %j, then the subject is still one line', (br) => {
    const mail = ack({ reference: `${REF}${br}Bcc: victim@example.org` });
    expect(hasLineBreak(mail.subject)).toBe(false);
    expect(mail.subject).toContain(REF);
  });
});

describe('acknowledgementMessage', () => {
  // What an abuser would type into the form to send our mail, with their words, to someone else's address.
  const PHISH = 'Claim your refund at evil.example Now';
  const letter = (overrides: Partial<LetterForMail> = {}): LetterForMail & { email: string } => ({
    channel: 'web',
    name: PHISH,
    surname: `<a href="https://evil.example">klik</a> ${SCRIPT}`,
    municipalityCode: 'cacak',
    country: null,
    address: 'Pay at https://evil.example/pay today',
    email: 'victim@example.org',
    phone: null,
    category: 'question',
    subject: 'Your account is suspended: visit evil.example',
    message: 'Dear customer, your bank asks you to confirm your password at https://evil.example/login.',
    language: 'en',
    reference: REF,
    receivedAt: new Date('2025-03-04T23:30:00Z'),
    ...overrides,
  }) as LetterForMail & { email: string };

  it.each<Language>(['sr-Cyrl', 'sr-Latn', 'en'])(
    'when the sender wrote hostile name, subject, message and address in %s, then none of it is in the acknowledgement',
    (language) => {
      const mail = acknowledgementMessage(letter({ language }), { publicBaseUrl: BASE, mailFrom: 'no-reply@president.example' });
      for (const part of [mail.subject, mail.text, mail.html]) {
        expect(part).not.toMatch(/evil|refund|klik|script|password|suspended|customer/i);
        expect(part).toContain(REF);
      }
      expect(mail.html.match(/<a /g)).toHaveLength(1);
      expect(mail.text).toContain(URL_TEXT);
    },
  );

  it('when the letter is in English, then the greeting is "Dear Sir or Madam," and not the sender\'s name', () => {
    const mail = acknowledgementMessage(letter(), { publicBaseUrl: BASE, mailFrom: 'no-reply@president.example' });
    expect(mail.text.split('\n')[0]).toBe('Dear Sir or Madam,');
    expect(mail.html).not.toContain(escapeHtml(PHISH));
  });
});

describe('reply', () => {
  it('when staff answer, then the greeting keeps the name (staff have read the letter)', () => {
    const mail = reply({ reference: REF, name: 'Ана', surname: 'Анић', language: 'sr-Cyrl', body: 'Ваш захтев је прослеђен.' });
    expect(mail.text.split('\n')[0]).toBe('Поштовани/а Ана Анић,');
  });
});

describe('officeNotification', () => {
  it('when made, then the text carries reference, contact details, category, rule, language and subject', () => {
    const { text } = notification();
    expect(text).toContain(`Број: ${REF}`);
    expect(text).toContain('Примљено: 5. март 2025. (веб)');
    expect(text).toContain('Служба: Служба за правне послове и помиловања');
    expect(text).toContain('Распоређено: Petitions for pardon');
    expect(text).toContain('Врста: Молба за помиловање');
    expect(text).toContain('Име и презиме: Петар Петровић');
    expect(text).toContain('Место: Чачак');
    expect(text).toContain('Адреса: Улица 1');
    expect(text).toContain('Е-пошта: petar@example.org');
    expect(text).toContain('Телефон: +381 64 123 4567');
    expect(text).toContain('Језик: sr-Latn');
    expect(text).toContain('Наслов: Molba');
  });

  it('when made, then the message follows the fields after a blank line, with its newlines kept', () => {
    const { text } = notification();
    expect(text.endsWith('Наслов: Molba\n\nPrvi red.\nDrugi red.\n')).toBe(true);
  });

  it('when made, then the html has the fields as table rows and the message newlines as <br>', () => {
    const { html } = notification();
    expect(html).toContain(`<tr><th align="left">Број</th><td>${REF}</td></tr>`);
    expect(html).toContain('<tr><th align="left">Распоређено</th><td>Petitions for pardon</td></tr>');
    expect(html).toContain('<tr><th align="left">Врста</th><td>Молба за помиловање</td></tr>');
    expect(html).toContain('<tr><th align="left">Е-пошта</th><td>petar@example.org</td></tr>');
    expect(html).toContain('<p>Prvi red.<br>Drugi red.</p>');
  });

  it('when no rule matched, then it says the letter went to the default office', () => {
    const mail = notification({ ruleDescription: null });
    expect(mail.text).toContain('Распоређено: подразумевана служба (ниједно правило није одговарало)');
    expect(mail.html).toContain('подразумевана служба (ниједно правило није одговарало)');
  });

  it('when the letter came by post without email, phone or subject, then those show as dashes', () => {
    const mail = notification({ channel: 'postal', email: null, phone: null, subject: null });
    expect(mail.text).toContain('(пошта)');
    expect(mail.text).toContain('Е-пошта: —');
    expect(mail.text).toContain('Телефон: —');
    expect(mail.text).toContain('Наслов: —');
    expect(mail.subject).toBe(`[${REF}] Ново писмо`);
  });

  it('when the letter has a subject, then the mail subject is the reference, "Ново писмо" and the subject', () => {
    expect(notification({ subject: 'Molba za pomoć' }).subject).toBe(`[${REF}] Ново писмо: Molba za pomoć`);
  });

  it.each<[keyof OfficeNotificationInput]>([
    ['name'], ['surname'], ['place'], ['address'], ['email'], ['phone'], ['subject'], ['message'],
    ['categoryName'], ['ruleDescription'], ['officeName'], ['reference'],
  ])('when %s carries HTML, then the html escapes it and the text keeps it verbatim', (field) => {
    const evil = `${SCRIPT} & ${IMG}`;
    const mail = notification({ [field]: evil });
    expect(mail.html).not.toMatch(/<script/i);
    expect(mail.html).not.toMatch(/<img/i);
    expect(mail.html).toContain(escapeHtml(evil));
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;&gt;&lt;img');
    expect(mail.text).toContain(evil);
  });

  it('when the message has HTML over several lines, then each line is escaped and joined with <br>', () => {
    const { html } = notification({ message: `${SCRIPT}\n<b>bold</b>` });
    expect(html).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;<br>&lt;b&gt;bold&lt;/b&gt;</p>');
  });

  it.each(LINE_BREAKERS)('when the citizen subject carries %j, then the mail subject is still one line', (br) => {
    const mail = notification({ subject: `Molba${br}Bcc: victim@example.org${br}${br}body` });
    expect(hasLineBreak(mail.subject)).toBe(false);
    expect(mail.subject).toBe(`[${REF}] Ново писмо: Molba Bcc: victim@example.org body`);
  });

  it('when the citizen subject carries other control characters, then they do not reach the mail subject', () => {
    const mail = notification({ subject: 'a\u0000b\tc\u001bd\u007fe' });
    expect(mail.subject).toBe(`[${REF}] Ново писмо: a b c d e`);
  });
});

describe('escapeHtml', () => {
  it.each([
    ['&', '&amp;'],
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['"', '&quot;'],
    ["'", '&#39;'],
    [SCRIPT, '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [IMG, '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'],
    ['&amp;', '&amp;amp;'],
    ['Ђорђе Čačak', 'Ђорђе Čačak'],
    ['', ''],
  ])('when given %j, then it returns %j', (input, output) => {
    expect(escapeHtml(input)).toBe(output);
  });
});

describe('oneLine', () => {
  it.each([
    ['a\r\nb', 'a b'],
    ['a\n\n\nb', 'a b'],
    ['a\rb', 'a b'],
    ['a\u2028b\u2029c', 'a b c'],
    ['a\u0085b', 'a b'],
    ['a\tb', 'a b'],
    ['a\u0000b', 'a b'],
    ['\r\n  padded  \n', 'padded'],
    ['Ђорђе – Čačak', 'Ђорђе – Čačak'],
    ['', ''],
  ])('when given %j, then it returns %j', (input, output) => {
    expect(oneLine(input)).toBe(output);
  });
});
