import PDFDocument from 'pdfkit';
import type { Language } from '../i18n/language.js';
import { fitAddress } from './address-block.js';
import { letterFonts } from './fonts.js';
import { formatLongDate } from './long-date.js';
import { OFFICE_CITY, OFFICE_NAME } from './office.js';
import { printableText, type GlyphCheck } from './printable-text.js';

export type PrintableLetter = {
  reference: string;
  language: Language;
  date: Date;
  recipient: {
    name: string;
    surname: string;
    /** Street and number; may hold several lines separated by "\n". */
    address: string;
    /** Postcode and municipality, or the country line for letters abroad. */
    place: string;
  };
  title: string;
  body: string;
};

const mm = (value: number) => (value * 72) / 25.4;

/**
 * The page in points (A4, 595.28 × 841.89). The address field follows the brief's
 * DIN 5008 form B window for DL/C5 envelopes: 20 mm from the left edge, 50.8 mm
 * from the top, 85 × 40 mm; its text starts 5 mm in, level with the body text.
 */
export const LETTER_LAYOUT = {
  page: { width: 595.28, height: 841.89 },
  margins: { top: mm(20), bottom: mm(25), left: mm(25), right: mm(20) },
  letterhead: { top: mm(15), ruleY: mm(32) },
  addressField: { x: mm(20), y: mm(50.8), width: mm(85), height: mm(40), inset: mm(5) },
  infoBlock: { x: mm(125), y: mm(50.8), width: mm(65) },
  titleY: mm(98.5),
  footerY: mm(282),
  /** Fold marks for a DL envelope (form B) and the punch-hole mark, at the left edge. */
  foldMarks: [mm(105), mm(210)],
  punchMark: mm(148.5),
} as const;

const TEXT = {
  'sr-Cyrl': { reference: 'Број:', date: 'Датум:', lang: 'sr-Cyrl-RS' },
  'sr-Latn': { reference: 'Broj:', date: 'Datum:', lang: 'sr-Latn-RS' },
  en: { reference: 'Reference:', date: 'Date:', lang: 'en-GB' },
} as const satisfies Record<Language, Record<string, string>>;

const SIZE = { office: 13, city: 10, info: 10, title: 12, body: 11, footer: 8 } as const;
const GREY = '#444444';

type FontkitFont = { hasGlyphForCodePoint?: (codePoint: number) => boolean };

/** pdfkit does not type its current font; the fontkit font behind it answers glyph questions. */
function currentGlyphCheck(doc: PDFKit.PDFDocument): GlyphCheck | undefined {
  const font = (doc as unknown as { _font?: { font?: FontkitFont } })._font?.font;
  const check = font?.hasGlyphForCodePoint;
  return typeof check === 'function' ? (cp) => check.call(font, cp) : undefined;
}

/** A code point is drawable if both the regular and the bold face have it. */
function glyphCheck(doc: PDFKit.PDFDocument): GlyphCheck {
  const regular = currentGlyphCheck(doc.font('regular'));
  const bold = currentGlyphCheck(doc.font('bold'));
  doc.font('regular');
  if (!regular || !bold) return () => true; // pdfkit draws .notdef rather than failing
  return (cp) => regular(cp) && bold(cp);
}

type Doc = PDFKit.PDFDocument;
type Line = (text: string) => string;
const CONTENT_WIDTH = LETTER_LAYOUT.page.width - LETTER_LAYOUT.margins.left - LETTER_LAYOUT.margins.right;

function drawLetterhead(doc: Doc, letter: PrintableLetter): void {
  const L = LETTER_LAYOUT;
  doc.fillColor('black').font('bold').fontSize(SIZE.office);
  doc.text(OFFICE_NAME[letter.language], L.margins.left, L.letterhead.top, { width: CONTENT_WIDTH, lineBreak: false });
  doc.font('regular').fontSize(SIZE.city).text(OFFICE_CITY[letter.language], L.margins.left, doc.y + 2, { lineBreak: false });
  doc
    .moveTo(L.margins.left, L.letterhead.ruleY)
    .lineTo(L.page.width - L.margins.right, L.letterhead.ruleY)
    .lineWidth(0.5)
    .strokeColor(GREY)
    .stroke();
  // Fold and punch marks.
  doc.lineWidth(0.3).strokeColor(GREY);
  for (const y of L.foldMarks) doc.moveTo(mm(4), y).lineTo(mm(8), y).stroke();
  doc.moveTo(mm(4), L.punchMark).lineTo(mm(10), L.punchMark).stroke();
}

