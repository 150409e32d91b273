import { html } from '../web/html.js';
import { csrfInput, errorSummary, field, input, noticeBox, staffPage, type Viewer } from '../web/staff-frame.page.js';
import { STAFF_TEXT } from '../web/staff.texts.js';

const T = STAFF_TEXT.password;

/** A message on a field of the form ('' for the form as a whole). */
export type PageIssue = { path: string; message: string };

export const PASSWORD_FIELDS = ['currentPassword', 'newPassword', 'newPasswordAgain'] as const;

/** The form that changes one's own password; no password is ever shown back. */
export function passwordPage(view: { viewer: Viewer; issues: readonly PageIssue[]; notice?: string | undefined }): string {
  const errorFor = (id: string) => view.issues.find((i) => i.path === id)?.message;
  const summary = view.issues.map((i) => ({ field: (PASSWORD_FIELDS as readonly string[]).includes(i.path) ? i.path : undefined, text: i.message }));
  const control = (autocomplete: string) => input('password', '', html` autocomplete="${autocomplete}" maxlength="256"`);
  const body = html`<h1>${T.title}</h1>
${errorSummary(summary)}
${noticeBox(view.notice)}
<p>${T.intro}</p>
<form method="post" action="/staff/password" novalidate>
  ${csrfInput(view.viewer.csrf)}
  ${field({ id: 'currentPassword', label: T.current, required: true, error: errorFor('currentPassword'), control: control('current-password') })}
  ${field({ id: 'newPassword', label: T.new, hint: T.newHint, required: true, error: errorFor('newPassword'), control: control('new-password') })}
  ${field({ id: 'newPasswordAgain', label: T.again, required: true, error: errorFor('newPasswordAgain'), control: control('new-password') })}
  <button type="submit" class="button">${T.submit}</button>
</form>`;
  return staffPage({ title: T.title, body, viewer: view.viewer });
}
