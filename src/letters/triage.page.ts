import { CATEGORIES } from '../submissions/categories.js';
import { STATUSES } from '../submissions/status.rules.js';
import type { LetterSummary } from './letters.store.js';
import { html } from '../web/html.js';
import {
  checkbox, errorSummary, field, formatDateTime, input, select, staffPage, type SummaryItem, type Viewer,
} from '../web/staff-frame.page.js';
import { fill, STAFF_TEXT } from '../web/staff.texts.js';

const T = STAFF_TEXT.triage;

export const FILTER_FIELDS = ['status', 'office', 'channel', 'category', 'from', 'to', 'q', 'group', 'campaign'] as const;
export type FilterValues = Partial<Record<(typeof FILTER_FIELDS)[number], string>>;

export type TriageView = {
  viewer: Viewer;
  values: FilterValues;
  offices: readonly { code: string; nameLatn: string }[];
  /** The office filter is left out for officers: they only ever see their own office. */
  showOfficeFilter: boolean;
  items: readonly LetterSummary[];
  nextHref: string | null;
  errors: readonly SummaryItem[];
};

const any = { value: '', label: T.any };

const plural = new Intl.PluralRules('sr-Latn');
/** "2 pisma", "5 pisama", "21 pismo". */
const campaignSize = (size: number) => fill(T.campaignBadge[plural.select(size)] ?? T.campaignBadge.other ?? '{size}', { size });

/** The triage list: a filter form (GET, works without JavaScript) and the letters, newest first. */
export function triagePage(view: TriageView): string {
  const v = (k: keyof FilterValues) => view.values[k] ?? '';
  const campaign = v('campaign');
  const filters = html`<form method="get" action="/staff" class="filters" role="search" aria-labelledby="filters-title">
  <h2 id="filters-title">${T.filters}</h2>
  <div class="filter-grid">
    ${field({ id: 'q', label: T.q, control: input('search', v('q'), html` maxlength="200"`) })}
    ${field({
      id: 'status', label: T.status,
      control: select([any, ...STATUSES.map((s) => ({ value: s, label: STAFF_TEXT.statuses[s] ?? s }))], v('status')),
    })}
    ${view.showOfficeFilter
      ? field({ id: 'office', label: T.office, control: select([any, ...view.offices.map((o) => ({ value: o.code, label: o.nameLatn }))], v('office')) })
      : ''}
    ${field({
      id: 'channel', label: T.channel,
      control: select([any, ...['web', 'postal', 'email'].map((c) => ({ value: c, label: STAFF_TEXT.channels[c] ?? c }))], v('channel')),
    })}
    ${field({ id: 'category', label: T.category, control: select([any, ...CATEGORIES.map((c) => ({ value: c.code, label: c.name['sr-Latn'] }))], v('category')) })}
    ${field({ id: 'from', label: T.from, control: input('date', v('from')) })}
    ${field({ id: 'to', label: T.to, control: input('date', v('to')) })}
  </div>
  ${checkbox({ id: 'group', label: T.group, checked: v('group') === 'campaign', value: 'campaign' })}
  ${campaign ? html`<input type="hidden" name="campaign" value="${campaign}">` : ''}
  <p class="actions"><button type="submit" class="button">${T.apply}</button> <a href="/staff">${T.reset}</a></p>
</form>`;

  const rows = view.items.map(
    (l) => html`<tr>
  <td><a href="/staff/letters/${l.reference}">${l.reference}</a></td>
  <td>${formatDateTime(l.receivedAt)}</td>
  <td>${l.name} ${l.surname}</td>
  <td>${l.subject ?? T.noSubject}</td>
  <td>${l.office?.name ?? T.nobody}</td>
  <td><span class="status status-${l.status}">${STAFF_TEXT.statuses[l.status] ?? l.status}</span></td>
  <td>${l.assignee ?? T.nobody}</td>
  <td>${l.campaign ? html`<a class="badge" href="/staff?campaign=${l.campaign.id}">${campaignSize(l.campaign.size)}</a>` : ''}</td>
</tr>`,
  );
  const table = view.items.length
    ? html`<div class="table-wrap">
<table class="letters">
  <thead><tr>
    <th scope="col">${T.reference}</th><th scope="col">${T.receivedAt}</th><th scope="col">${T.sender}</th>
    <th scope="col">${T.subject}</th><th scope="col">${T.office}</th><th scope="col">${T.status}</th>
    <th scope="col">${T.assignee}</th><th scope="col">${T.campaign}</th>
  </tr></thead>
  <tbody>
  ${rows}
  </tbody>
</table>
</div>`
    : html`<p>${T.empty}</p>`;

  const body = html`<h1>${T.title}</h1>
${errorSummary(view.errors)}
${filters}
${campaign && view.errors.length === 0 ? html`<p class="notice">${fill(T.campaignFilter, { id: campaign })} <a href="/staff">${T.reset}</a></p>` : ''}
${view.errors.length ? '' : table}
${view.nextHref ? html`<p class="pager"><a href="${view.nextHref}" rel="next">${T.next}</a></p>` : ''}`;
  return staffPage({ title: T.title, body, viewer: view.viewer, section: 'triage', wide: true });
}
