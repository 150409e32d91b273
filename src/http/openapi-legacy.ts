import {
  OpenAPIRegistry,
  type ResponseConfig,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { LANGUAGES } from '../i18n/language.js';
import { ROLES } from '../staff/permissions.js';
import { loginSchema } from '../staff/auth.routes.js';
import { ownPasswordSchema } from '../staff/own-password.js';
import { totpCodeBody, totpDisableBody } from '../staff/totp.routes.js';
import { bodies, listQuerySchema } from '../staff/letters.routes.js';
import { postalLetterSchema } from '../staff/postal.routes.js';
import { statusBody } from '../staff/print.routes.js';
import { personSchema } from '../staff/privacy.routes.js';
import { SESSION_COOKIE } from '../staff/session.js';
import { STATUSES } from '../submissions/status.rules.js';
import { webSubmissionSchema } from '../submissions/submission.schema.js';

import { errorBodySchema } from './error.schema.js';

// The operations not yet in the operation table (src/http/operation.ts), described by hand.
// Each resource moved into the table takes its part out of here; the file goes with the last.

const SESSION = 'session';

const dateTime = () => z.iso.datetime({ offset: true });
const reference = () => z.string().regex(/^PR-\d{4}-\d{6}-\d$/).meta({ example: 'PR-2026-000123-7' });
const officeRef = z.object({ code: z.string(), name: z.string() }).meta({ id: 'OfficeRef' });

const receiptSchema = z
  .object({
    reference: reference(),
    status: z.literal('received'),
    receivedAt: dateTime(),
    trackingToken: z.string().meta({ description: 'Returned only here (and in the acknowledgement email); stored as a hash' }),
  })
  .meta({ id: 'Receipt' });

const trackingSchema = z
  .object({
    reference: reference(),
    status: z.enum(STATUSES),
    receivedAt: dateTime(),
    updatedAt: dateTime(),
    office: officeRef.nullable(),
  })
  .meta({ id: 'Tracking' });

const municipalitySchema = z
  .object({ code: z.string(), nameCyrl: z.string(), nameLatn: z.string() })
  .meta({ id: 'Municipality' });

const categorySchema = z
  .object({ code: z.string(), name: z.object({ 'sr-Cyrl': z.string(), 'sr-Latn': z.string(), en: z.string() }) })
  .meta({ id: 'Category' });

const meSchema = z
  .object({
    id: z.number().int(),
    email: z.email(),
    role: z.enum(ROLES),
    office: z.string().nullable(),
    displayName: z.string(),
    csrfToken: z.string().meta({ description: 'Send as X-CSRF-Token (or _csrf form field) with form posts' }),
    secondFactor: z.object({
      enabled: z.boolean(),
      required: z.boolean().meta({ description: 'True for admin and supervisor' }),
      recoveryCodesLeft: z.number().int(),
    }),
    enrolmentRequired: z.boolean().meta({
      description: 'The role needs a second factor that is not set up: until POST /api/v1/me/totp/confirm, other staff endpoints answer 403 enrolment_required',
    }),
  })
  .meta({ id: 'Me' });

const enrolmentSchema = z
  .object({
    secret: z.string().meta({ description: 'Base32, for typing into the authenticator app', example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }),
    otpauthUri: z.string().meta({ description: 'otpauth://totp/… for a QR code' }),
  })
  .meta({ id: 'TotpEnrolment' });
const recoveryCodesSchema = z
  .object({ recoveryCodes: z.array(z.string()).meta({ description: 'Ten single-use codes, shown only in this answer (stored hashed)' }) })
  .meta({ id: 'RecoveryCodes' });

const letterSummarySchema = z
  .object({
    reference: reference(),
    status: z.enum(STATUSES),
    channel: z.enum(['web', 'postal']),
    category: z.string(),
    office: officeRef.nullable(),
    name: z.string(),
    surname: z.string(),
    subject: z.string().nullable(),
    receivedAt: dateTime(),
    assignee: z.string().nullable().meta({ description: "The assigned officer's email" }),
    campaign: z.object({ id: z.number().int(), size: z.number().int() }).nullable(),
  })
  .meta({ id: 'LetterSummary' });

const letterListSchema = z
  .object({
    items: z.array(letterSummarySchema),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
  })
  .meta({ id: 'LetterList' });

const letterDetailSchema = z
  .object({
    reference: reference(),
    status: z.enum(STATUSES),
    channel: z.enum(['web', 'postal']),
    isSpam: z.boolean(),
    office: officeRef.nullable(),
    assignee: z.string().nullable(),
    name: z.string(),
    surname: z.string(),
    municipalityCode: z.string().nullable(),
    country: z.string().nullable(),
    address: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    category: z.string(),
    subject: z.string().nullable(),
    message: z.string(),
    language: z.enum(LANGUAGES),
    receivedAt: dateTime(),
    updatedAt: dateTime(),
    postalReceivedOn: z.iso.date().nullable(),
    letterNumber: z.string().nullable(),
    campaignId: z.number().int().nullable(),
    duplicateOf: z.string().nullable().meta({ description: 'Reference of the letter this one duplicates' }),
    events: z.array(
      z.object({
        at: dateTime(),
        kind: z.string().meta({ example: 'status_changed' }),
        actor: z.string().nullable(),
        data: z.record(z.string(), z.unknown()),
      }),
    ),
    messages: z.array(
      z.object({
        id: z.number().int(),
        kind: z.string(),
        recipient: z.string(),
        status: z.string(),
        attempts: z.number().int(),
        lastError: z.string().nullable(),
        sentAt: dateTime().nullable(),
        createdAt: dateTime(),
        replyId: z.number().int().nullable(),
      }),
    ),
    printItems: z.array(
      z.object({
        id: z.number().int(),
        kind: z.string(),
        status: z.enum(['pending', 'printed', 'posted']),
        createdAt: dateTime(),
        printedAt: dateTime().nullable(),
        postedAt: dateTime().nullable(),
        replyId: z.number().int().nullable(),
      }),
    ),
  })
  .meta({ id: 'LetterDetail', description: 'The letter with its history, outgoing messages and print items' });

const postalReceiptSchema = z
  .object({ reference: reference(), status: z.literal('received'), receivedAt: dateTime() })
  .meta({ id: 'PostalReceipt' });

const printItemSchema = z
  .object({
    id: z.number().int(),
    reference: reference(),
    kind: z.string().meta({ example: 'acknowledgement' }),
    status: z.enum(['pending', 'printed', 'posted']),
    name: z.string(),
    surname: z.string(),
    createdAt: dateTime(),
    pdf: z.string().meta({ description: 'Where its PDF is', example: '/api/v1/staff/print-queue/1/pdf' }),
  })
  .meta({ id: 'PrintItem' });

const rows = z.array(z.record(z.string(), z.unknown()));
const privacyExportSchema = z
  .object({
    exportedAt: dateTime(),
    letters: rows,
    history: rows,
    messages: rows,
    replies: rows,
    printItems: rows,
  })
  .meta({ id: 'PrivacyExport', description: 'Everything held about the person' });

// ── building blocks ─────────────────────────────────────────────────────────

const json = (schema: z.ZodType, description: string): ResponseConfig => ({
  description,
  content: { 'application/json': { schema } },
});

const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 0 } },
} as const;

