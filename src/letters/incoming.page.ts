import { html, type SafeHtml } from '../web/html.js';
import { formatDateTime } from '../web/staff-frame.page.js';
import type { IncomingMessage } from './letters.store.js';

// The correspondent's replies by email on a letter's page: always as text
// (every value escaped), never the message's HTML.

const T = {
  title: 'Odgovori građanina e-poštom',
  from: 'Od',
  subject: 'Naslov',
  received: 'Primljeno',
};

export function incomingSection(messages: readonly IncomingMessage[]): SafeHtml | '' {
  if (messages.length === 0) return '';
  return html`<section aria-labelledby="incoming-title">
  <h2 id="incoming-title">${T.title}</h2>
  ${messages.map(
    (m) => html`<article class="incoming-message">
  <dl class="facts"><dt>${T.received}</dt><dd>${formatDateTime(m.receivedAt)}</dd><dt>${T.from}</dt><dd>${m.from ?? '—'}</dd>
  <dt>${T.subject}</dt><dd>${m.subject ?? '—'}</dd></dl>
  <div class="letter-text">${m.text}</div>
</article>`,
  )}
</section>`;
}
