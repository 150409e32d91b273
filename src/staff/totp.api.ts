import express, { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Pool } from '../db/pool.js';
import { ApiError } from '../http/api-error.js';
import { DomainError } from '../errors.js';
import { validationFailed } from '../http/validation.js';
import { DEFAULT_LANGUAGE, languageFromAcceptLanguage } from '../i18n/language.js';
import { translate } from '../i18n/messages.js';
import { currentUser, requireAction, requireStaff } from './guards.js';
import type { StaffUser } from './permissions.js';
import type { SessionRules } from './session.js';
import { secondFactorRequired } from './totp.js';
import {
  beginEnrolment, disableOwnSecondFactor, finishEnrolment, renewRecoveryCodes, resetSecondFactor,
} from './totp.actions.js';
import { hasSecondFactor } from './totp.store.js';

export const totpCodeBody = z.strictObject({
  code: z.string().min(1).max(64).meta({ description: 'Six digits from the authenticator app' }),
});
export const totpDisableBody = z
  .strictObject({
    password: z.string().min(1).max(256).optional().meta({ description: 'The current password' }),
    code: z.string().min(1).max(64).optional().meta({ description: 'Or a current code (or a recovery code)' }),
  })
  .refine((b) => b.password !== undefined || b.code !== undefined, { message: 'required', path: ['password'] });

const languageOf = (req: Request) => languageFromAcceptLanguage(req.get('accept-language')) ?? DEFAULT_LANGUAGE;

function parse<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) throw validationFailed(parsed.error, languageOf(req));
  return parsed.data;
}

const wrongCode = (req: Request) =>
  new ApiError(422, 'validation_failed', 'validation_failed', { issues: [{ path: 'code', message: translate('invalid_code', languageOf(req)) }] });

/**
 * For roles that must have a second factor: until it is set up, the session
 * opens only enrolment, /me and logout; everything else is 403
 * `enrolment_required`. Mount after requireStaff.
 */
export function requireEnrolled(pool: Pool): RequestHandler {
  return async (_req, res, next) => {
    const user = res.locals.user as StaffUser | undefined;
    if (user && secondFactorRequired(user.role) && !(await hasSecondFactor(pool, user.id))) {
      next(new DomainError('enrolment_required'));
      return;
    }
    next();
  };
}

/** The second factor's API: one's own enrolment under /me/totp, an admin's reset under /admin/users. */
export function totpRoutes(deps: { pool: Pool; clock: () => Date; sessions: SessionRules }): Router {
  const { pool } = deps;
  const router = Router();
  router.use('/me/totp', requireStaff(pool, deps.sessions), express.json({ limit: '4kb' }));

  router.post('/me/totp', async (_req, res) => {
    const enrolment = await beginEnrolment(pool, currentUser(res), deps.clock());
    res.status(201).set('Cache-Control', 'no-store').json(enrolment);
  });

  router.post('/me/totp/confirm', async (req, res) => {
    const { code } = parse(totpCodeBody, req);
    const codes = await finishEnrolment(pool, currentUser(res), code, deps.clock());
    if (codes === 'wrong_code') throw wrongCode(req);
    res.status(200).set('Cache-Control', 'no-store').json({ recoveryCodes: codes });
  });

  router.post('/me/totp/recovery-codes', async (req, res) => {
    const { code } = parse(totpCodeBody, req);
    const codes = await renewRecoveryCodes(pool, currentUser(res), code, deps.clock(), req.ip ?? 'unknown');
    if (codes === 'wrong_code') throw wrongCode(req);
    res.status(200).set('Cache-Control', 'no-store').json({ recoveryCodes: codes });
  });

  router.post('/me/totp/disable', async (req, res) => {
    const proof = parse(totpDisableBody, req);
    const outcome = await disableOwnSecondFactor(pool, currentUser(res), proof, deps.clock(), req.ip ?? 'unknown');
    if (outcome === 'mandatory') throw new ApiError(403, 'second_factor_mandatory', 'second_factor_mandatory');
    if (outcome === 'wrong_proof') throw new ApiError(403, 'invalid_credentials', 'invalid_credentials');
    res.status(204).end();
  });

  router.delete('/admin/users/:id/totp', requireAction('admin.manage'), async (req, res) => {
    await resetSecondFactor(pool, currentUser(res), Number(req.params.id));
    res.status(204).end();
  });

  return router;
}
