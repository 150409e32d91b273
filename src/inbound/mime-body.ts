import iconv from 'iconv-lite';

// The text of a message decoded again from its raw bytes: declared charsets lie
// (or are missing), and a decoder that trusted them has already turned the
// bytes it could not read into U+FFFD. Cyrillic mail comes as UTF-8,
// windows-1251 or KOI8-R; this finds the body part and tries them. Pure.

export type BodyPart = { subtype: 'plain' | 'html'; bytes: Buffer; charset: string | undefined };

const MAX_DEPTH = 8;

function splitHead(raw: Buffer): { head: string; body: Buffer } {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const [at, gap] = crlf !== -1 && (lf === -1 || crlf < lf) ? [crlf, 4] : lf !== -1 ? [lf, 2] : [raw.length, 0];
  return { head: raw.subarray(0, at).toString('latin1').replace(/\r?\n[ \t]+/g, ' '), body: raw.subarray(at + gap) };
}

function headerValue(head: string, name: string): string | undefined {
  const m = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head);
  return m?.[1]?.trim();
}

/** A parameter of a structured header (`charset`, `boundary`), quoted or not. */
export function headerParam(value: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  const found = m?.[1] ?? m?.[2];
  return found === undefined || found === '' ? undefined : found;
}

function decodeQuotedPrintable(body: Buffer): Buffer {
  const text = body.toString('latin1').replace(/=\r?\n/g, '');
  return Buffer.from(text.replace(/=([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
}

function decodeTransfer(body: Buffer, encoding: string | undefined): Buffer {
  switch (encoding?.toLowerCase()) {
    case 'base64': return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    case 'quoted-printable': return decodeQuotedPrintable(body);
    default: return body;
  }
}

function multipartChildren(body: Buffer, boundary: string): Buffer[] {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const parts: Buffer[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const after = at + delimiter.length;
    if (body.subarray(after, after + 2).toString('latin1') === '--') break;
    const lineEnd = body.indexOf('\n', after);
    if (lineEnd === -1) break;
    const next = body.indexOf(delimiter, lineEnd);
    let end = next === -1 ? body.length : next;
    // The line break before the next delimiter belongs to the delimiter.
    if (body[end - 1] === 0x0a) end -= body[end - 2] === 0x0d ? 2 : 1;
    parts.push(body.subarray(lineEnd + 1, Math.max(lineEnd + 1, end)));
    at = next;
  }
  return parts;
}

function findPart(entity: Buffer, want: 'plain' | 'html', depth: number): BodyPart | undefined {
  const { head, body } = splitHead(entity);
  const type = headerValue(head, 'Content-Type') ?? 'text/plain';
  const mime = type.split(';')[0]?.trim().toLowerCase() ?? 'text/plain';
  if (mime.startsWith('multipart/')) {
    const boundary = headerParam(type, 'boundary');
    if (!boundary || depth >= MAX_DEPTH) return undefined;
    for (const child of multipartChildren(body, boundary)) {
      const found = findPart(child, want, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const disposition = headerValue(head, 'Content-Disposition')?.toLowerCase() ?? '';
  if (mime !== `text/${want}` || disposition.startsWith('attachment')) return undefined;
  return { subtype: want, bytes: decodeTransfer(body, headerValue(head, 'Content-Transfer-Encoding')), charset: headerParam(type, 'charset') };
}

/** The message's first text/plain part, else its first text/html part, with its transfer encoding undone. */
export function findBodyPart(raw: Buffer): BodyPart | undefined {
  return findPart(raw, 'plain', 0) ?? findPart(raw, 'html', 0);
}

/** Cyrillic lower case counts most (text is mostly lower case); box drawing, C1 and Latin-1 symbols are what a wrong guess makes. */
function textScore(text: string): number {
  let score = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x430 && c <= 0x45f) score += 2;
    else if (c >= 0x400 && c <= 0x42f) score += 1;
    else if ((c >= 0x80 && c <= 0xbf) || (c >= 0x2500 && c <= 0x25ff) || c === 0x2320 || c === 0x2321) score -= 5;
  }
  return score;
}

const FALLBACKS = ['windows-1251', 'koi8-r'] as const;

/**
 * The bytes as text: in the declared charset when it is known and decodes
 * without a replacement character; else as UTF-8 when they are valid UTF-8;
 * else windows-1251 or KOI8-R, whichever reads more like text.
 */
export function decodeBody(bytes: Buffer, declared: string | undefined): string {
  if (declared && iconv.encodingExists(declared)) {
    const text = iconv.decode(bytes, declared);
    if (!text.includes('\uFFFD')) return text;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // not UTF-8: one of the single-byte Cyrillic charsets
  }
  const candidates = FALLBACKS.map((charset) => iconv.decode(bytes, charset)).filter((t) => !t.includes('\uFFFD'));
  return candidates.sort((a, b) => textScore(b) - textScore(a))[0] ?? iconv.decode(bytes, 'utf-8');
}
