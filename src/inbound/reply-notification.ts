import { escapeHtml, oneLine } from '../mail/escape.js';
import type { MailContent } from '../mail/templates.js';

// To the letter's office, in Serbian Cyrillic: the correspondent answered by
// email; the text as received (HTML already turned into text, escaped here).

export type ReplyNotificationInput = {
  reference: string;
  from: string;
  subject: string;
  text: string;
  reopened: boolean;
};

const when = (at: Date) => at.toLocaleString('sr-Cyrl-RS', { timeZone: 'Europe/Belgrade' });

export function replyNotification(input: ReplyNotificationInput, receivedAt = new Date()): MailContent {
  const fields: [string, string][] = [
    ['Број', input.reference],
    ['Примљено', `${when(receivedAt)} (е-пошта)`],
    ['Од', input.from],
    ['Наслов', input.subject || '—'],
    ...(input.reopened ? ([['Статус', 'писмо је поново у раду (било је одговорено)']] as [string, string][]) : []),
  ];
  const text = `${fields.map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${input.text}\n`;
  const rows = fields.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n');
  const html =
    `<!doctype html>\n<html><body style="font-family:sans-serif;line-height:1.5">\n<table>\n${rows}\n</table>\n` +
    `<p>${escapeHtml(input.text).replace(/\n/g, '<br>')}</p>\n</body></html>\n`;
  return {
    subject: oneLine(`[${input.reference}] Одговор грађанина е-поштом`),
    text,
    html,
  };
}
