import { describe, it, expect } from 'vitest';
import { ADDRESS_LINE_SPACING, ELLIPSIS, fitAddress, wrapText, type MeasureText } from '../../src/post/address-block.js';
import { printableText } from '../../src/post/printable-text.js';

// Monospaced stand-in for the font: every grapheme is 0.6 em wide.
const measure: MeasureText = (text, size) => Array.from(new Intl.Segmenter().segment(text)).length * 0.6 * size;
const WIDTH = 80 * (72 / 25.4);
const HEIGHT = 40 * (72 / 25.4);

describe('fitAddress', () => {
  it('keeps a normal address at the largest size, name first and place last', () => {
    const fitted = fitAddress({ name: 'Ђорђе Петровић', address: 'Улица краља Милана 14\nстан 7', place: '11000 Београд' }, WIDTH, HEIGHT, measure);
    expect(fitted.fontSize).toBe(11);
    expect(fitted.lines).toEqual(['Ђорђе Петровић', 'Улица краља Милана 14', 'стан 7', '11000 Београд']);
  });

  it('shrinks, then cuts with an ellipsis, and never overflows the field', () => {
    const fitted = fitAddress(
      { name: 'Čedomir Šapić', address: 'Vojvode Mišića bb, ulaz '.repeat(40) + '\n' + 'x'.repeat(400), place: '15000 Šabac' },
      WIDTH,
      HEIGHT,
      measure,
    );
    expect(fitted.fontSize).toBe(8);
    expect(fitted.lines.length * fitted.lineHeight).toBeLessThanOrEqual(HEIGHT);
    expect(fitted.lineHeight).toBeCloseTo(8 * ADDRESS_LINE_SPACING);
    for (const line of fitted.lines) expect(measure(line, fitted.fontSize)).toBeLessThanOrEqual(WIDTH);
    expect(fitted.lines[0]).toBe('Čedomir Šapić');
    expect(fitted.lines.at(-1)).toBe('15000 Šabac');
    expect(fitted.lines.at(-2)?.endsWith(ELLIPSIS)).toBe(true);
  });

  it('cuts an overlong name and place to one line each', () => {
    const fitted = fitAddress({ name: 'Ana '.repeat(200), address: '', place: 'Šabac '.repeat(200) }, WIDTH, HEIGHT, measure);
    expect(fitted.lines.length * fitted.lineHeight).toBeLessThanOrEqual(HEIGHT);
    for (const line of fitted.lines) expect(measure(line, fitted.fontSize)).toBeLessThanOrEqual(WIDTH);
  });

  it('breaks a word longer than the line', () => {
    const lines = wrapText('a'.repeat(50), 10 * 0.6 * 10, 10, measure);
    expect(lines).toEqual(['a'.repeat(10), 'a'.repeat(10), 'a'.repeat(10), 'a'.repeat(10), 'a'.repeat(10)]);
  });
});

describe('printableText', () => {
  // A font with everything below U+3000, the replacement character, the ZWJ and no emoji.
  const hasGlyph = (cp: number) => cp < 0x3000 || cp === 0xfffd;

  it('keeps markup characters as text', () => {
    expect(printableText('<script>alert("x")</script> & <b>', hasGlyph, { multiline: true })).toBe('<script>alert("x")</script> & <b>');
  });

  it('drops emoji the font lacks and marks other missing characters', () => {
    expect(printableText('Хвала 🙏 вам 👨‍👩‍👧 🇷🇸!', hasGlyph, { multiline: true })).toBe('Хвала вам !');
    expect(printableText('Ли 李小龍', hasGlyph, { multiline: false })).toBe('Ли \uFFFD\uFFFD\uFFFD');
  });

  it('keeps emoji the font has', () => {
    expect(printableText('ok 😀', (cp) => cp !== 0x1f64f, { multiline: false })).toBe('ok 😀');
  });

  it('normalises line breaks and removes control characters', () => {
    expect(printableText('a\r\nb\rc\u2028d\u0000e\u001b[31m', hasGlyph, { multiline: true })).toBe('a\nb\nc\nde[31m');
    expect(printableText(' a\r\n\tb ', hasGlyph, { multiline: false })).toBe('a b');
    expect(printableText('x\uD800y', hasGlyph, { multiline: false })).toBe('x\uFFFDy');
  });
});
