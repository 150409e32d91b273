import { CATEGORIES } from '../submissions/categories.js';
import { attr, html } from '../web/html.js';
import { adminNav, type FormIssue } from './admin-nav.page.js';
import { checkbox, csrfInput, errorSummary, field, input, noticeBox, select, staffPage, type Viewer } from '../web/staff-frame.page.js';
import { STAFF_TEXT } from '../web/staff.texts.js';

const T = STAFF_TEXT.admin;
const R = T.rule;

export const RULE_FIELDS = ['position', 'office', 'description', 'categories', 'keywords', 'municipalityCodes', 'abroad', 'active'] as const;
export type RuleValues = {
  position?: string; office?: string; description?: string; categories?: readonly string[]; keywords?: string;
  municipalityCodes?: string; abroad?: string; active?: string;
};

export type RulesView = {
  viewer: Viewer;
  rules: readonly {
    id: number; position: number; office: string; description: string; categories: string[] | null; keywords: string[] | null;
    municipalityCodes: string[] | null; abroad: boolean | null; active: boolean;
  }[];
  offices: readonly { code: string; nameLatn: string; active: boolean }[];
  values: RuleValues;
  issues: readonly FormIssue[];
  notice?: string | undefined;
  fresh: boolean;
};

const categoryName = (code: string) => CATEGORIES.find((c) => c.code === code)?.name['sr-Latn'] ?? code;

/** Routing rules in the order they are tried, and the form that adds one. */
export function adminRulesPage(view: RulesView): string {
  const v = view.values;
  // An issue inside a list (`keywords.2`) belongs to the list's field.
  const fieldOf = (path: string) => {
    const head = path.split('.')[0] ?? '';
    return (RULE_FIELDS as readonly string[]).includes(head) ? head : undefined;
  };
  const errorFor = (id: string) => view.issues.find((i) => fieldOf(i.path) === id)?.message;
  const summary = view.issues.map((i) => {
    const f = fieldOf(i.path);
    return { field: f === 'categories' ? 'categories-first' : f, text: i.message };
  });
  const officeName = new Map(view.offices.map((o) => [o.code, o.nameLatn]));
  const list = (items: readonly string[] | null) => (items ? items.join(', ') : '');
  const table = html`<div class="table-wrap"><table>
  <thead><tr><th scope="col">${R.position}</th><th scope="col">${R.office}</th><th scope="col">${R.description}</th><th scope="col">${R.conditions}</th><th scope="col">${R.active}</th></tr></thead>
  <tbody>${view.rules.map(
    (r) => html`<tr><td>${r.position}</td><td>${officeName.get(r.office) ?? r.office}</td><td>${r.description}</td>
<td><ul class="plain">
  ${r.categories ? html`<li>${R.categories}: ${r.categories.map(categoryName).join(', ')}</li>` : ''}
  ${r.keywords ? html`<li>${R.keywords}: ${list(r.keywords)}</li>` : ''}
  ${r.municipalityCodes ? html`<li>${R.municipalityCodes}: ${list(r.municipalityCodes)}</li>` : ''}
  ${r.abroad !== null ? html`<li>${R.abroad}: ${r.abroad ? T.yes : T.no}</li>` : ''}
</ul></td><td>${r.active ? T.yes : T.no}</td></tr>`,
  )}</tbody>
</table></div>`;
  const chosen = new Set(v.categories ?? []);
  const categoriesError = errorFor('categories');
  const body = html`<h1>${R.title}</h1>
${adminNav('rules')}
${errorSummary(summary)}
${noticeBox(view.notice)}
<p>${R.intro}</p>
${table}
<h2 id="new-rule">${R.new}</h2>
<form method="post" action="/staff/admin/rules" novalidate>
  ${csrfInput(view.viewer.csrf)}
  ${field({ id: 'position', label: R.position, required: true, error: errorFor('position'), control: input('number', v.position ?? '', html` min="0" max="1000000" step="1" inputmode="numeric"`) })}
  ${field({
    id: 'office', label: R.office, required: true, error: errorFor('office'),
    control: select(view.offices.filter((o) => o.active).map((o) => ({ value: o.code, label: o.nameLatn })), v.office ?? ''),
  })}
  ${field({ id: 'description', label: R.description, required: true, error: errorFor('description'), control: input('text', v.description ?? '', html` maxlength="300"`) })}
  <fieldset class="field${categoriesError ? ' field-error' : ''}" id="categories"${categoriesError ? html` aria-describedby="categories-error"` : ''}>
    <legend>${R.categories}</legend>
    ${categoriesError ? html`<p class="error-message" id="categories-error">${categoriesError}</p>` : ''}
    <div class="checkbox-list">
    ${CATEGORIES.map(
      (c, i) => html`<div class="field-checkbox"><input type="checkbox" id="${i === 0 ? 'categories-first' : `category-${c.code}`}" name="categories" value="${c.code}"${attr('checked', chosen.has(c.code))}>
<label for="${i === 0 ? 'categories-first' : `category-${c.code}`}">${c.name['sr-Latn']}</label></div>`,
    )}
    </div>
  </fieldset>
  ${field({ id: 'keywords', label: R.keywords, error: errorFor('keywords'), control: input('text', v.keywords ?? '') })}
  ${field({ id: 'municipalityCodes', label: R.municipalityCodes, error: errorFor('municipalityCodes'), control: input('text', v.municipalityCodes ?? '', html` spellcheck="false"`) })}
  ${field({
    id: 'abroad', label: R.abroad, error: errorFor('abroad'),
    control: select([{ value: '', label: T.any }, { value: 'true', label: T.yes }, { value: 'false', label: T.no }], v.abroad ?? ''),
  })}
  ${checkbox({ id: 'active', label: R.active, checked: view.fresh || (v.active ?? '') !== '' })}
  <button type="submit" class="button">${R.submit}</button>
</form>`;
  return staffPage({ title: R.title, body, viewer: view.viewer, section: 'admin', wide: true });
}
