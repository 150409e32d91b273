import { ROLES } from './permissions.js';
import { html } from '../web/html.js';
import { adminNav, type FormIssue } from '../routing/admin-nav.page.js';
import { csrfInput, errorSummary, field, input, noticeBox, select, staffPage, type Viewer } from '../web/staff-frame.page.js';
import { TOTP_TEXT } from './totp.texts.js';
import { STAFF_TEXT } from '../web/staff.texts.js';

const T = STAFF_TEXT.admin;
const U = T.user;

export const USER_FIELDS = ['email', 'password', 'role', 'office', 'displayName'] as const;
export type UserValues = Partial<Record<(typeof USER_FIELDS)[number], string>>;

export type UsersView = {
  viewer: Viewer;
  users: readonly { id: number; email: string; role: string; office: string | null; displayName: string; disabled: boolean }[];
  offices: readonly { code: string; nameLatn: string; active: boolean }[];
  values: UserValues;
  issues: readonly FormIssue[];
  notice?: string | undefined;
};

/** An admin's reset of an account's second factor (a lost phone): the account enrols again if its role needs one. */
const resetForm = (csrf: string, u: { id: number; email: string }) =>
  html`<form method="post" action="/staff/admin/users/${u.id}/second-factor/reset" class="button-form">
  ${csrfInput(csrf)}
  <button type="submit" class="button button-small button-secondary" aria-label="${TOTP_TEXT.admin.reset}: ${u.email}">${TOTP_TEXT.admin.reset}</button>
</form>`;

/** Staff accounts and the form that makes a new one (the password is never shown back). */
export function adminUsersPage(view: UsersView): string {
  const v = (k: keyof UserValues) => view.values[k] ?? '';
  const errorFor = (id: string) => view.issues.find((i) => i.path === id)?.message;
  const summary = view.issues.map((i) => ({ field: (USER_FIELDS as readonly string[]).includes(i.path) ? i.path : undefined, text: i.message }));
  const officeName = new Map(view.offices.map((o) => [o.code, o.nameLatn]));
  const table = html`<div class="table-wrap"><table>
  <thead><tr><th scope="col">${U.email}</th><th scope="col">${U.displayName}</th><th scope="col">${U.role}</th><th scope="col">${STAFF_TEXT.letter.office}</th><th scope="col">${U.disabled}</th><th scope="col">${TOTP_TEXT.nav}</th></tr></thead>
  <tbody>${view.users.map(
    (u) => html`<tr><td>${u.email}</td><td>${u.displayName}</td><td>${U.roles[u.role] ?? u.role}</td>
<td>${u.office ? (officeName.get(u.office) ?? u.office) : ''}</td><td>${u.disabled ? T.yes : T.no}</td>
<td>${resetForm(view.viewer.csrf, u)}</td></tr>`,
  )}</tbody>
</table></div>`;
  const body = html`<h1>${U.title}</h1>
${adminNav('users')}
${errorSummary(summary)}
${noticeBox(view.notice)}
${table}
<h2 id="new-user">${U.new}</h2>
<form method="post" action="/staff/admin/users" novalidate>
  ${csrfInput(view.viewer.csrf)}
  ${field({ id: 'email', label: U.email, required: true, error: errorFor('email'), control: input('email', v('email'), html` autocomplete="off" spellcheck="false" maxlength="254"`) })}
  ${field({ id: 'password', label: U.password, required: true, error: errorFor('password'), control: input('password', '', html` autocomplete="new-password" minlength="12" maxlength="256"`) })}
  ${field({ id: 'role', label: U.role, required: true, error: errorFor('role'), control: select(ROLES.map((r) => ({ value: r, label: U.roles[r] ?? r })), v('role') || 'officer') })}
  ${field({
    id: 'office', label: U.office, error: errorFor('office'),
    control: select([{ value: '', label: U.officeNone }, ...view.offices.filter((o) => o.active).map((o) => ({ value: o.code, label: o.nameLatn }))], v('office')),
  })}
  ${field({ id: 'displayName', label: U.displayName, error: errorFor('displayName'), control: input('text', v('displayName'), html` maxlength="100"`) })}
  <button type="submit" class="button">${U.submit}</button>
</form>`;
  return staffPage({ title: U.title, body, viewer: view.viewer, section: 'admin', wide: true });
}
