/** Whether the embedded font(s) can draw a code point. */
export type GlyphCheck = (codePoint: number) => boolean;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const LINE_BREAK = /\r\n|[\r\n\u000b\u000c\u0085\u2028\u2029]/g;
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;
const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Citizen-supplied text made safe to draw with one embedded font: no control
 * characters, line breaks normalised to "\n" (or spaces when multiline is false),
 * and every grapheme the font cannot draw either dropped (emoji, which carry no
 * words) or shown as U+FFFD (anything else, e.g. a CJK name, so that the reader
 * sees something is missing). Invisible format characters without a glyph
 * (zero-width joiner, variation selectors) are dropped silently. Nothing here is
 * markup: "<", "&" and the like are ordinary characters.
 */
export function printableText(text: string, hasGlyph: GlyphCheck, options: { multiline: boolean }): string {
  const cleaned = text
    .replace(LONE_SURROGATE, '\uFFFD')
    .normalize('NFC')
    .replace(LINE_BREAK, options.multiline ? '\n' : ' ')
    .replace(/\t/g, '    ')
    .replace(CONTROL, '');
  const replacement = hasGlyph(0xfffd) ? '\uFFFD' : '?';
  let out = '';
  let afterDrop = false; // a space after a dropped emoji is dropped too if one precedes it
  for (const { segment } of graphemes.segment(cleaned)) {
    if (afterDrop && segment === ' ' && (out === '' || out.endsWith(' ') || out.endsWith('\n'))) continue;
    afterDrop = false;
    if (segment === '\n') {
      out += segment;
      continue;
    }
    const chars = Array.from(segment);
    const drawable = chars.filter((ch) => hasGlyph(ch.codePointAt(0) ?? 0));
    const missing = chars.filter((ch) => !hasGlyph(ch.codePointAt(0) ?? 0));
    if (missing.every((ch) => IGNORABLE.test(ch))) out += drawable.join('');
    else if (EMOJI.test(segment)) afterDrop = true;
    else out += replacement;
  }
  if (options.multiline) return out.replace(/[ \u00a0]+$/gm, '').replace(/^\n+|\n+$/g, '');
  return out.replace(/\s+/g, ' ').trim();
}
