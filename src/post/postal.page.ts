import countries from 'i18n-iso-countries';
import { listMunicipalities } from '../geo/municipality.match.js';
import type { Issue } from '../i18n/issues.js';
import { LANGUAGES } from '../i18n/language.js';
import { CATEGORIES } from '../submissions/categories.js';
import { html } from '../web/html.js';
import {
  csrfInput, errorSummary, field, input, select, staffPage, textarea, type Viewer,
} from '../web/staff-frame.page.js';
import { STAFF_TEXT } from '../web/staff.texts.js';

const T = STAFF_TEXT.postal;

/** The form's controls, in page order; each posts the API's field name and has that id. */
export const POSTAL_FIELDS = [
  'receivedAt', 'letterNumber', 'name', 'surname', 'municipality', 'country', 'address', 'email', 'phone', 'category', 'subject',
  'message', 'language',
] as const;
export type PostalField = (typeof POSTAL_FIELDS)[number];
export type PostalValues = Partial<Record<PostalField, string>>;

const countryOptions = (() => {
  let list: { value: string; label: string }[] | undefined;
  return () => {
    if (!list) {
      const names = new Intl.DisplayNames(['sr-Latn'], { type: 'region' });
      const collator = new Intl.Collator('sr-Latn');
      list = Object.keys(countries.getAlpha2Codes())
        .filter((code) => code !== 'RS' && code !== 'XK')
        .map((code) => ({ value: code, label: names.of(code) ?? code }))
        .sort((a, b) => collator.compare(a.label, b.label));
    }
    return list;
  };
})();

export type PostalView = {
  viewer: Viewer;
  values: PostalValues;
  issues: readonly Issue[];
  /** Today in Belgrade (YYYY-MM-DD): the latest date received allowed. */
  today: string;
  /** The reference of the letter just entered. */
  entered?: string | undefined;
};

/** Postal entry: the API's postal fields as a form; errors as a summary linking to each field. */
export function postalPage(view: PostalView): string {
  const v = (id: PostalField) => view.values[id] ?? '';
  const errorFor = (id: PostalField) => view.issues.find((i) => i.path === id)?.message;
  const known = POSTAL_FIELDS.flatMap((f) => view.issues.filter((i) => i.path === f).map((i) => ({ field: f, text: i.message })));
  const others = view.issues
    .filter((i) => !(POSTAL_FIELDS as readonly string[]).includes(i.path))
    .map((i) => ({ text: i.path ? `${i.path}: ${i.message}` : i.message }));
  const f = (id: PostalField, label: string, control: ReturnType<typeof input>, extra: { required?: boolean; hint?: string } = {}) =>
    field({ id, label, error: errorFor(id), control, ...extra });

  const confirmation = view.entered
    ? html`<div class="panel-confirmation" role="status">
  <p>${T.entered}</p>
  <p class="reference" id="reference">${view.entered}</p>
</div>
<p>${T.enterAnother}</p>`
    : '';
  const body = html`<h1>${T.title}</h1>
${errorSummary([...known, ...others])}
${confirmation}
<p>${T.intro}</p>
<form method="post" action="/staff/postal" novalidate class="letter-form">
  ${csrfInput(view.viewer.csrf)}
  ${f('receivedAt', T.receivedAt, input('date', v('receivedAt'), html` min="1990-01-01" max="${view.today}"`), { required: true, hint: T.receivedAtHint })}
  ${f('letterNumber', T.letterNumber, input('text', v('letterNumber'), html` maxlength="50"`))}
  ${f('name', T.name, input('text', v('name'), html` maxlength="100"`), { required: true })}
  ${f('surname', T.surname, input('text', v('surname'), html` maxlength="100"`), { required: true })}
  ${f('municipality', T.municipality, input('text', v('municipality'), html` list="municipality-list"`), { required: true, hint: T.municipalityHint })}
  <datalist id="municipality-list">${listMunicipalities().map((m) => html`<option value="${m.nameLatn}">`)}</datalist>
  ${f('country', T.country, select([{ value: '', label: T.countryNone }, ...countryOptions()], v('country').toUpperCase()))}
  ${f('address', T.address, input('text', v('address'), html` maxlength="300"`), { required: true, hint: T.addressHint })}
  ${f('email', T.email, input('email', v('email'), html` spellcheck="false"`))}
  ${f('phone', T.phone, input('tel', v('phone')))}
  ${f('category', T.category, select(CATEGORIES.map((c) => ({ value: c.code, label: c.name['sr-Latn'] })), v('category') || 'question'))}
  ${f('subject', T.subject, input('text', v('subject'), html` maxlength="200"`))}
  ${f('message', T.message, textarea(v('message'), 12, html` maxlength="10000"`), { required: true })}
  ${f('language', T.language, select(LANGUAGES.map((l) => ({ value: l, label: T.languages[l] ?? l })), v('language') || 'sr-Cyrl'))}
  <button type="submit" class="button">${T.submit}</button>
</form>`;
  return staffPage({ title: T.title, body, viewer: view.viewer, section: 'postal' });
}
