import { getMunicipality } from '../geo/municipality.match.js';
import { CATEGORIES } from '../submissions/categories.js';
import { canMove, isStatus, mayReply, mayReroute, STATUSES } from '../submissions/status.rules.js';
import { incomingSection } from './incoming.page.js';
import type { IncomingMessage, LetterRecord, letterHistory, OutgoingMessage } from './letters.store.js';
import { allowed } from '../staff/permissions.js';
import { html, type SafeHtml } from '../web/html.js';
import {
  csrfInput, errorSummary, field, formatDateTime, noticeBox, select, staffPage, textarea, type SummaryItem, type Viewer,
} from '../web/staff-frame.page.js';
import { fill, STAFF_TEXT } from '../web/staff.texts.js';

const T = STAFF_TEXT.letter;

export type History = Awaited<ReturnType<typeof letterHistory>>;

/** The id of each action form's main control (what an error links to) and of its other fields. */
export const ACTION_FIELDS = {
  route: { office: 'office' },
  status: { status: 'status', note: 'status-note' },
  assign: { assignee: 'assignee' },
  notes: { text: 'note-text' },
  reply: { body: 'reply-body' },
} as const;

export type LetterView = {
  viewer: Viewer;
  letter: LetterRecord;
  history: History;
  /** Active offices, for rerouting. */
  offices: readonly { code: string; nameLatn: string }[];
  /** Every office's name by code, for the history. */
  officeNames: ReadonlyMap<string, string>;
  /** Enabled officers of the letter's office, for assignment. */
  officers: readonly { email: string; displayName: string }[];
  notice?: string | undefined;
  errors?: readonly SummaryItem[];
  /** Messages at the fields, by control id. */
  fieldErrors?: Readonly<Record<string, string>>;
  /** Values kept after a refused post, by control id. */
  values?: Readonly<Record<string, string>>;
};

const regionNames = new Intl.DisplayNames(['sr-Latn'], { type: 'region' });

function place(letter: LetterRecord): string {
  if (letter.municipalityCode) return getMunicipality(letter.municipalityCode)?.nameLatn ?? letter.municipalityCode;
  if (letter.country) return `${regionNames.of(letter.country) ?? letter.country} (${letter.country})`;
  return T.none;
}

const statusName = (s: unknown) => STAFF_TEXT.statuses[String(s)] ?? String(s);

function describeEvent(kind: string, data: Record<string, unknown>, officeNames: ReadonlyMap<string, string>): SafeHtml {
  const office = (code: unknown) => (typeof code === 'string' ? (officeNames.get(code) ?? code) : T.none);
  const str = (v: unknown) => (v === null || v === undefined ? undefined : String(v));
  const template = STAFF_TEXT.events[kind];
  if (!template) return html`${kind}${Object.keys(data).length ? html` <code>${JSON.stringify(data)}</code>` : ''}`;
  const main = fill(template, {
    office: office(data.office),
    from: kind === 'status_changed' ? statusName(data.from) : office(data.from),
    to: kind === 'status_changed' ? statusName(data.to) : office(data.to),
    assignee: str(data.assignee),
    reference: str(data.reference),
    channel: STAFF_TEXT.replyChannels[String(data.channel)] ?? str(data.channel),
  });
  const extra: string[] = [];
  if (kind === 'routed') extra.push(typeof data.rule === 'string' ? fill(STAFF_TEXT.eventRule, { rule: data.rule }) : STAFF_TEXT.eventDefault);
  if (data.campaign !== undefined && data.campaign !== null) extra.push(fill(STAFF_TEXT.eventCampaign, { campaign: str(data.campaign) }));
  const ack = data.acknowledgement as { withheld?: unknown; limit?: unknown } | undefined;
  if (ack?.withheld === 'daily_limit') extra.push(fill(STAFF_TEXT.eventAcknowledgementWithheld, { limit: str(ack.limit) }));
  const text = typeof data.text === 'string' ? data.text : typeof data.note === 'string' ? data.note : undefined;
  return html`${main}${extra.length ? html` (${extra.join('; ')})` : ''}${text !== undefined ? html`<div class="event-text">${text}</div>` : ''}`;
}

