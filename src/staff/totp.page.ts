import qrcode from 'qrcode-generator';
import { html, type SafeHtml } from '../web/html.js';
import { csrfInput, errorSummary, field, input, noticeBox, staffPage, type Viewer } from '../web/staff-frame.page.js';
import { TOTP_TEXT as T } from './totp.texts.js';

// The second factor's pages: the code step of the login, enrolment, the recovery codes (shown once), one's own settings.

const codeInput = (error: string | undefined, hint?: string) =>
  field({
    id: 'code', label: T.code.label, required: true, error, hint,
    control: input('text', '', html` autocomplete="one-time-code" spellcheck="false" autocapitalize="off" maxlength="64"`),
  });

const summary = (error: string | undefined, fieldId: string) => errorSummary(error ? [{ field: fieldId, text: error }] : []);

/** After a right password: the code, nothing else (the password is not carried again). */
export function codePage(csrf: string, error?: string): string {
  const body = html`<h1>${T.code.title}</h1>
${summary(error, 'code')}
<p>${T.code.intro}</p>
<form method="post" action="/staff/login/code" novalidate class="login-form">
  ${csrfInput(csrf)}
  ${codeInput(error, T.code.hint)}
  <button type="submit" class="button">${T.code.submit}</button>
</form>
<form method="post" action="/staff/logout">
  ${csrfInput(csrf)}
  <button type="submit" class="button button-secondary">${T.code.cancel}</button>
</form>`;
  return staffPage({ title: T.code.title, body });
}

/** The otpauth:// URI as a QR code, a GIF data URL (the CSP's img-src allows data:). */
function qrDataUrl(uri: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(uri);
  qr.make();
  return qr.createDataURL(4, 4);
}

/** The secret in groups of four, as authenticator apps accept it typed. */
const grouped = (secret: string) => (secret.match(/.{1,4}/g) ?? []).join(' ');

export function enrolPage(p: { viewer: Viewer; secret: string; otpauthUri: string; required: boolean; error?: string | undefined }): string {
  const body = html`<h1>${T.enrol.title}</h1>
${summary(p.error, 'code')}
${p.required ? html`<p class="notice" role="status">${T.enrol.requiredIntro}</p>` : html`<p>${T.enrol.intro}</p>`}
<ol class="steps">
  <li>${T.enrol.step1}</li>
  <li>${T.enrol.step2}
    <p><img class="totp-qr" src="${qrDataUrl(p.otpauthUri)}" alt="${T.enrol.qrAlt}"></p>
    <p><span>${T.enrol.secretLabel}:</span> <code class="totp-secret" id="totp-secret">${grouped(p.secret)}</code></p>
    <p><a href="${p.otpauthUri}">${T.enrol.uriLink}</a></p>
    <p class="hint">${T.enrol.details}</p>
  </li>
  <li>${T.enrol.step3}
    <form method="post" action="/staff/second-factor/enrol" novalidate>
      ${csrfInput(p.viewer.csrf)}
      ${codeInput(p.error)}
      <button type="submit" class="button">${T.enrol.submit}</button>
    </form>
  </li>
</ol>`;
  return staffPage({ title: T.enrol.title, body, viewer: p.viewer });
}

/** Shown once, right after they are made; only their hashes are kept. */
export function recoveryCodesPage(viewer: Viewer, codes: readonly string[]): string {
  const body = html`<h1>${T.recovery.title}</h1>
<p>${T.recovery.intro}</p>
<p class="notice" role="status"><strong>${T.recovery.warning}</strong></p>
<ol class="recovery-codes" aria-label="${T.recovery.listLabel}">
  ${codes.map((c) => html`<li><code>${c}</code></li>`)}
</ol>
<p><a class="button" href="/staff">${T.recovery.continue}</a></p>`;
  return staffPage({ title: T.recovery.title, body, viewer });
}

export type SettingsErrors = { code?: string; password?: string };

/** One's own second factor: on or off, recovery codes left, new codes, turning it off where the role allows. */
export function secondFactorPage(p: {
  viewer: Viewer; enabled: boolean; required: boolean; recoveryCodesLeft: number; notice?: string | undefined; errors?: SettingsErrors;
}): string {
  const errors = p.errors ?? {};
  const items = [
    ...(errors.code ? [{ field: 'code', text: errors.code }] : []),
    ...(errors.password ? [{ field: 'password', text: errors.password }] : []),
  ];
  const csrf = csrfInput(p.viewer.csrf);
  let details: SafeHtml;
  if (!p.enabled) {
    details = html`<p>${T.status.off}</p><p><a class="button" href="/staff/second-factor/enrol">${T.status.enrol}</a></p>`;
  } else {
    const disable = p.required
      ? html`<p>${T.status.mandatory}</p>`
      : html`<h2>${T.status.disableTitle}</h2>
<form method="post" action="/staff/second-factor/disable" novalidate>
  ${csrf}
  <p>${T.status.disableIntro}</p>
  ${field({ id: 'password', label: T.status.password, required: true, error: errors.password, control: input('password', '', html` autocomplete="current-password" maxlength="256"`) })}
  <button type="submit" class="button">${T.status.disable}</button>
</form>`;
    details = html`<p>${T.status.on} ${T.status.left.replace('{count}', String(p.recoveryCodesLeft))}</p>
<h2>${T.status.renewTitle}</h2>
<form method="post" action="/staff/second-factor/recovery-codes" novalidate>
  ${csrf}
  <p>${T.status.renewIntro}</p>
  ${codeInput(errors.code)}
  <button type="submit" class="button">${T.status.renew}</button>
</form>
${disable}`;
  }
  const body = html`<h1>${T.status.title}</h1>
${errorSummary(items)}
${noticeBox(p.notice)}
${details}`;
  return staffPage({ title: T.status.title, body, viewer: p.viewer });
}
