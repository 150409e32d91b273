import { createHmac, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { cookieValue } from '../web/page-language.js';
import { sameSecret } from './guards.js';

export const LOGIN_CSRF_COOKIE = 'pisarnica.login';

export type LoginCsrf = {
  /** The token for the login form: the browser's own if it has a good one, else a new one set as a cookie. */
  issue(req: Request, res: Response): string;
  /** The form's token matches the cookie, and the cookie is one we signed. */
  check(req: Request, token: string): boolean;
};

/**
 * CSRF protection of the login form without a session (so signed-out
 * visitors leave no session rows): a signed double-submit cookie. The token
 * is a random nonce with its HMAC under the session secret; the form carries
 * it and the HttpOnly, SameSite=Strict cookie carries it too.
 */
export function loginCsrf(secret: string, secure: boolean): LoginCsrf {
  const sign = (nonce: string) => createHmac('sha256', secret).update(`login-csrf:${nonce}`).digest('base64url');
  const wellSigned = (token: string | undefined): token is string => {
    const [nonce, signature, extra] = (token ?? '').split('.');
    if (!nonce || !signature || extra !== undefined) return false;
    return sameSecret(signature, sign(nonce));
  };
  return {
    issue(req, res) {
      const current = cookieValue(req, LOGIN_CSRF_COOKIE);
      if (wellSigned(current)) return current;
      const nonce = randomBytes(18).toString('base64url');
      const token = `${nonce}.${sign(nonce)}`;
      res.cookie(LOGIN_CSRF_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/staff' });
      return token;
    },
    check(req, token) {
      const cookie = cookieValue(req, LOGIN_CSRF_COOKIE);
      return wellSigned(cookie) && sameSecret(cookie, token);
    },
  };
}
