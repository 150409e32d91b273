import {
  OpenAPIRegistry,
  type ResponseConfig,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ROLES } from '../staff/permissions.js';
import { officeChanges, officeSchema, ruleChanges, ruleSchema } from '../staff/admin.routes.js';
import { newUserSchema, userChangesSchema } from '../staff/staff-user.schema.js';
import { STATUSES } from '../submissions/status.rules.js';

import { errorBodySchema } from './error.schema.js';

// The operations not yet in the operation table (src/http/operation.ts), described by hand.
// Each resource moved into the table takes its part out of here; the file goes with the last.

const SESSION = 'session';

const dateTime = () => z.iso.datetime({ offset: true });
const reference = () => z.string().regex(/^PR-\d{4}-\d{6}-\d$/).meta({ example: 'PR-2026-000123-7' });
const officeCode = () => z.string().regex(/^[a-z][a-z0-9-]{1,39}$/).meta({ example: 'legal' });
const officeRef = z.object({ code: z.string(), name: z.string() }).meta({ id: 'OfficeRef' });



const officeOutSchema = z
  .object({
    code: z.string(),
    nameCyrl: z.string(),
    nameLatn: z.string(),
    nameEn: z.string(),
    inboxEmail: z.string(),
    isDefault: z.boolean(),
    active: z.boolean(),
  })
  .meta({ id: 'Office' });

const ruleOutSchema = z
  .object({
    id: z.number().int(),
    position: z.number().int(),
    office: z.string(),
    description: z.string(),
    categories: z.array(z.string()).nullable(),
    keywords: z.array(z.string()).nullable(),
    municipalityCodes: z.array(z.string()).nullable(),
    abroad: z.boolean().nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'RoutingRule' });

const staffUserOutSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    role: z.enum(ROLES),
    office: z.string().nullable(),
    displayName: z.string(),
    disabled: z.boolean(),
  })
  .meta({ id: 'StaffUser' });

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

export function registerLegacy(registry: OpenAPIRegistry): void {
  const add = (method: RouteConfig['method'], path: string, operation: Operation) =>
    registry.registerPath({ method, path, ...operation });

  // Administration
  const admin = (operation: Operation, unsafe: boolean) => staff({ tags: ['Administration'], ...operation }, unsafe);
  const write = { 400: errors[400], 413: errors[413], 422: errors[422] };
  const codeParams = z.object({ code: officeCode() });
  add('get', '/api/v1/admin/offices', admin({ summary: 'Offices', responses: { 200: json(z.array(officeOutSchema), 'All offices') } }, false));
  add('post', '/api/v1/admin/offices', admin({
    summary: 'Create an office',
    request: { body: requestBody(officeSchema) },
    responses: { 201: json(officeOutSchema, 'Created'), 409: error('conflict: the code is taken'), ...write },
  }, true));
  add('patch', '/api/v1/admin/offices/{code}', admin({
    summary: 'Change an office',
    request: { params: codeParams, body: requestBody(officeChanges) },
    responses: { 200: json(officeOutSchema, 'Changed'), 404: errors[404], ...write },
  }, true));
  add('get', '/api/v1/admin/rules', admin({ summary: 'Routing rules, in order', responses: { 200: json(z.array(ruleOutSchema), 'All rules') } }, false));
  add('post', '/api/v1/admin/rules', admin({
    summary: 'Create a routing rule (at least one condition)',
    request: { body: requestBody(ruleSchema) },
    responses: { 201: json(ruleOutSchema, 'Created'), ...write },
  }, true));
  add('patch', '/api/v1/admin/rules/{id}', admin({
    summary: 'Change a routing rule',
    request: { params: idParams, body: requestBody(ruleChanges) },
    responses: { 200: json(ruleOutSchema, 'Changed'), 404: errors[404], ...write },
  }, true));
  add('get', '/api/v1/admin/users', admin({ summary: 'Staff accounts', responses: { 200: json(z.array(staffUserOutSchema), 'All accounts') } }, false));
  add('post', '/api/v1/admin/users', admin({
    summary: 'Create a staff account',
    request: { body: requestBody(newUserSchema) },
    responses: { 201: json(staffUserOutSchema, 'Created'), 409: error('conflict: the email is taken'), ...write },
  }, true));
  add('patch', '/api/v1/admin/users/{id}', admin({
    summary: 'Change a staff account (role, office, name, disabled, password)',
    request: { params: idParams, body: requestBody(userChangesSchema) },
    responses: { 200: json(staffUserOutSchema, 'Changed'), 404: errors[404], ...write },
  }, true));
}
