import type { DomainError } from '../errors.js';
import type { Language } from '../i18n/language.js';
import { errorText } from '../web/error-texts.js';
import { html } from '../web/html.js';
import { page } from '../web/layout.js';
import { CITIZEN_TEXT } from './citizen.texts.js';
import type { Receipt } from './intake.js';
import type { Tracked } from './tracking.actions.js';

const formatDate = (iso: string | Date, language: Language) =>
  new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language === 'sr-Latn' ? 'sr-Latn-RS' : 'sr-Cyrl-RS', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Belgrade',
  }).format(new Date(iso));

export function confirmationPage(language: Language, receipt: Receipt): string {
  const t = CITIZEN_TEXT[language];
  const track = `/status?reference=${encodeURIComponent(receipt.reference)}&token=${encodeURIComponent(receipt.trackingToken)}&lang=${language}`;
  const body = html`<div class="panel-confirmation">
  <h1>${t.receivedTitle}</h1>
  <p>${t.receivedLead}</p>
  <p class="reference" id="reference">${receipt.reference}</p>
</div>
<p>${t.receivedNext}</p>
<dl class="facts">
  <dt>${t.trackingCode}</dt><dd><code>${receipt.trackingToken}</code></dd>
  <dt>${t.receivedAt}</dt><dd>${formatDate(receipt.receivedAt, language)}</dd>
</dl>
<p><a class="button" href="${track}">${t.trackLink}</a></p>
<p><a href="/?lang=${language}">${t.writeAgain}</a></p>`;
  return page({ language, title: t.receivedTitle, body, path: '/' });
}

export type StatusView =
  | { kind: 'form'; reference: string }
  | { kind: 'not_found'; reference: string; error: DomainError }
  | ({ kind: 'found' } & Tracked);

export function statusPage(language: Language, view: StatusView): string {
  const t = CITIZEN_TEXT[language];
  const statusName = (s: string) => (t.statuses as Record<string, string>)[s] ?? s;
  const result =
    view.kind === 'found'
      ? html`<section aria-labelledby="result-title" class="panel">
  <h2 id="result-title">${view.reference}</h2>
  <dl class="facts">
    <dt>${t.status}</dt><dd>${statusName(view.status)}</dd>
    <dt>${t.office}</dt><dd>${view.office ? view.office.name : t.noOffice}</dd>
    <dt>${t.receivedAt}</dt><dd>${formatDate(view.receivedAt, language)}</dd>
    <dt>${t.updatedAt}</dt><dd>${formatDate(view.updatedAt, language)}</dd>
  </dl>
</section>`
      : view.kind === 'not_found'
        ? html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary"><p>${errorText(view.error, language)} ${t.notFoundHint}</p></div>`
        : '';
  const body = html`<h1>${t.statusTitle}</h1>
${result}
<p>${t.statusIntro}</p>
<form method="get" action="/status" class="status-form">
  <input type="hidden" name="lang" value="${language}">
  <div class="field">
    <label for="reference">${t.reference}</label>
    <input id="reference" name="reference" type="text" value="${view.reference}" autocomplete="off" spellcheck="false">
  </div>
  <div class="field">
    <label for="token">${t.token}</label>
    <input id="token" name="token" type="text" value="" autocomplete="off" spellcheck="false">
  </div>
  <button type="submit" class="button">${t.lookUp}</button>
</form>`;
  return page({ language, title: t.statusTitle, body, path: '/status' });
}