const error = (description: string, withRetryAfter = false): ResponseConfig => ({
  ...json(errorBodySchema, description),
  ...(withRetryAfter ? { headers: retryAfter } : {}),
});

const errors = {
  400: error('malformed_json: the body is not JSON'),
  401: error('unauthenticated: no valid session'),
  403: error(
    'forbidden: the role may not do this; csrf_failed: a cross-site unsafe request, or a form post without the token; ' +
    'enrolment_required: an admin or supervisor has not set up the second factor yet',
  ),
  404: error('not_found'),
  413: error('payload_too_large'),
  422: error('validation_failed, with one issue per field'),
  503: error('unavailable: PostgreSQL is unreachable', true),
};

const requestBody = (schema: z.ZodType, description?: string): NonNullable<RouteConfig['request']>['body'] => ({
  required: true,
  ...(description ? { description } : {}),
  content: { 'application/json': { schema } },
});

const referenceParams = z.object({ reference: reference() });
const idParams = z.object({ id: z.coerce.number().int().positive() });
const csrfHeader = z.object({
  'x-csrf-token': z
    .string()
    .optional()
    .meta({ description: 'The session\'s CSRF token from GET /api/v1/me; required only for form posts, checked if sent' }),
});

type Operation = Omit<RouteConfig, 'method' | 'path'>;

function staff(operation: Operation, unsafe: boolean): Operation {
  return {
    ...operation,
    security: [{ [SESSION]: [] }],
    ...(unsafe ? { request: { ...operation.request, headers: csrfHeader } } : {}),
    responses: { 401: errors[401], 403: errors[403], 503: errors[503], ...operation.responses },
  };
}

