import { html } from './html.js';
import { staffPage, type Viewer } from './staff-frame.page.js';
import { STAFF_TEXT as T } from './staff.texts.js';

export type ErrorKind = keyof typeof T.errors;

/** A refusal or failure as a page: what happened and the way back, nothing of what was asked for. */
export function errorPage(kind: ErrorKind, viewer?: Viewer): string {
  const t = T.errors[kind];
  const back = kind === 401 ? html`<a class="button" href="/staff">${T.login.title}</a>` : html`<a href="/staff">${T.toStart}</a>`;
  const body = html`<h1>${t.title}</h1>
<p>${t.text}</p>
<p>${back}</p>`;
  return staffPage({ title: t.title, body, viewer });
}
