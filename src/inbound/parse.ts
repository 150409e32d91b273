import { createHash } from 'node:crypto';
import { convert } from 'html-to-text';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { decodeBody, findBodyPart, headerParam } from './mime-body.js';

// A raw message read into what classifying and threading need. Staff see only
// the text: HTML is turned into text here (no scripts, no links' targets, no
// images) and never stored.

export type InboundMail = {
  messageId: string;
  /** True when the message had no Message-ID and `messageId` was made from its bytes. */
  syntheticMessageId: boolean;
  from: { address: string; name: string } | null;
  date: Date | null;
  subject: string;
  inReplyTo: string[];
  references: string[];
  /** To, Cc, Delivered-To and X-Original-To, lower case. */
  recipients: string[];
  autoSubmitted: string | null;
  precedence: string | null;
  listId: string | null;
  listUnsubscribe: boolean;
  /** X-Autoreply or X-Autorespond. */
  autoreplyHeader: boolean;
  /** `''` for the null reverse path `<>`; null without the header. */
  returnPath: string | null;
  contentType: string;
  reportType: string | null;
  /** What a delivery-status report says: the Status and the Message-IDs it quotes. */
  report: { status: string | null; messageIds: string[] };
  text: string;
};

/** mailparser's limits: no HTML beyond this is parsed (it would be turned into text). */
const MAX_HTML = 2_000_000;
const SYNTHETIC_DOMAIN = 'pisarnica.invalid';

const PARSE_OPTIONS = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipImageLinks: true,
  skipTextLinks: true,
  maxHtmlLengthToParse: MAX_HTML,
};

const HTML_TO_TEXT = {
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'head', format: 'skip' },
  ],
};

function headerValues(mail: ParsedMail, name: string): string[] {
  return mail.headerLines
    .filter((h) => h.key === name)
    .map((h) => h.line.slice(h.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
}

const firstHeader = (mail: ParsedMail, name: string): string | null => headerValues(mail, name)[0] ?? null;

const angleIds = (value: string): string[] => [...value.matchAll(/<[^<>\s]+>/g)].map((m) => m[0]);

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((o) => o.value.flatMap((a) => [a.address, ...(a.group ?? []).map((g) => g.address)]))
    .filter((a): a is string => typeof a === 'string' && a !== '');
}

const bareAddress = (value: string): string => (/<([^<>]*)>/.exec(value)?.[1] ?? value).trim().toLowerCase();

/** Control characters out (tabs and line breaks stay), line breaks as \n, NFC. */
const cleanText = (text: string): string =>
  text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g, '').trim();

/** The staff's text: decoded again from the raw body part when the declared charset is missing or did not fit. */
function bodyText(raw: Buffer, mail: ParsedMail): string {
  const part = findBodyPart(raw);
  if (part?.subtype === 'plain') {
    const parsed = typeof mail.text === 'string' ? mail.text : '';
    return part.charset === undefined || parsed.includes('\uFFFD') || parsed === '' ? decodeBody(part.bytes, part.charset) : parsed;
  }
  const parsedHtml = typeof mail.html === 'string' ? mail.html : '';
  const html = part && (part.charset === undefined || parsedHtml.includes('\uFFFD')) ? decodeBody(part.bytes, part.charset) : parsedHtml;
  if (html !== '') return convert(html, HTML_TO_TEXT);
  return typeof mail.text === 'string' ? mail.text : '';
}

function deliveryReport(raw: Buffer): InboundMail['report'] {
  const text = raw.toString('latin1');
  const bodyAt = text.search(/\r?\n\r?\n/);
  const body = bodyAt === -1 ? '' : text.slice(bodyAt);
  const status = /^Status:[ \t]*([245]\.\d{1,3}\.\d{1,3})/im.exec(body)?.[1] ?? null;
  const messageIds = [...body.matchAll(/^Message-ID:[ \t]*(<[^<>\s]+>)/gim)].map((m) => m[1] as string);
  return { status, messageIds };
}

export async function parseMail(raw: Buffer): Promise<InboundMail> {
  const mail = await simpleParser(raw, PARSE_OPTIONS);
  const from = mail.from?.value[0];
  const contentType = firstHeader(mail, 'content-type') ?? 'text/plain';
  const returnPath = firstHeader(mail, 'return-path');
  const messageId = mail.messageId ? angleIds(mail.messageId)[0] ?? `<${mail.messageId.replace(/[<>\s]/g, '')}>` : undefined;
  return {
    messageId: messageId ?? `<${createHash('sha256').update(raw).digest('hex').slice(0, 32)}@${SYNTHETIC_DOMAIN}>`,
    syntheticMessageId: messageId === undefined,
    from: from?.address ? { address: from.address.toLowerCase(), name: (from.name ?? '').trim() } : null,
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    subject: cleanText(mail.subject ?? '').replace(/\s+/g, ' '),
    inReplyTo: headerValues(mail, 'in-reply-to').flatMap(angleIds),
    references: headerValues(mail, 'references').flatMap(angleIds),
    recipients: [
      ...addresses(mail.to), ...addresses(mail.cc),
      ...headerValues(mail, 'delivered-to'), ...headerValues(mail, 'x-original-to'),
    ].map(bareAddress),
    autoSubmitted: firstHeader(mail, 'auto-submitted'),
    precedence: firstHeader(mail, 'precedence'),
    listId: firstHeader(mail, 'list-id'),
    listUnsubscribe: firstHeader(mail, 'list-unsubscribe') !== null,
    autoreplyHeader: ['x-autoreply', 'x-autorespond'].some((h) => firstHeader(mail, h) !== null),
    returnPath: returnPath === null ? null : bareAddress(returnPath),
    contentType: contentType.split(';')[0]?.trim().toLowerCase() ?? 'text/plain',
    reportType: headerParam(contentType, 'report-type')?.toLowerCase() ?? null,
    report: deliveryReport(raw),
    text: cleanText(bodyText(raw, mail)),
  };
}