// ── the document ────────────────────────────────────────────────────────────

type Add = (method: RouteConfig['method'], path: string, operation: Operation) => void;

/** The second factor's own operations under /api/v1/me/totp (the admin's reset sits with the users). */
function registerSecondFactor(add: Add): void {
  const totp = (operation: Operation) => staff({ tags: ['Staff sessions'], ...operation }, true);
  const totpWrite = { 400: errors[400], 413: errors[413], 422: errors[422] };
  add('post', '/api/v1/me/totp', totp({
    summary: 'Start setting up the second factor (TOTP): a new secret',
    responses: { 201: json(enrolmentSchema, 'The secret; it counts once a code from it is confirmed'), 409: error('conflict: already set up') },
  }));
  add('post', '/api/v1/me/totp/confirm', totp({
    summary: 'Confirm the second factor with a code from the new secret',
    request: { body: requestBody(totpCodeBody) },
    responses: {
      200: json(recoveryCodesSchema, 'On; the recovery codes'), 409: error('conflict: nothing to confirm, or already set up'), ...totpWrite,
    },
  }));
  add('post', '/api/v1/me/totp/recovery-codes', totp({
    summary: 'New recovery codes (the old ones stop working), against a current code',
    request: { body: requestBody(totpCodeBody) },
    responses: {
      200: json(recoveryCodesSchema, 'The new codes'),
      409: error('conflict: no second factor'),
      423: error('account_locked: too many failed logins; a wrong code here counts as one', true),
      ...totpWrite,
    },
  }));
  add('post', '/api/v1/me/totp/disable', totp({
    summary: 'Turn one\'s own second factor off (officer, clerk), with the current password or a code',
    request: { body: requestBody(totpDisableBody) },
    responses: {
      204: { description: 'Off' },
      403: error('second_factor_mandatory: the role needs it; invalid_credentials: wrong password or code (counts as a failed login); csrf_failed'),
      409: error('conflict: no second factor'),
      423: error('account_locked: too many failed logins', true),
      ...totpWrite,
    },
  }));
}