/** The address in the envelope window. */
function drawAddress(doc: Doc, letter: PrintableLetter, line: Line, hasGlyph: GlyphCheck): void {
  const field = LETTER_LAYOUT.addressField;
  doc.font('regular');
  const fitted = fitAddress(
    {
      name: line(`${letter.recipient.name} ${letter.recipient.surname}`),
      address: printableText(letter.recipient.address, hasGlyph, { multiline: true }),
      place: line(letter.recipient.place),
    },
    field.width - field.inset,
    field.height,
    (text, size) => doc.fontSize(size).widthOfString(text),
  );
  doc.fontSize(fitted.fontSize);
  fitted.lines.forEach((text, i) => {
    doc.text(text, field.x + field.inset, field.y + i * fitted.lineHeight, { lineBreak: false });
  });
}

/** Number and date on the right, then the title and the body below whichever ends lower. */
function drawContent(doc: Doc, letter: PrintableLetter, reference: string, title: string, body: string): void {
  const L = LETTER_LAYOUT;
  const t = TEXT[letter.language];
  const info = L.infoBlock;
  doc.font('regular').fontSize(SIZE.info);
  doc.text(`${t.reference} ${reference}`, info.x, info.y, { width: info.width });
  doc.text(`${t.date} ${formatLongDate(letter.date, letter.language)}`, info.x, doc.y + 2, { width: info.width });
  const titleY = Math.max(L.titleY, doc.y + mm(8), L.addressField.y + L.addressField.height + mm(7));
  doc.x = L.margins.left;
  doc.y = titleY;
  if (title) {
    doc.font('bold').fontSize(SIZE.title).text(title, L.margins.left, titleY, { width: CONTENT_WIDTH });
    doc.moveDown(1);
  }
  if (body) doc.font('regular').fontSize(SIZE.body).text(body, L.margins.left, doc.y, { width: CONTENT_WIDTH, lineGap: 2 });
}

/** Footer on every page: number left, page n/N right. */
function drawFooters(doc: Doc, reference: string): void {
  const L = LETTER_LAYOUT;
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(SIZE.footer).fillColor(GREY);
    doc.text(reference, L.margins.left, L.footerY, { lineBreak: false });
    const pageLabel = `${i + 1}/${range.count}`;
    doc.text(pageLabel, L.page.width - L.margins.right - doc.widthOfString(pageLabel), L.footerY, { lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

/** Renders a letter to PDF: letterhead, windowed-envelope address, date and number, title, body, page numbers. */
export function renderLetterPdf(letter: PrintableLetter): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    try {
      const office = OFFICE_NAME[letter.language];
      const fonts = letterFonts();
      const doc = new PDFDocument({
        size: 'A4',
        margins: LETTER_LAYOUT.margins,
        bufferPages: true,
        autoFirstPage: true,
        lang: TEXT[letter.language].lang,
        displayTitle: true,
        info: { Author: office, Creator: 'Pisarnica' },
      });
      const chunks: Buffer[] = [];
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);

      doc.registerFont('regular', fonts.regular);
      doc.registerFont('bold', fonts.bold);
      const hasGlyph = glyphCheck(doc);
      const line: Line = (text) => printableText(text, hasGlyph, { multiline: false });
      const reference = line(letter.reference);
      const title = line(letter.title);
      doc.info.Title = title ? `${reference} – ${title}` : reference;
      if (title) doc.info.Subject = title;

      drawLetterhead(doc, letter);
      drawAddress(doc, letter, line, hasGlyph);
      drawContent(doc, letter, reference, title, printableText(letter.body, hasGlyph, { multiline: true }));
      drawFooters(doc, reference);
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
