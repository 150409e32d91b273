import countries from 'i18n-iso-countries';
import { listMunicipalities } from '../geo/municipality.match.js';
import type { Issue } from '../i18n/issues.js';
import type { Language } from '../i18n/language.js';
import { attr, html, type SafeHtml } from '../web/html.js';
import { page } from '../web/layout.js';
import { CATEGORIES } from './categories.js';
import { CITIZEN_TEXT } from './citizen.texts.js';

export type FormValues = Partial<Record<FormField, string>>;

export const FORM_FIELDS = [
  'name', 'surname', 'municipality', 'country', 'address', 'email', 'phone', 'category', 'subject', 'message', 'consent',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];

const REGION_LOCALE: Record<Language, string> = { 'sr-Cyrl': 'sr-Cyrl', 'sr-Latn': 'sr-Latn', en: 'en' };

/** ISO 3166-1 countries other than Serbia (and Kosovo, which the register covers), named in the page's language. */
export const countryOptions = (() => {
  const cache = new Map<Language, { code: string; name: string }[]>();
  return (language: Language) => {
    let list = cache.get(language);
    if (!list) {
      const names = new Intl.DisplayNames([REGION_LOCALE[language]], { type: 'region' });
      const collator = new Intl.Collator(REGION_LOCALE[language]);
      list = Object.keys(countries.getAlpha2Codes())
        .filter((code) => code !== 'RS' && code !== 'XK')
        .map((code) => ({ code, name: names.of(code) ?? code }))
        .sort((a, b) => collator.compare(a.name, b.name));
      cache.set(language, list);
    }
    return list;
  };
})();

/** Each unit in the page's script, labelled with its name in the other script (both match as you type). */
export const municipalityOptions = (language: Language) =>
  listMunicipalities().map((m) =>
    language === 'sr-Cyrl' ? { value: m.nameCyrl, label: m.nameLatn } : { value: m.nameLatn, label: m.nameCyrl },
  );

export type FieldProps = {
  id: FormField;
  label: string;
  required?: boolean;
  hint?: string;
  error?: string;
  control: (describedBy: string | undefined, invalid: boolean) => SafeHtml;
  requiredWord: string;
};

