import { allowed, type StaffUser } from '../staff/permissions.js';
import { attr, html, type SafeHtml } from './html.js';
import { page } from './layout.js';
import { TOTP_TEXT } from '../staff/totp.texts.js';
import { STAFF_LANGUAGE, STAFF_TEXT as T } from './staff.texts.js';

/** Which nav entry a page belongs to. */
export type Section = 'triage' | 'postal' | 'print' | 'inbound' | 'reports' | 'admin' | 'none';

export type Viewer = { user: StaffUser; csrf: string };

export const csrfInput = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;

const dateTime = new Intl.DateTimeFormat('sr-Latn-RS', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Belgrade' });

export const formatDateTime = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? String(value) : dateTime.format(date);
};

/** The signed-in bar: only what this role may do, who is signed in, and the logout button. */
function staffNav(viewer: Viewer, current: Section): SafeHtml {
  const { user, csrf } = viewer;
  const entries: { section: Section; href: string; label: string; show: boolean }[] = [
    { section: 'triage', href: '/staff', label: T.nav.triage, show: allowed(user, 'letters.list') },
    { section: 'postal', href: '/staff/postal', label: T.nav.postal, show: allowed(user, 'postal.create') },
    { section: 'print', href: '/staff/print-queue', label: T.nav.print, show: allowed(user, 'print.view') },
    { section: 'inbound', href: '/staff/inbound', label: T.nav.inbound, show: allowed(user, 'inbound.triage') },
    { section: 'reports', href: '/staff/reports', label: T.nav.reports, show: allowed(user, 'reports.view') },
    { section: 'admin', href: '/staff/admin/users', label: T.nav.admin, show: allowed(user, 'admin.manage') },
  ];
  return html`<div class="staff-bar">
  <nav aria-label="${T.navLabel}" class="staff-nav">
    <ul>
      ${entries
        .filter((e) => e.show)
        .map((e) => html`<li><a href="${e.href}"${e.section === current ? html` aria-current="page"` : ''}>${e.label}</a></li>`)}
    </ul>
  </nav>
  <form method="post" action="/staff/logout" class="staff-user">
    ${csrfInput(csrf)}
    <span>${T.signedInAs} <strong>${user.email}</strong></span>
    <a href="/staff/password">${T.changePassword}</a>
    <a href="/staff/second-factor">${TOTP_TEXT.nav}</a>
    <button type="submit" class="link-button">${T.logout}</button>
  </form>
</div>`;
}

/** Every staff page: the site frame in Serbian Latin, the staff bar when signed in, never cached. */
export function staffPage(options: { title: string; body: SafeHtml; viewer?: Viewer | undefined; section?: Section; wide?: boolean }): string {
  const header = html`<p class="staff-area">${T.area}</p>${options.viewer ? staffNav(options.viewer, options.section ?? 'none') : ''}`;
  const body = options.wide ? html`<div class="staff-wide">${options.body}</div>` : options.body;
  return page({ language: STAFF_LANGUAGE, title: options.title, body, path: '/staff', header });
}

export type SummaryItem = { field?: string | undefined; text: string };

/** The error summary at the top of a page: each item links to its field when it has one. */
export function errorSummary(items: readonly SummaryItem[]): SafeHtml {
  if (items.length === 0) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" id="error-summary">
  <h2 id="error-summary-title">${T.errorSummary}</h2>
  <ul>
    ${items.map((i) => (i.field ? html`<li><a href="#${i.field}">${i.text}</a></li>` : html`<li>${i.text}</li>`))}
  </ul>
</div>`;
}

export const noticeBox = (text: string | undefined) =>
  text ? html`<p class="notice" role="status">${text}</p>` : html``;

export type FieldProps = {
  /** The control's id (what the error summary links to). */
  id: string;
  /** The name the form posts; the id when absent. */
  name?: string;
  label: string;
  required?: boolean;
  hint?: string | undefined;
  error?: string | undefined;
  control: (attrs: SafeHtml) => SafeHtml;
};

/** A labelled control with its hint and error, tied together with aria-describedby; aria-invalid when wrong. */
export function field(p: FieldProps): SafeHtml {
  const ids = [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : ''].filter(Boolean).join(' ');
  const attrs = html`id="${p.id}" name="${p.name ?? p.id}"${ids ? html` aria-describedby="${ids}"` : ''}${p.error ? html` aria-invalid="true"` : ''}`;
  return html`<div class="field${p.error ? ' field-error' : ''}">
  <label for="${p.id}">${p.label}${p.required ? html` <span class="required" aria-hidden="true">*</span><span class="visually-hidden"> (${T.required})</span>` : ''}</label>
  ${p.hint ? html`<p class="hint" id="${p.id}-hint">${p.hint}</p>` : ''}
  ${p.error ? html`<p class="error-message" id="${p.id}-error">${p.error}</p>` : ''}
  ${p.control(attrs)}
</div>`;
}

export const input = (type: string, value: string, extra: SafeHtml = html``) => (attrs: SafeHtml) =>
  html`<input ${attrs} type="${type}" value="${value}"${extra}>`;

export const textarea = (value: string, rows = 6, extra: SafeHtml = html``) => (attrs: SafeHtml) =>
  html`<textarea ${attrs} rows="${rows}"${extra}>${value}</textarea>`;

export type Option = { value: string; label: string };

export const select = (options: readonly Option[], selected: string | readonly string[], extra: SafeHtml = html``) => (attrs: SafeHtml) => {
  const isSelected = (v: string) => (typeof selected === 'string' ? selected === v : selected.includes(v));
  return html`<select ${attrs}${extra}>
  ${options.map((o) => html`<option value="${o.value}"${attr('selected', isSelected(o.value))}>${o.label}</option>`)}
</select>`;
};

/** A single checkbox with its label after it. */
export function checkbox(p: { id: string; name?: string; label: string; checked: boolean; value?: string }): SafeHtml {
  return html`<div class="field field-checkbox">
  <input type="checkbox" id="${p.id}" name="${p.name ?? p.id}" value="${p.value ?? 'true'}"${attr('checked', p.checked)}>
  <label for="${p.id}">${p.label}</label>
</div>`;
}
