import type { PrintItem } from './print.schema.js';
import { allowed } from '../staff/permissions.js';
import { html } from '../web/html.js';
import { csrfInput, errorSummary, formatDateTime, noticeBox, staffPage, type SummaryItem, type Viewer } from '../web/staff-frame.page.js';
import { STAFF_TEXT } from '../web/staff.texts.js';

const T = STAFF_TEXT.print;

/** Open print items: the PDF to print and the buttons that record printing and posting. */
export function printQueuePage(view: { viewer: Viewer; items: readonly PrintItem[]; notice?: string | undefined; errors?: readonly SummaryItem[] }): string {
  const { user, csrf } = view.viewer;
  const canMark = allowed(user, 'print.mark');
  const canOpenLetter = allowed(user, 'letter.view');
  const mark = (item: PrintItem, to: 'printed' | 'posted', label: string) => html`<form method="post" action="/staff/print-queue/${item.id}" class="button-form">
  ${csrfInput(csrf)}
  <input type="hidden" name="status" value="${to}">
  <button type="submit" class="button button-small${to === 'printed' ? ' button-secondary' : ''}">${label}<span class="visually-hidden"> — ${item.reference}</span></button>
</form>`;
  const rows = view.items.map(
    (item) => html`<tr id="item-${item.id}">
  <td>${item.id}</td>
  <td>${canOpenLetter ? html`<a href="/staff/letters/${item.reference}">${item.reference}</a>` : item.reference}</td>
  <td>${T.kinds[item.kind] ?? item.kind}</td>
  <td>${item.name} ${item.surname}</td>
  <td>${formatDateTime(item.createdAt)}</td>
  <td>${T.statuses[item.status] ?? item.status}</td>
  <td><a href="${item.pdf}" type="application/pdf">${T.open}<span class="visually-hidden"> — ${item.reference}</span></a></td>
  ${canMark
    ? html`<td class="row-actions">${item.status === 'pending' ? mark(item, 'printed', T.markPrinted) : ''}${mark(item, 'posted', T.markPosted)}</td>`
    : ''}
</tr>`,
  );
  const table = view.items.length
    ? html`<div class="table-wrap"><table class="print-queue">
  <thead><tr>
    <th scope="col">${T.id}</th><th scope="col">${T.reference}</th><th scope="col">${T.kind}</th><th scope="col">${T.recipient}</th>
    <th scope="col">${T.createdAt}</th><th scope="col">${T.status}</th><th scope="col">${T.pdf}</th>${canMark ? html`<th scope="col">${T.actions}</th>` : ''}
  </tr></thead>
  <tbody>${rows}</tbody>
</table></div>`
    : html`<p>${T.empty}</p>`;
  const body = html`<h1>${T.title}</h1>
${errorSummary(view.errors ?? [])}
${noticeBox(view.notice)}
<p>${T.intro}</p>
${table}`;
  return staffPage({ title: T.title, body, viewer: view.viewer, section: 'print', wide: true });
}