function facts(view: LetterView): SafeHtml {
  const l = view.letter;
  const row = (label: string, value: SafeHtml | string | null | undefined) =>
    html`<dt>${label}</dt><dd>${value === null || value === undefined || value === '' ? T.none : value}</dd>`;
  const category = CATEGORIES.find((c) => c.code === l.category)?.name['sr-Latn'] ?? l.category;
  return html`<dl class="facts">
  ${row(T.reference, l.reference)}
  ${row(T.status, statusName(l.status))}
  ${row(T.channel, STAFF_TEXT.channels[l.channel] ?? l.channel)}
  ${row(T.office, l.office?.name ?? T.noOffice)}
  ${row(T.assignee, l.assignee ?? T.nobody)}
  ${row(T.receivedAt, formatDateTime(l.receivedAt))}
  ${row(T.updatedAt, formatDateTime(l.updatedAt))}
  ${l.channel === 'postal' ? row(T.postalReceivedOn, l.postalReceivedOn) : ''}
  ${l.channel === 'postal' ? row(T.letterNumber, l.letterNumber) : ''}
  ${row(T.name, l.name)}
  ${row(T.surname, l.surname)}
  ${row(T.place, place(l))}
  ${row(T.address, l.address)}
  ${row(T.email, l.email)}
  ${l.contactComplete ? '' : row(T.contactIncomplete, T.contactIncompleteText)}
  ${row(T.phone, l.phone)}
  ${row(T.category, category)}
  ${row(T.subject, l.subject)}
  ${row(T.language, STAFF_TEXT.postal.languages[l.language] ?? l.language)}
  ${l.campaignId !== null
    ? row(T.campaign, allowed(view.viewer.user, 'letters.list') ? html`<a href="/staff?campaign=${l.campaignId}">${fill(T.campaignLink, { id: l.campaignId })}</a>` : String(l.campaignId))
    : ''}
  ${l.duplicateOf ? row(T.duplicateOf, html`<a href="/staff/letters/${l.duplicateOf}">${l.duplicateOf}</a>`) : ''}
  ${l.isSpam ? row(T.spam, T.spam) : ''}
</dl>`;
}

function historySection(view: LetterView): SafeHtml {
  const { events, printItems } = view.history;
  const messages = view.history.messages.filter((m): m is OutgoingMessage => m.direction === 'out');
  const canPrint = allowed(view.viewer.user, 'print.view');
  const eventsTable = events.length
    ? html`<div class="table-wrap"><table>
  <thead><tr><th scope="col">${T.at}</th><th scope="col">${T.event}</th><th scope="col">${T.actor}</th></tr></thead>
  <tbody>${events.map((e) => html`<tr><td>${formatDateTime(e.at)}</td><td>${describeEvent(e.kind, e.data ?? {}, view.officeNames)}</td><td>${e.actor ?? T.system}</td></tr>`)}</tbody>
</table></div>`
    : html`<p>${T.noHistory}</p>`;
  const messagesTable = messages.length
    ? html`<div class="table-wrap"><table>
  <thead><tr><th scope="col">${T.kind}</th><th scope="col">${T.recipient}</th><th scope="col">${T.state}</th><th scope="col">${T.attempts}</th><th scope="col">${T.sentAt}</th><th scope="col">${T.lastError}</th></tr></thead>
  <tbody>${messages.map(
    (m) => html`<tr><td>${STAFF_TEXT.messageKinds[String(m.kind)] ?? String(m.kind)}</td><td>${String(m.recipient ?? '')}</td>
<td>${STAFF_TEXT.messageStates[String(m.status)] ?? String(m.status)}</td><td>${String(m.attempts ?? '')}</td>
<td>${formatDateTime(m.sentAt)}</td><td>${m.lastError ? String(m.lastError) : m.dsnStatus ? m.dsnStatus : ''}</td></tr>`,
  )}</tbody>
</table></div>`
    : html`<p>${T.noMessages}</p>`;
  const printTable = printItems.length
    ? html`<div class="table-wrap"><table>
  <thead><tr><th scope="col">${T.kind}</th><th scope="col">${T.state}</th><th scope="col">${STAFF_TEXT.print.createdAt}</th><th scope="col">${T.printedAt}</th><th scope="col">${T.postedAt}</th>${canPrint ? html`<th scope="col">${T.pdf}</th>` : ''}</tr></thead>
  <tbody>${printItems.map(
    (p) => html`<tr><td>${STAFF_TEXT.print.kinds[String(p.kind)] ?? String(p.kind)}</td><td>${STAFF_TEXT.print.statuses[String(p.status)] ?? String(p.status)}</td>
<td>${formatDateTime(p.createdAt)}</td><td>${formatDateTime(p.printedAt)}</td><td>${formatDateTime(p.postedAt)}</td>
${canPrint ? html`<td><a href="/api/v1/staff/print-queue/${p.id}/pdf">${STAFF_TEXT.print.open}</a></td>` : ''}</tr>`,
  )}</tbody>
</table></div>`
    : html`<p>${T.noPrintItems}</p>`;
  return html`<section aria-labelledby="history-title">
  <h2 id="history-title">${T.history}</h2>
  ${eventsTable}
  <h3>${T.messages}</h3>
  ${messagesTable}
  <h3>${T.printItems}</h3>
  ${printTable}
</section>`;
}

