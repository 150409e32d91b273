import { html, type SafeHtml } from '../web/html.js';
import { STAFF_TEXT } from '../web/staff.texts.js';

const T = STAFF_TEXT.admin;

export type AdminSection = 'users' | 'offices' | 'rules';

/** A form's refusal on one field (`path`), or on the form (''). */
export type FormIssue = { path: string; message: string };

/** The admin pages' own links, and the queue dashboard. */
export function adminNav(current: AdminSection): SafeHtml {
  const links: { section: AdminSection | 'queues'; href: string; label: string }[] = [
    { section: 'users', href: '/staff/admin/users', label: T.users },
    { section: 'offices', href: '/staff/admin/offices', label: T.offices },
    { section: 'rules', href: '/staff/admin/rules', label: T.rules },
    { section: 'queues', href: '/staff/queues', label: T.queues },
  ];
  return html`<nav aria-label="${T.nav}" class="sub-nav">
  <ul>
    ${links.map((l) => html`<li><a href="${l.href}"${l.section === current ? html` aria-current="page"` : ''}>${l.label}</a></li>`)}
  </ul>
</nav>`;
}
