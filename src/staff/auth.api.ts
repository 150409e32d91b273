import type { Pool } from '../db/pool.js';
import { DomainError } from '../errors.js';
import { operationsWith } from '../http/operation.js';
import { attemptLogin, changeOwnPassword, endStaffSession, rotateStaffSession, startStaffSession } from './auth.actions.js';
import { csrfHeaders, loginSchema, meSchema, ownPasswordSchema } from './auth.schema.js';
import { currentUser } from './guards.js';
import { SESSION_COOKIE } from './session.js';
import { secondFactorStatus } from './totp.actions.js';
import { findUserById } from './users.store.js';

const operation = operationsWith<{ pool: Pool; clock: () => Date }>();

const newCookie = (description: string) => ({
  description,
  headers: { 'Set-Cookie': { description: `${SESSION_COOKIE}=…; HttpOnly; SameSite=Strict`, schema: { type: 'string' as const } } },
});

const clientOf = (req: { ip?: string | undefined }) => req.ip ?? 'unknown';

/** Staff sessions: login and logout (public: they handle the session themselves), /me and one's own password. */
export const authApi = [
  operation({
    method: 'post',
    path: '/api/v1/auth/login',
    tag: 'Staff sessions',
    summary: 'Log in',
    description:
      'An account with a second factor also sends `code` (TOTP or a recovery code; each is good once). An admin or supervisor ' +
      'without one gets a session that opens only enrolment (GET /api/v1/me says `enrolmentRequired`).',
    permission: 'public',
    request: { headers: csrfHeaders, body: loginSchema, bodyLimit: '4kb' },
    // A body that is not credentials is answered as wrong credentials.
    invalidBody: () => new DomainError('invalid_credentials'),
    responses: {
      204: newCookie('Logged in; a new session cookie'),
      401: 'invalid_credentials (a wrong code too, which counts as a failure); second_factor_required: the password is right, the account has a second factor and no `code` was sent',
      403: 'csrf_failed',
      423: 'account_locked: 5 failures of the account (or 20 of the client) within 15 minutes',
    },
    handler: async ({ body, req }, ctx) => {
      const user = await attemptLogin(ctx.pool, ctx.clock(), body, clientOf(req));
      await startStaffSession(ctx.pool, req, user.id, ctx.clock());
      return { status: 204 };
    },
  }),
  operation({
    method: 'post',
    path: '/api/v1/auth/logout',
    tag: 'Staff sessions',
    summary: 'Log out',
    permission: 'public',
    request: { headers: csrfHeaders },
    responses: { 204: { description: 'The session is over' }, 403: 'csrf_failed' },
    handler: async ({ req, res }, ctx) => {
      await endStaffSession(ctx.pool, req, res);
      return { status: 204 };
    },
  }),
  operation({
    method: 'get',
    path: '/api/v1/me',
    tag: 'Staff sessions',
    summary: 'The signed-in staff member and the CSRF token',
    permission: 'signed-in',
    responses: { 200: { description: 'The staff member', schema: meSchema } },
    handler: async ({ req, res }, ctx) => {
      const user = currentUser(res);
      const stored = await findUserById(ctx.pool, user.id);
      const body = {
        id: user.id,
        email: user.email,
        role: user.role,
        office: stored?.officeCode ?? null,
        displayName: user.displayName,
        csrfToken: req.session.csrfToken,
        ...(await secondFactorStatus(ctx.pool, user)),
      };
      return { status: 200, body, headers: { 'Cache-Control': 'no-store' } };
    },
  }),
  operation({
    method: 'post',
    path: '/api/v1/me/password',
    tag: 'Staff sessions',
    summary: 'Change one\'s own password',
    description: 'The current password is checked as a login is (wrong guesses count towards the lockout); the new one must be ' +
      'at least 12 characters and not common or easy to guess. On success every other session of the user ends and this one gets a new id.',
    permission: 'signed-in',
    request: { body: ownPasswordSchema, bodyLimit: '4kb' },
    responses: {
      204: newCookie('Changed; a new session cookie'),
      422: 'validation_failed: the current password is wrong (issue on currentPassword), or the new one is refused (issue on newPassword)',
      423: 'account_locked: too many wrong passwords for the account (or the client) within 15 minutes',
    },
    handler: async ({ body, req, res }, ctx) => {
      const generation = await changeOwnPassword(ctx.pool, currentUser(res), body, clientOf(req), ctx.clock());
      await rotateStaffSession(req, generation);
      return { status: 204 };
    },
  }),
];