type FormContext = {
  view: LetterView;
  user: LetterView['viewer']['user'];
  l: LetterView['letter'];
  csrf: string;
  errorAt(id: string): string | undefined;
  value(id: string): string;
  action(name: keyof typeof ACTION_FIELDS): string;
};

function rerouteForm(f: FormContext): SafeHtml | undefined {
  const { user, l, view, csrf, errorAt, value, action } = f;
  if (!(allowed(user, 'letter.reroute') && mayReroute(l.status))) return undefined;
  return html`<form method="post" action="${action('route')}" class="action-form">
  <h3>${T.reroute}</h3>
  ${csrfInput(csrf)}
  ${field({
    id: ACTION_FIELDS.route.office, name: 'office', label: T.rerouteField, error: errorAt(ACTION_FIELDS.route.office),
    control: select(view.offices.map((o) => ({ value: o.code, label: o.nameLatn })), value(ACTION_FIELDS.route.office) || (l.office?.code ?? '')),
  })}
  <button type="submit" class="button button-secondary">${T.rerouteSubmit}</button>
</form>`;
}

function statusForm(f: FormContext): SafeHtml | undefined {
  const { user, l, csrf, errorAt, value, action } = f;
  if (!allowed(user, 'letter.status')) return undefined;
  const moves = isStatus(l.status) ? STATUSES.filter((s) => canMove(l.status as (typeof STATUSES)[number], s)) : [];
  return (
      moves.length
        ? html`<form method="post" action="${action('status')}" class="action-form">
  <h3>${T.statusForm}</h3>
  ${csrfInput(csrf)}
  ${field({
    id: ACTION_FIELDS.status.status, name: 'status', label: T.statusField, error: errorAt(ACTION_FIELDS.status.status),
    control: select(moves.map((s) => ({ value: s, label: statusName(s) })), value(ACTION_FIELDS.status.status)),
  })}
  ${field({ id: ACTION_FIELDS.status.note, name: 'note', label: T.statusNote, error: errorAt(ACTION_FIELDS.status.note), control: textarea(value(ACTION_FIELDS.status.note), 2, html` maxlength="2000"`) })}
  <button type="submit" class="button button-secondary">${T.statusSubmit}</button>
</form>`
        : html`<div class="action-form"><h3>${T.statusForm}</h3><p>${T.noMoves}</p></div>`
  );
}

