import { LANGUAGES, type Language } from '../i18n/language.js';
import { html, type SafeHtml } from './html.js';

const LANGUAGE_NAMES: Record<Language, string> = { 'sr-Cyrl': 'Ћирилица', 'sr-Latn': 'Latinica', en: 'English' };

const SITE: Record<Language, { office: string; skip: string; languages: string }> = {
  'sr-Cyrl': { office: 'Кабинет председника Републике Србије', skip: 'Пређи на садржај', languages: 'Језик' },
  'sr-Latn': { office: 'Kabinet predsednika Republike Srbije', skip: 'Pređi na sadržaj', languages: 'Jezik' },
  en: { office: 'Office of the President of the Republic of Serbia', skip: 'Skip to content', languages: 'Language' },
};

export type PageOptions = {
  language: Language;
  title: string;
  body: SafeHtml;
  /** Path the language links point at (keeps the reader on the same page). */
  path: string;
  /** Query the language links keep besides `lang` (a page opened by a link with a token stays that page). */
  query?: string;
  scripts?: readonly string[];
  header?: SafeHtml;
};

/** The document around every page: no inline script or style, so the strict CSP holds. */
export function page(options: PageOptions): string {
  const t = SITE[options.language];
  return html`<!doctype html>
<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} — ${t.office}</title>
<link rel="stylesheet" href="/static/site.css">
${(options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>\n`)}
</head>
<body>
<a class="skip-link" href="#main">${t.skip}</a>
<header class="site-header">
  <p class="site-name">${t.office}</p>
  <nav aria-label="${t.languages}">
    <ul class="languages">
      ${LANGUAGES.map((l) =>
        l === options.language
          ? html`<li><span aria-current="true" lang="${l}">${LANGUAGE_NAMES[l]}</span></li>`
          : html`<li><a href="${options.path}?${options.query ? `${options.query}&` : ''}lang=${l}" lang="${l}" hreflang="${l}">${LANGUAGE_NAMES[l]}</a></li>`,
      )}
    </ul>
  </nav>
  ${options.header}
</header>
<main id="main" tabindex="-1">
${options.body}
</main>
</body>
</html>
`.value;
}