/** A labelled control with its hint and error, tied together with aria-describedby. */
export function field(p: FieldProps): SafeHtml {
  const ids = [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${p.error ? ' field-error' : ''}">
  <label for="${p.id}">${p.label}${p.required ? html` <span class="required" aria-hidden="true">*</span><span class="visually-hidden"> (${p.requiredWord})</span>` : ''}</label>
  ${p.hint ? html`<p class="hint" id="${p.id}-hint">${p.hint}</p>` : ''}
  ${p.error ? html`<p class="error-message" id="${p.id}-error">${p.error}</p>` : ''}
  ${p.control(ids || undefined, Boolean(p.error))}
</div>`;
}

export const described = (ids: string | undefined) => (ids ? html` aria-describedby="${ids}"` : '');
export const invalidAttr = (invalid: boolean) => (invalid ? html` aria-invalid="true"` : '');

/** A text-like input for `field()`: it gets the described-by ids and whether the field is invalid. */
export const inputControl = (id: string, type: string, value: string, extra: SafeHtml) => (ids: string | undefined, invalid: boolean) =>
  html`<input id="${id}" name="${id}" type="${type}" value="${value}"${described(ids)}${invalidAttr(invalid)}${extra}>`;

/** The errors above a form: the form's fields in their order, linked to them, then any others. */
export function errorSummary(title: string, fields: readonly string[], issues: readonly Issue[]): SafeHtml | '' {
  if (issues.length === 0) return '';
  const ordered = fields.flatMap((f) => issues.filter((i) => i.path === f));
  const others = issues.filter((i) => !fields.includes(i.path));
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" id="error-summary" autofocus>
  <h2 id="error-summary-title">${title}</h2>
  <ul>
    ${ordered.map((i) => html`<li><a href="#${i.path}">${i.message}</a></li>`)}
    ${others.map((i) => html`<li>${i.path ? `${i.path}: ` : ''}${i.message}</li>`)}
  </ul>
</div>`;
}

/** The citizen's form, empty or with the values and errors of a refused post. */
export function citizenFormPage(language: Language, values: FormValues, issues: readonly Issue[]): string {
  const t = CITIZEN_TEXT[language];
  const errorFor = (id: FormField) => issues.find((i) => i.path === id)?.message;
  const v = (id: FormField) => values[id] ?? '';
  const input = (id: FormField, type: string, extra: SafeHtml) => inputControl(id, type, v(id), extra);
  const summary = errorSummary(t.errorSummary, FORM_FIELDS, issues);
  const category = v('category') || 'question';
  const body = html`<h1>${t.formTitle}</h1>
${summary}
<p>${t.intro}</p>
<form method="post" action="/?lang=${language}" novalidate class="letter-form" data-language="${language}">
  ${field({ id: 'name', label: t.name, required: true, requiredWord: t.required, error: errorFor('name'), control: input('name', 'text', html` autocomplete="given-name" maxlength="100"`) })}
  ${field({ id: 'surname', label: t.surname, required: true, requiredWord: t.required, error: errorFor('surname'), control: input('surname', 'text', html` autocomplete="family-name" maxlength="100"`) })}
  <div class="abroad-toggle" hidden>
    <input type="checkbox" id="abroad-toggle"${attr('checked', v('country') !== '')}> <label for="abroad-toggle">${t.abroad}</label>
  </div>
  ${field({ id: 'municipality', label: t.municipality, required: true, requiredWord: t.required, hint: t.municipalityHint, error: errorFor('municipality'), control: input('municipality', 'text', html` list="municipality-list" autocomplete="address-level2"`) })}
  <datalist id="municipality-list">${municipalityOptions(language).map((o) => html`<option value="${o.value}" label="${o.label}">`)}</datalist>
  ${field({
    id: 'country', label: t.country, requiredWord: t.required, error: errorFor('country'),
    control: (ids, invalid) => html`<select id="country" name="country"${described(ids)}${invalidAttr(invalid)}>
      <option value="">${t.countryNone}</option>
      ${countryOptions(language).map((c) => html`<option value="${c.code}"${attr('selected', v('country').toUpperCase() === c.code)}>${c.name}</option>`)}
    </select>`,
  })}
  ${field({ id: 'address', label: t.address, required: true, requiredWord: t.required, hint: t.addressHint, error: errorFor('address'), control: input('address', 'text', html` autocomplete="street-address" maxlength="300"`) })}
  <fieldset class="contact">
    <legend>${t.contactLegend}</legend>
    <p class="hint" id="contact-hint">${t.contactHint}</p>
    ${field({ id: 'email', label: t.email, requiredWord: t.required, error: errorFor('email'), control: input('email', 'email', html` autocomplete="email" spellcheck="false"`) })}
    ${field({ id: 'phone', label: t.phone, requiredWord: t.required, hint: t.phoneHint, error: errorFor('phone'), control: input('phone', 'tel', html` autocomplete="tel"`) })}
  </fieldset>
  ${field({
    id: 'category', label: t.category, requiredWord: t.required, error: errorFor('category'),
    control: (ids, invalid) => html`<select id="category" name="category"${described(ids)}${invalidAttr(invalid)}>
      ${CATEGORIES.map((c) => html`<option value="${c.code}"${attr('selected', category === c.code)}>${c.name[language]}</option>`)}
    </select>`,
  })}
  ${field({ id: 'subject', label: t.subject, requiredWord: t.required, error: errorFor('subject'), control: input('subject', 'text', html` maxlength="200"`) })}
  ${field({
    id: 'message', label: t.message, required: true, requiredWord: t.required, hint: t.messageHint, error: errorFor('message'),
    control: (ids, invalid) => html`<textarea id="message" name="message" rows="10" maxlength="10000"${described(ids)}${invalidAttr(invalid)}>${v('message')}</textarea>`,
  })}
  <div class="field field-checkbox${errorFor('consent') ? ' field-error' : ''}">
    ${errorFor('consent') ? html`<p class="error-message" id="consent-error">${errorFor('consent')}</p>` : ''}
    <input type="checkbox" id="consent" name="consent" value="true"${attr('checked', v('consent') !== '')}${errorFor('consent') ? html` aria-invalid="true" aria-describedby="consent-error"` : ''}>
    <label for="consent">${t.consent} <span class="required" aria-hidden="true">*</span></label>
  </div>
  <div class="trap" aria-hidden="true">
    <label for="website">${t.website}</label>
    <input type="text" id="website" name="website" tabindex="-1" autocomplete="off" value="">
  </div>
  <button type="submit" class="button">${t.submit}</button>
</form>`;
  return page({ language, title: t.formTitle, body, path: '/', scripts: ['/static/form.js'] });
}
