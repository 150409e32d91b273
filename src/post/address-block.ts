/** Width of a text at a font size, in points. */
export type MeasureText = (text: string, fontSize: number) => number;

export type AddressLines = { name: string; address: string; place: string };

export type FittedAddress = { fontSize: number; lineHeight: number; lines: string[] };

/** Font sizes tried for the address, largest first; DIN 5008 asks for at least 8 pt. */
export const ADDRESS_FONT_SIZES = [11, 10.5, 10, 9.5, 9, 8.5, 8] as const;
export const ADDRESS_LINE_SPACING = 1.2;
export const ELLIPSIS = '…';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const splitGraphemes = (text: string) => Array.from(graphemes.segment(text), (s) => s.segment);

/** Greedy word wrap; a word wider than the line is broken between graphemes. */
export function wrapText(text: string, width: number, size: number, measure: MeasureText): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    if (measure(word, size) <= width) {
      line = word;
      continue;
    }
    for (const g of splitGraphemes(word)) {
      if (line && measure(line + g, size) > width) {
        lines.push(line);
        line = '';
      }
      line += g;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** The text cut to fit the width, ending in an ellipsis if anything was cut. */
export function ellipsize(text: string, width: number, size: number, measure: MeasureText): string {
  if (measure(text, size) <= width) return text;
  const parts = splitGraphemes(text);
  const cut = (n: number) => parts.slice(0, n).join('').trimEnd() + ELLIPSIS;
  // Binary search for the longest prefix that fits with the ellipsis.
  let lo = 0;
  let hi = parts.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(cut(mid), size) <= width) lo = mid;
    else hi = mid - 1;
  }
  const result = cut(lo);
  return measure(result, size) <= width ? result : '';
}

/**
 * Lays out the recipient in a box: name, the address (its own line breaks kept,
 * long lines wrapped) and the place last, at the largest size at which all of it
 * fits. If nothing fits even at the smallest size, name and place get one line
 * each (cut with an ellipsis) and the address keeps as many lines as remain, the
 * last one ending in an ellipsis. The result never overflows width × height.
 */
export function fitAddress(address: AddressLines, width: number, height: number, measure: MeasureText): FittedAddress {
  const blocks = [address.name, ...address.address.split('\n'), address.place]
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  for (const fontSize of ADDRESS_FONT_SIZES) {
    const lineHeight = fontSize * ADDRESS_LINE_SPACING;
    const lines = blocks.flatMap((block) => wrapText(block, width, fontSize, measure));
    if (lines.length * lineHeight <= height) return { fontSize, lineHeight, lines };
  }
  const fontSize = ADDRESS_FONT_SIZES[ADDRESS_FONT_SIZES.length - 1] ?? 8;
  const lineHeight = fontSize * ADDRESS_LINE_SPACING;
  const maxLines = Math.max(1, Math.floor(height / lineHeight));
  const one = (text: string) => ellipsize(text.replace(/\s+/g, ' ').trim(), width, fontSize, measure);
  const name = one(address.name);
  const place = one(address.place);
  const fixed = [name, place].filter(Boolean);
  const room = Math.max(0, maxLines - fixed.length);
  const middle = address.address
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .flatMap((line) => wrapText(line, width, fontSize, measure));
  const kept = middle.slice(0, room);
  if (middle.length > room && kept.length > 0) {
    const last = kept.length - 1;
    kept[last] = ellipsize(`${kept[last] ?? ''}${ELLIPSIS}`, width, fontSize, measure);
  }
  const lines = [name, ...kept, place].filter(Boolean).slice(0, maxLines);
  return { fontSize, lineHeight, lines };
}