function assignForm(f: FormContext): SafeHtml | undefined {
  const { user, l, view, csrf, errorAt, value, action } = f;
  if (!(allowed(user, 'letter.assign') && l.officeId !== null)) return undefined;
  return (
      view.officers.length
        ? html`<form method="post" action="${action('assign')}" class="action-form">
  <h3>${T.assign}</h3>
  ${csrfInput(csrf)}
  ${field({
    id: ACTION_FIELDS.assign.assignee, name: 'assignee', label: T.assignField, error: errorAt(ACTION_FIELDS.assign.assignee),
    control: select(
      view.officers.map((o) => ({ value: o.email, label: o.displayName ? `${o.displayName} <${o.email}>` : o.email })),
      value(ACTION_FIELDS.assign.assignee) || (l.assignee ?? ''),
    ),
  })}
  <button type="submit" class="button button-secondary">${T.assignSubmit}</button>
</form>`
        : html`<div class="action-form"><h3>${T.assign}</h3><p>${T.noOfficers}</p></div>`
  );
}

function noteForm(f: FormContext): SafeHtml | undefined {
  const { user, csrf, errorAt, value, action } = f;
  if (!allowed(user, 'letter.note')) return undefined;
  return html`<form method="post" action="${action('notes')}" class="action-form">
  <h3>${T.note}</h3>
  ${csrfInput(csrf)}
  ${field({ id: ACTION_FIELDS.notes.text, name: 'text', label: T.noteField, required: true, error: errorAt(ACTION_FIELDS.notes.text), control: textarea(value(ACTION_FIELDS.notes.text), 4, html` maxlength="5000"`) })}
  <button type="submit" class="button button-secondary">${T.noteSubmit}</button>
</form>`;
}

function replyForm(f: FormContext): SafeHtml | undefined {
  const { user, l, csrf, errorAt, value, action } = f;
  if (!(allowed(user, 'letter.reply') && mayReply(l.status))) return undefined;
  return html`<form method="post" action="${action('reply')}" class="action-form">
  <h3>${T.reply}</h3>
  ${csrfInput(csrf)}
  ${field({
    id: ACTION_FIELDS.reply.body, name: 'body', label: T.replyField, required: true, error: errorAt(ACTION_FIELDS.reply.body),
    hint: l.email ? fill(T.replyByEmail, { email: l.email }) : T.replyByPost,
    control: textarea(value(ACTION_FIELDS.reply.body), 10, html` maxlength="20000"`),
  })}
  <button type="submit" class="button">${T.replySubmit}</button>
</form>`;
}

function actionForms(view: LetterView): SafeHtml {
  const l = view.letter;
  const f: FormContext = {
    view,
    user: view.viewer.user,
    l,
    csrf: view.viewer.csrf,
    errorAt: (id) => view.fieldErrors?.[id],
    value: (id) => view.values?.[id] ?? '',
    action: (name) => `/staff/letters/${l.reference}/${name}`,
  };
  const forms = [rerouteForm, statusForm, assignForm, noteForm, replyForm].map((form) => form(f)).filter((x) => x !== undefined);
  return forms.length
    ? html`<section aria-labelledby="actions-title" class="letter-actions">
  <h2 id="actions-title">${T.actions}</h2>
  ${forms}
</section>`
    : html``;
}

/** One letter: every field as text, the message in a pre-wrapped block, its history, and the forms this role may use. */
export function letterPage(view: LetterView): string {
  const l = view.letter;
  const title = fill(T.title, { reference: l.reference });
  const body = html`<p><a href="/staff">${STAFF_TEXT.backToList}</a></p>
<h1>${title}</h1>
${errorSummary(view.errors ?? [])}
${noticeBox(view.notice)}
<section aria-labelledby="details-title">
  <h2 id="details-title">${T.details}</h2>
  ${facts(view)}
</section>
<section aria-labelledby="message-title">
  <h2 id="message-title">${T.message}</h2>
  ${l.subject ? html`<p class="letter-subject"><strong>${l.subject}</strong></p>` : ''}
  <div class="letter-text">${l.message}</div>
</section>
${incomingSection(view.history.messages.filter((m): m is IncomingMessage => m.direction === 'in'))}
${actionForms(view)}
${historySection(view)}`;
  return staffPage({ title, body, viewer: view.viewer, section: allowed(view.viewer.user, 'letters.list') ? 'triage' : 'none', wide: true });
}
