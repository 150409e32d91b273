import type { Request, Response } from 'express';
import { DEFAULT_LANGUAGE, isLanguage, languageFromAcceptLanguage, type Language } from '../i18n/language.js';

const COOKIE = 'lang';

/** A cookie of the request; undefined when absent or not decodable. */
export function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * A page's language: `?lang=` wins (and is remembered in a cookie), then the
 * reader's last choice, then Accept-Language, else Serbian Cyrillic.
 */
export function pageLanguage(req: Request, res: Response): Language {
  const asked = req.query.lang;
  if (isLanguage(asked)) {
    res.cookie(COOKIE, asked, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 86_400_000, path: '/' });
    return asked;
  }
  const remembered = cookieValue(req, COOKIE);
  if (isLanguage(remembered)) return remembered;
  return languageFromAcceptLanguage(req.get('accept-language')) ?? DEFAULT_LANGUAGE;
}
