import type { Issue } from '../i18n/issues.js';
import type { Language } from '../i18n/language.js';
import { attr, html, type SafeHtml } from '../web/html.js';
import { page } from '../web/layout.js';
import { countryOptions, described, errorSummary, field, inputControl, invalidAttr, municipalityOptions, type FormValues } from './citizen-form.page.js';
import { CITIZEN_TEXT } from './citizen.texts.js';
import { fill } from '../text/fill.js';

/** The place fields of the citizen form, in its order. */
export const CONTACT_FIELDS = ['municipality', 'country', 'address', 'phone'] as const;

export type ContactLink = { reference: string; token: string };

const queryOf = (link: ContactLink) => `ref=${encodeURIComponent(link.reference)}&token=${encodeURIComponent(link.token)}`;

/** The form that completes a letter's place and address, empty or with the values and errors of a refused post. */
export function contactFormPage(language: Language, link: ContactLink, values: FormValues, issues: readonly Issue[]): string {
  const t = CITIZEN_TEXT[language];
  const errorFor = (id: (typeof CONTACT_FIELDS)[number]) => issues.find((i) => i.path === id)?.message;
  const v = (id: (typeof CONTACT_FIELDS)[number]) => values[id] ?? '';
  const input = (id: (typeof CONTACT_FIELDS)[number], type: string, extra: SafeHtml) => inputControl(id, type, v(id), extra);
  const summary = errorSummary(t.contactErrorSummary, CONTACT_FIELDS, issues);
  const body = html`<h1>${t.contactTitle}</h1>
${summary}
<p>${fill(t.contactIntro, { ref: link.reference })}</p>
<form method="post" action="/complete?lang=${language}" novalidate class="contact-form">
  <input type="hidden" name="ref" value="${link.reference}">
  <input type="hidden" name="token" value="${link.token}">
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
  ${field({ id: 'phone', label: t.contactPhone, requiredWord: t.required, hint: t.phoneHint, error: errorFor('phone'), control: input('phone', 'tel', html` autocomplete="tel"`) })}
  <button type="submit" class="button">${t.contactSubmit}</button>
</form>`;
  return page({ language, title: t.contactTitle, body, path: '/complete', query: queryOf(link) });
}

/** After the post (`done`), or opened again for a letter whose contact is complete. */
export function contactCompletePage(language: Language, reference: string, done: boolean): string {
  const t = CITIZEN_TEXT[language];
  const title = done ? t.contactDoneTitle : t.contactAlreadyTitle;
  const body = html`<div class="panel-confirmation">
  <h1>${title}</h1>
  <p class="reference" id="reference">${reference}</p>
</div>
<p>${fill(done ? t.contactDoneText : t.contactAlreadyText, { ref: reference })}</p>
<p><a href="/?lang=${language}">${t.writeAgain}</a></p>`;
  return page({ language, title, body, path: '/complete' });
}
