import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/i18n/language.js';
import { acknowledgementMessage, type LetterForMail } from '../../src/mail/letter-messages.js';
import { acknowledgement, completeContactUrl, TRACKING_TOKEN_PLACEHOLDER, trackingUrl } from '../../src/mail/templates.js';

// The acknowledgement of a letter that came by email without its postal
// address: it asks for the address and links to the page that completes it.

const BASE = 'https://pisma.president.example';
const REF = 'PR-2026-000123-4';

const letter = (language: Language, contactComplete: boolean): LetterForMail & { email: string } => ({
  reference: REF, channel: 'email', name: 'Petar', surname: 'Petrović', municipalityCode: null, country: null, address: '',
  email: 'petar@example.rs', phone: null, category: 'question', subject: 'Put', message: 'Poštovani, pišem vam o putu.',
  language, receivedAt: new Date('2026-01-10T10:00:00Z'), contactComplete,
});
const settings = { publicBaseUrl: BASE, mailFrom: 'pisma@president.example' };

describe('completeContactUrl', () => {
  it('when built, then it points at /complete with the reference, the token placeholder and the language', () => {
    expect(completeContactUrl(BASE, REF, 'sr-Latn')).toBe(`${BASE}/complete?ref=${REF}&token=${TRACKING_TOKEN_PLACEHOLDER}&lang=sr-Latn`);
  });
});

describe('the acknowledgement of a letter whose contact is not complete', () => {
  it.each<[Language, string]>([
    ['sr-Cyrl', 'поштанска адреса'],
    ['sr-Latn', 'poštanska adresa'],
    ['en', 'postal address'],
  ])('when the language is %s, then it asks for the postal address in that language and links to the page that completes it', (language, words) => {
    const mail = acknowledgementMessage(letter(language, false), settings);
    const url = completeContactUrl(BASE, REF, language);
    expect(mail.text).toContain(words);
    expect(mail.text).toContain(url);
    expect(mail.text).toContain(trackingUrl(BASE, REF));
    expect(mail.html).toContain(`<a href="${url.replace(/&/g, '&amp;')}">`);
    expect(mail.html).toContain(`<a href="${trackingUrl(BASE, REF).replace(/&/g, '&amp;')}">`);
  });

  it('when the letter\'s contact is complete, then the acknowledgement neither asks for an address nor links to /complete', () => {
    for (const language of ['sr-Cyrl', 'sr-Latn', 'en'] as const) {
      const mail = acknowledgementMessage(letter(language, true), settings);
      expect(mail.text).not.toContain('/complete');
      expect(mail.html).not.toContain('/complete');
    }
  });

  it('when no completion link is given, then the acknowledgement is as before', () => {
    const input = { reference: REF, language: 'en' as const, receivedAt: new Date('2026-01-10T10:00:00Z'), trackingUrl: trackingUrl(BASE, REF) };
    expect(acknowledgement({ ...input, completeUrl: undefined })).toEqual(acknowledgement(input));
  });
});
