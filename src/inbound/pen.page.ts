import { html } from '../web/html.js';
import { csrfInput, errorSummary, field, formatDateTime, input, noticeBox, staffPage, type SummaryItem, type Viewer } from '../web/staff-frame.page.js';
import { STAFF_TEXT } from '../web/staff.texts.js';
import type { InboundEntry } from './pen.schema.js';

const T = STAFF_TEXT.inbound;

export type PenView = {
  viewer: Viewer;
  items: readonly InboundEntry[];
  notice?: string | undefined;
  errors?: readonly SummaryItem[];
  /** The reference typed into an entry's attach form, kept when it was refused. */
  typed?: { id: number; reference: string; error: string };
};

function entryForms(entry: InboundEntry, view: PenView): ReturnType<typeof html> {
  const { csrf } = view.viewer;
  const typed = view.typed?.id === entry.id ? view.typed : undefined;
  const refField = `reference-${entry.id}`;
  const button = (action: string, label: string, secondary: boolean) => html`<form method="post" action="/staff/inbound/${entry.id}/${action}" class="button-form">
  ${csrfInput(csrf)}
  <button type="submit" class="button${secondary ? ' button-secondary' : ''}">${label}<span class="visually-hidden"> — ${entry.id}</span></button>
</form>`;
  return html`<form method="post" action="/staff/inbound/${entry.id}/attach" class="inline-form">
  ${csrfInput(csrf)}
  ${field({ id: refField, name: 'reference', label: T.reference, required: true, error: typed?.error, control: input('text', typed?.reference ?? '', html` maxlength="40" autocomplete="off" placeholder="PR-2026-000123-7"`) })}
  <button type="submit" class="button">${T.attach}</button>
</form>
<div class="row-actions">${entry.from ? button('new-letter', T.newLetter, true) : ''}${button('discard', T.discard, true)}</div>`;
}

function entry(item: InboundEntry, view: PenView): ReturnType<typeof html> {
  return html`<article class="inbound-entry" id="inbound-${item.id}" aria-labelledby="inbound-${item.id}-title">
  <h2 id="inbound-${item.id}-title">${item.subject || T.noSubject}</h2>
  <dl class="facts">
    <dt>${T.reason}</dt><dd>${T.reasons[item.reason ?? ''] ?? item.reason ?? ''}</dd>
    <dt>${T.from}</dt><dd>${item.from ?? T.noSender}</dd>
    <dt>${T.sentAt}</dt><dd>${formatDateTime(item.sentAt)}</dd>
    <dt>${T.receivedAt}</dt><dd>${formatDateTime(item.receivedAt)}</dd>
  </dl>
  ${item.truncated ? html`<p>${T.truncated}</p>` : ''}
  <h3 class="visually-hidden">${T.text}</h3>
  <div class="letter-text">${item.text}</div>
  ${entryForms(item, view)}
</article>`;
}

/**
 * The holding pen: each held message with why it waits, and the three ways
 * out. The text is the parsed plain text, escaped like every value here:
 * nothing of a message's HTML reaches the page.
 */
export function penPage(view: PenView): string {
  const body = html`<h1>${T.title}</h1>
${errorSummary(view.errors ?? [])}
${noticeBox(view.notice)}
<p>${T.intro}</p>
${view.items.length ? view.items.map((item) => entry(item, view)) : html`<p>${T.empty}</p>`}`;
  return staffPage({ title: T.title, body, viewer: view.viewer, section: 'inbound', wide: true });
}
