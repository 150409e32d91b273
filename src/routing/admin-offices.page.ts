import { html } from '../web/html.js';
import { adminNav, type FormIssue } from './admin-nav.page.js';
import { checkbox, csrfInput, errorSummary, field, input, noticeBox, staffPage, type Viewer } from '../web/staff-frame.page.js';
import { STAFF_TEXT } from '../web/staff.texts.js';

const T = STAFF_TEXT.admin;
const O = T.office;

export const OFFICE_FIELDS = ['code', 'nameCyrl', 'nameLatn', 'nameEn', 'inboxEmail', 'isDefault', 'active'] as const;
export type OfficeValues = Partial<Record<(typeof OFFICE_FIELDS)[number], string>>;

export type OfficesView = {
  viewer: Viewer;
  offices: readonly { code: string; nameCyrl: string; nameLatn: string; nameEn: string; inboxEmail: string; isDefault: boolean; active: boolean }[];
  values: OfficeValues;
  issues: readonly FormIssue[];
  notice?: string | undefined;
  /** A fresh form starts active; a refused one keeps what was posted. */
  fresh: boolean;
};

/** Offices and the form that adds one. */
export function adminOfficesPage(view: OfficesView): string {
  const v = (k: keyof OfficeValues) => view.values[k] ?? '';
  const errorFor = (id: string) => view.issues.find((i) => i.path === id)?.message;
  const summary = view.issues.map((i) => ({ field: (OFFICE_FIELDS as readonly string[]).includes(i.path) ? i.path : undefined, text: i.message }));
  const table = html`<div class="table-wrap"><table>
  <thead><tr><th scope="col">${O.code}</th><th scope="col">${O.nameLatn}</th><th scope="col">${O.nameCyrl}</th><th scope="col">${O.nameEn}</th>
  <th scope="col">${O.inboxEmail}</th><th scope="col">${O.isDefault}</th><th scope="col">${O.active}</th></tr></thead>
  <tbody>${view.offices.map(
    (o) => html`<tr><td><code>${o.code}</code></td><td>${o.nameLatn}</td><td lang="sr-Cyrl">${o.nameCyrl}</td><td lang="en">${o.nameEn}</td>
<td>${o.inboxEmail}</td><td>${o.isDefault ? T.yes : T.no}</td><td>${o.active ? T.yes : T.no}</td></tr>`,
  )}</tbody>
</table></div>`;
  const body = html`<h1>${O.title}</h1>
${adminNav('offices')}
${errorSummary(summary)}
${noticeBox(view.notice)}
${table}
<h2 id="new-office">${O.new}</h2>
<form method="post" action="/staff/admin/offices" novalidate>
  ${csrfInput(view.viewer.csrf)}
  ${field({ id: 'code', label: O.code, required: true, error: errorFor('code'), control: input('text', v('code'), html` maxlength="40" spellcheck="false"`) })}
  ${field({ id: 'nameCyrl', label: O.nameCyrl, required: true, error: errorFor('nameCyrl'), control: input('text', v('nameCyrl'), html` maxlength="200" lang="sr-Cyrl"`) })}
  ${field({ id: 'nameLatn', label: O.nameLatn, required: true, error: errorFor('nameLatn'), control: input('text', v('nameLatn'), html` maxlength="200"`) })}
  ${field({ id: 'nameEn', label: O.nameEn, required: true, error: errorFor('nameEn'), control: input('text', v('nameEn'), html` maxlength="200" lang="en"`) })}
  ${field({ id: 'inboxEmail', label: O.inboxEmail, required: true, error: errorFor('inboxEmail'), control: input('email', v('inboxEmail'), html` maxlength="254" spellcheck="false"`) })}
  ${checkbox({ id: 'isDefault', label: O.isDefault, checked: v('isDefault') !== '' })}
  ${checkbox({ id: 'active', label: O.active, checked: view.fresh || v('active') !== '' })}
  <button type="submit" class="button">${O.submit}</button>
</form>`;
  return staffPage({ title: O.title, body, viewer: view.viewer, section: 'admin', wide: true });
}
