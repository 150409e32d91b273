import { describe, it, expect } from 'vitest';
import { PDFParse } from 'pdf-parse';
import { renderLetterPdf, type PrintableLetter } from '../../src/post/letter-pdf.js';
import { postalAcknowledgementText } from '../../src/post/postal-texts.js';

const REF = 'PR-2025-000123-4';
// 23:30 UTC on 31 December is 00:30 on 1 January in Belgrade.
const NEW_YEAR = new Date('2025-12-31T23:30:00Z');

function letter(overrides: Partial<PrintableLetter> = {}): PrintableLetter {
  return {
    reference: REF,
    language: 'sr-Cyrl',
    date: NEW_YEAR,
    recipient: { name: 'Ђорђе', surname: 'Петровић', address: 'Улица краља Милана 14', place: '11000 Београд' },
    title: 'Одговор на ваше писмо',
    body: 'Поштовани господине Петровићу,\n\nхвала вам на писму.',
    ...overrides,
  };
}

async function parse(pdf: Buffer) {
  // pdf.js may take over the bytes it is given; hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const text = await parser.getText();
    const info = await parser.getInfo();
    return { text: text.text, pages: text.total, info: info.info as Record<string, unknown> };
  } finally {
    await parser.destroy();
  }
}

describe('renderLetterPdf', () => {
  it('renders a Cyrillic letter with letterhead, address, number, date, title and body', async () => {
    const pdf = await renderLetterPdf(letter());
    expect(pdf.length).toBeGreaterThan(1000);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, pages, info } = await parse(pdf);
    expect(pages).toBe(1);
    expect(text).toContain('Кабинет председника Републике Србије');
    expect(text).toContain('Београд');
    expect(text).toContain('Ђорђе Петровић');
    expect(text).toContain('Улица краља Милана 14');
    expect(text).toContain('11000 Београд');
    expect(text).toContain(`Број: ${REF}`);
    expect(text).toContain('1. јануара 2026.'); // Belgrade date, not 31 December
    expect(text).toContain('Одговор на ваше писмо');
    expect(text).toContain('хвала вам на писму.');
    expect(text).toContain('1/1');
    expect(info.Title).toContain(REF);
    expect(info.Author).toBe('Кабинет председника Републике Србије');
    expect(info.Language).toBe('sr-Cyrl-RS');
  });

  it('renders Latin letters with Serbian diacritics', async () => {
    const pdf = await renderLetterPdf(
      letter({
        language: 'sr-Latn',
        recipient: { name: 'Čedomir', surname: 'Šapić', address: 'Karađorđeva 5, Čačak', place: '15000 Šabac' },
        title: 'Odgovor',
        body: 'Đurđevdan, ćevapi, džem, šljiva, žito.',
      }),
    );
    const { text, info } = await parse(pdf);
    expect(text).toContain('Kabinet predsednika Republike Srbije');
    expect(text).toContain('Čedomir Šapić');
    expect(text).toContain('Karađorđeva 5, Čačak');
    expect(text).toContain('15000 Šabac');
    expect(text).toContain(`Broj: ${REF}`);
    expect(text).toContain('1. januara 2026.');
    expect(text).toContain('Đurđevdan, ćevapi, džem, šljiva, žito.');
    expect(info.Author).toBe('Kabinet predsednika Republike Srbije');
  });

  it('renders an English letter', async () => {
    const pdf = await renderLetterPdf(
      letter({ language: 'en', recipient: { name: 'Jane', surname: 'Doe', address: '1 High Street\nLondon SW1A 1AA', place: 'United Kingdom' }, title: 'Reply', body: 'Thank you.' }),
    );
    const { text, info } = await parse(pdf);
    expect(text).toContain('Office of the President of the Republic of Serbia');
    expect(text).toContain('Belgrade');
    expect(text).toContain(`Reference: ${REF}`);
    expect(text).toContain('1 January 2026');
    expect(text).toContain('United Kingdom');
    expect(info.Language).toBe('en-GB');
  });

  it('prints the postal acknowledgement text', async () => {
    const ack = postalAcknowledgementText({ reference: REF, language: 'sr-Cyrl', receivedAt: NEW_YEAR, name: 'Ђорђе', surname: 'Петровић' });
    const { text } = await parse(await renderLetterPdf(letter({ title: ack.title, body: ack.body })));
    expect(text).toContain('Потврда о пријему писма');
    expect(text).toContain('примљено је 1. јануара 2026. године');
  });

  it('continues a long body on further pages, numbered n/N', async () => {
    const sentence = 'Ово је реченица писма која се понавља да би текст био дугачак. ';
    const body = sentence.repeat(Math.ceil(10_000 / sentence.length)).slice(0, 10_000);
    const { text, pages } = await parse(await renderLetterPdf(letter({ body })));
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain(`1/${pages}`);
    expect(text).toContain(`${pages}/${pages}`);
  });

  it('fits a very long address into the window without failing', async () => {
    const pdf = await renderLetterPdf(
      letter({
        recipient: {
          name: 'Ђорђе',
          surname: 'Петровић',
          address: 'Булевар ослобођења 123, улаз 4, спрат 5, стан 67, '.repeat(40) + '\n' + 'Ж'.repeat(600),
          place: '21000 Нови Сад',
        },
      }),
    );
    const { text, pages } = await parse(pdf);
    expect(pages).toBe(1);
    expect(text).toContain('Ђорђе Петровић');
    expect(text).toContain('21000 Нови Сад');
    expect(text).toContain('…');
  });

  it('draws markup as text and survives emoji and characters the font lacks', async () => {
    const pdf = await renderLetterPdf(
      letter({
        recipient: { name: 'Ана 🌻', surname: 'Ли 李', address: 'Улица 1 🏠\u0000', place: '11000 Београд 🇷🇸' },
        title: 'Одговор 👍 <b>',
        body: 'Текст <script>alert(1)</script> & "наводници" 🙏🏽 👨‍👩‍👧 😀 крај\u0007',
      }),
    );
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text } = await parse(pdf);
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('& "наводници"');
    expect(text).toContain('крај');
    expect(text).toContain('Одговор <b>');
  });
});
