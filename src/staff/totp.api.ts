import type { Pool } from '../db/pool.js';
import { operationsWith } from '../http/operation.js';
import { enrolmentSchema, recoveryCodesSchema, totpCodeBody, totpDisableBody, userIdParams } from './auth.schema.js';
import { currentUser } from './guards.js';
import {
  beginEnrolment, disableOwnSecondFactor, finishEnrolment, renewRecoveryCodes, resetSecondFactor,
} from './totp.actions.js';

const operation = operationsWith<{ pool: Pool; clock: () => Date }>();

const NO_STORE = { 'Cache-Control': 'no-store' };
const clientOf = (req: { ip?: string | undefined }) => req.ip ?? 'unknown';

/** The second factor's API: one's own enrolment under /me/totp (open before enrolment), an admin's reset under /admin/users. */
export const totpApi = [
  operation({
    method: 'post',
    path: '/api/v1/me/totp',
    tag: 'Staff sessions',
    summary: 'Start setting up the second factor (TOTP): a new secret',
    permission: 'signed-in',
    responses: {
      201: { description: 'The secret; it counts once a code from it is confirmed', schema: enrolmentSchema },
      409: 'conflict: already set up',
    },
    handler: async ({ res }, ctx) => ({
      status: 201, body: await beginEnrolment(ctx.pool, currentUser(res), ctx.clock()), headers: NO_STORE,
    }),
  }),
  operation({
    method: 'post',
    path: '/api/v1/me/totp/confirm',
    tag: 'Staff sessions',
    summary: 'Confirm the second factor with a code from the new secret',
    permission: 'signed-in',
    request: { body: totpCodeBody, bodyLimit: '4kb' },
    responses: {
      200: { description: 'On; the recovery codes', schema: recoveryCodesSchema },
      409: 'conflict: nothing to confirm, or already set up',
    },
    handler: async ({ body, res }, ctx) => {
      const recoveryCodes = await finishEnrolment(ctx.pool, currentUser(res), body.code, ctx.clock());
      return { status: 200, body: { recoveryCodes }, headers: NO_STORE };
    },
  }),
  operation({
    method: 'post',
    path: '/api/v1/me/totp/recovery-codes',
    tag: 'Staff sessions',
    summary: 'New recovery codes (the old ones stop working), against a current code',
    permission: 'signed-in',
    request: { body: totpCodeBody, bodyLimit: '4kb' },
    responses: {
      200: { description: 'The new codes', schema: recoveryCodesSchema },
      409: 'conflict: no second factor',
      423: 'account_locked: too many failed logins; a wrong code here counts as one',
    },
    handler: async ({ body, req, res }, ctx) => {
      const recoveryCodes = await renewRecoveryCodes(ctx.pool, currentUser(res), body.code, ctx.clock(), clientOf(req));
      return { status: 200, body: { recoveryCodes }, headers: NO_STORE };
    },
  }),
  operation({
    method: 'post',
    path: '/api/v1/me/totp/disable',
    tag: 'Staff sessions',
    summary: 'Turn one\'s own second factor off (officer, clerk), with the current password or a code',
    permission: 'signed-in',
    request: { body: totpDisableBody, bodyLimit: '4kb' },
    responses: {
      204: { description: 'Off' },
      403: 'second_factor_mandatory: the role needs it; invalid_credentials: wrong password or code (counts as a failed login); csrf_failed',
      409: 'conflict: no second factor',
      423: 'account_locked: too many failed logins',
    },
    handler: async ({ body, req, res }, ctx) => {
      await disableOwnSecondFactor(ctx.pool, currentUser(res), body, ctx.clock(), clientOf(req));
      return { status: 204 };
    },
  }),
  operation({
    method: 'delete',
    path: '/api/v1/admin/users/:id/totp',
    tag: 'Administration',
    summary: "Reset an account's second factor (a lost phone); audited. An admin or supervisor enrols again at the next login",
    permission: 'admin.manage',
    request: { params: userIdParams },
    responses: { 204: { description: 'The account has no second factor' } },
    handler: async ({ params, res }, ctx) => {
      await resetSecondFactor(ctx.pool, currentUser(res), params.id);
      return { status: 204 };
    },
  }),
];
