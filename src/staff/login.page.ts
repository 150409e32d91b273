import { html } from '../web/html.js';
import { csrfInput, errorSummary, field, input, staffPage, type SummaryItem } from '../web/staff-frame.page.js';
import { STAFF_TEXT } from '../web/staff.texts.js';

const T = STAFF_TEXT.login;

export type LoginErrors = { email?: string; password?: string; form?: string };

/** The sign-in form; after a refused attempt the email is kept (never the password). */
export function loginPage(csrf: string, email: string, errors: LoginErrors = {}): string {
  const items: SummaryItem[] = [];
  if (errors.form) items.push({ field: 'email', text: errors.form });
  if (errors.email) items.push({ field: 'email', text: errors.email });
  if (errors.password) items.push({ field: 'password', text: errors.password });
  const emailError = errors.email ?? errors.form;
  const body = html`<h1>${T.title}</h1>
${errorSummary(items)}
<p>${T.intro}</p>
<form method="post" action="/staff/login" novalidate class="login-form">
  ${csrfInput(csrf)}
  ${field({ id: 'email', label: T.email, required: true, error: emailError, control: input('email', email, html` autocomplete="username" spellcheck="false" maxlength="254"`) })}
  ${field({
    id: 'password', label: T.password, required: true, error: errors.password,
    control: input('password', '', html` autocomplete="current-password" maxlength="256"${errors.form ? html` aria-invalid="true"` : ''}`),
  })}
  <button type="submit" class="button">${T.submit}</button>
</form>`;
  return staffPage({ title: T.title, body });
}