export function registerLegacy(registry: OpenAPIRegistry, today: string): void {
  const add = (method: RouteConfig['method'], path: string, operation: Operation) =>
    registry.registerPath({ method, path, ...operation });


  // Public
  add('post', '/api/v1/submissions', {
    tags: ['Public'],
    summary: 'Send a letter',
    description:
      'Names: 1–100 letters of any script, NFC-normalised and trimmed, no digits or control characters. ' +
      '`municipality`: a Serbian city or municipality in either script, any case, diacritics optional; or `abroad` with ' +
      '`country` (ISO 3166-1 alpha-2). `address` 5–300 characters. `email` or `phone` (at least one; phone parsed with ' +
      'Serbia as default country). `subject` ≤ 200, `message` 10–10,000 characters. `consent` must be true. ' +
      'Any other field is refused; `website` is a honeypot.',
    request: {
      headers: z.object({
        'idempotency-key': z
          .string()
          .regex(/^[\x21-\x7e]{8,128}$/)
          .optional()
          .meta({ description: 'The same key and body give the first answer again (200); another body gives 409' }),
        'accept-language': z.string().optional().meta({ description: 'Language of error messages when the body names none' }),
      }),
      body: requestBody(webSubmissionSchema),
    },
    responses: {
      201: json(receiptSchema, 'Stored durably in PostgreSQL; queueing may still be pending'),
      200: json(receiptSchema, 'Replay of the same Idempotency-Key with the same body: the first answer'),
      400: error('malformed_json: the body is not JSON; bad_request: invalid Idempotency-Key'),
      409: error('idempotency_conflict: the same Idempotency-Key with another body'),
      413: error('payload_too_large: body over 64 KiB'),
      415: error('unsupported_media_type: not application/json'),
      422: error("validation_failed: one issue per field, in the letter's language"),
      429: error('rate_limited: too many letters from this client', true),
      503: errors[503],
    },
  });
  add('get', '/api/v1/submissions/{reference}', {
    tags: ['Public'],
    summary: 'Track a letter',
    request: {
      params: referenceParams,
      query: z.object({ token: z.string().meta({ description: 'The trackingToken from the receipt' }) }),
    },
    responses: {
      200: json(trackingSchema, 'The letter'),
      404: error('not_found: an unknown reference and a wrong token give the same answer'),
      503: errors[503],
    },
  });
  add('get', '/api/v1/municipalities', {
    tags: ['Public'],
    summary: 'The register of Serbian cities and municipalities',
    responses: { 200: json(z.array(municipalitySchema), 'All of them') },
  });
  add('get', '/api/v1/categories', {
    tags: ['Public'],
    summary: 'What a letter can be about',
    responses: { 200: json(z.array(categorySchema), 'All categories, named in each language') },
  });

  // Sessions
  add('post', '/api/v1/auth/login', {
    tags: ['Staff sessions'],
    summary: 'Log in',
    description:
      'An account with a second factor also sends `code` (TOTP or a recovery code; each is good once). An admin or supervisor ' +
      'without one gets a session that opens only enrolment (GET /api/v1/me says `enrolmentRequired`).',
    request: { headers: csrfHeader, body: requestBody(loginSchema) },
    responses: {
      204: {
        description: 'Logged in; a new session cookie',
        headers: { 'Set-Cookie': { description: `${SESSION_COOKIE}=…; HttpOnly; SameSite=Strict`, schema: { type: 'string' } } },
      },
      400: errors[400],
      401: error('invalid_credentials (a wrong code too, which counts as a failure); second_factor_required: the password is right, the account has a second factor and no `code` was sent'),
      403: error('csrf_failed'),
      413: errors[413],
      423: error('account_locked: 5 failures of the account (or 20 of the client) within 15 minutes', true),
      503: errors[503],
    },
  });
  add('post', '/api/v1/auth/logout', {
    tags: ['Staff sessions'],
    summary: 'Log out',
    security: [{ [SESSION]: [] }, {}],
    request: { headers: csrfHeader },
    responses: { 204: { description: 'The session is over' }, 403: error('csrf_failed'), 503: errors[503] },
  });
  add('get', '/api/v1/me', staff({
    tags: ['Staff sessions'],
    summary: 'The signed-in staff member and the CSRF token',
    responses: { 200: json(meSchema, 'The staff member') },
  }, false));
  add('post', '/api/v1/me/password', staff({
    tags: ['Staff sessions'],
    summary: 'Change one\'s own password',
    description: 'The current password is checked as a login is (wrong guesses count towards the lockout); the new one must be ' +
      'at least 12 characters and not common or easy to guess. On success every other session of the user ends and this one gets a new id.',
    request: { body: requestBody(ownPasswordSchema) },
    responses: {
      204: {
        description: 'Changed; a new session cookie',
        headers: { 'Set-Cookie': { description: `${SESSION_COOKIE}=…; HttpOnly; SameSite=Strict`, schema: { type: 'string' } } },
      },
      400: errors[400],
      413: errors[413],
      422: error('validation_failed: the current password is wrong (issue on currentPassword), or the new one is refused (issue on newPassword)'),
      423: error('account_locked: too many wrong passwords for the account (or the client) within 15 minutes', true),
    },
  }, true));

  registerSecondFactor(add);

  // Letters
  const action = (summary: string, body: z.ZodType, ok: ResponseConfig, okStatus: 200 | 201, extra: Record<number, ResponseConfig> = {}) =>
    staff({
      tags: ['Letters'],
      summary,
      request: { params: referenceParams, body: requestBody(body) },
      responses: { [okStatus]: ok, 400: errors[400], 404: error("not_found: no such letter, or another office's"), 413: errors[413], 422: errors[422], ...extra },
    }, true);
  add('get', '/api/v1/staff/submissions', staff({
    tags: ['Letters'],
    summary: 'Triage list, newest first',
    description: '`q` matches name, surname, reference, subject and message regardless of case, diacritics and script.',
    request: { query: listQuerySchema },
    responses: { 200: json(letterListSchema, 'One page'), 400: error('bad_request: invalid cursor'), 422: errors[422] },
  }, false));
  add('get', '/api/v1/staff/submissions/{reference}', staff({
    tags: ['Letters'],
    summary: 'A letter with its history',
    request: { params: referenceParams },
    responses: { 200: json(letterDetailSchema, 'The letter'), 404: error("not_found: no such letter, or another office's") },
  }, false));
  add('post', '/api/v1/staff/submissions/{reference}/route', action(
    'Reroute to another office (supervisor, admin); the new office is notified',
    bodies.route, json(z.object({ office: z.string() }), 'Routed'), 200,
  ));
  add('post', '/api/v1/staff/submissions/{reference}/status', action(
    'Change the status',
    bodies.status, json(z.object({ status: z.enum(STATUSES) }), 'Changed'), 200,
    { 409: error('illegal_transition') },
  ));
  add('post', '/api/v1/staff/submissions/{reference}/assign', action(
    "Assign to an officer of the letter's office",
    bodies.assign, json(z.object({ assignee: z.string() }), 'Assigned'), 200,
  ));
  add('post', '/api/v1/staff/submissions/{reference}/notes', action(
    'Add a note',
    bodies.note, json(z.object({ ok: z.literal(true) }), 'Noted'), 201,
  ));
  add('post', '/api/v1/staff/submissions/{reference}/reply', action(
    'Reply: by email, or into the print queue when there is no email',
    bodies.reply, json(z.object({ replyId: z.number().int(), channel: z.enum(['email', 'post']) }), 'Replied; the letter becomes answered'), 201,
    { 409: error('illegal_transition: the letter cannot be answered in its status') },
  ));
  add('post', '/api/v1/staff/campaigns/{id}/reply', staff({
    tags: ['Letters'],
    summary: 'One reply to every open letter of a campaign that the user may see',
    description: 'Each letter still routed or in progress gets its own reply, by email or post, as a single reply would; the others are skipped.',
    request: { params: idParams, body: requestBody(bodies.reply) },
    responses: {
      201: json(z.object({ replied: z.number().int(), skipped: z.number().int() }), 'Replied'),
      400: errors[400],
      404: error('not_found: no such campaign, or none of its letters is visible'),
      413: errors[413],
      422: errors[422],
    },
  }, true));

  // Postal entry and print queue
  add('post', '/api/v1/staff/postal', staff({
    tags: ['Post'],
    summary: 'Enter a letter that came by post',
    description: 'The web letter\'s fields without consent, email and phone optional; `receivedAt` is the date on the envelope (not in the future, not before 1990).',
    request: { body: requestBody(postalLetterSchema(today)) },
    responses: { 201: json(postalReceiptSchema, 'Stored; routed like a web letter'), 400: errors[400], 413: errors[413], 422: errors[422] },
  }, true));
  add('get', '/api/v1/staff/print-queue', staff({
    tags: ['Post'],
    summary: 'Letters to print and post',
    // Mirrors the inline check in print.routes.ts.
    request: { query: z.object({ status: z.enum(['pending', 'printed', 'posted', 'open']).default('open') }) },
    responses: { 200: json(z.object({ items: z.array(printItemSchema) }), 'Up to 500 items'), 400: error('bad_request: unknown status') },
  }, false));
  add('get', '/api/v1/staff/print-queue/{id}/pdf', staff({
    tags: ['Post'],
    summary: 'The item as an A4 PDF (DIN 5008 window envelope)',
    request: { params: idParams },
    responses: {
      200: { description: 'The PDF', content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } },
      404: errors[404],
    },
  }, false));
  add('post', '/api/v1/staff/print-queue/{id}', staff({
    tags: ['Post'],
    summary: 'Mark printed or posted',
    request: { params: idParams, body: requestBody(statusBody) },
    responses: {
      200: json(z.object({ id: z.number().int(), status: z.enum(['printed', 'posted']) }), 'Marked'),
      400: errors[400],
      404: errors[404],
      409: error('illegal_transition'),
      413: errors[413],
      422: errors[422],
    },
  }, true));

  // Administration
  const admin = (operation: Operation, unsafe: boolean) => staff({ tags: ['Administration'], ...operation }, unsafe);
  const write = { 400: errors[400], 413: errors[413], 422: errors[422] };
  add('delete', '/api/v1/admin/users/{id}/totp', admin({
    summary: "Reset an account's second factor (a lost phone); audited. An admin or supervisor enrols again at the next login",
    request: { params: idParams },
    responses: { 204: { description: 'The account has no second factor' }, 404: errors[404] },
  }, true));
  add('post', '/api/v1/admin/privacy/export', admin({
    summary: "Export everything held about a person (by email or phone)",
    request: { body: requestBody(personSchema) },
    responses: { 200: json(privacyExportSchema, 'The export'), ...write },
  }, true));
  add('post', '/api/v1/admin/privacy/erase', admin({
    summary: "Erase (anonymise) a person's letters (by email or phone)",
    request: { body: requestBody(personSchema) },
    responses: { 200: json(z.object({ erased: z.number().int() }), 'How many letters were anonymised'), ...write },
  }, true));
}
