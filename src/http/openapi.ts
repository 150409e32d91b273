import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { PROJECT_ROOT } from '../project-root.js';
import { errorBodySchema } from './error.schema.js';
import { allResponses, openApiPath, UNSAFE_METHODS, type AnyOperation, type ResponseSpec } from './operation.js';

// The OpenAPI 3.1 document, generated from the operation table: the request
// schemas are the ones the routes validate with and the response schemas the
// ones tests check every answer against, so the document cannot drift.

export const OPENAPI_PATH = '/api/v1/openapi.json';
export const DOCS_PATH = '/api/docs';

const SESSION = 'session';

const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' as const, minimum: 0 } },
};

const csrfHeader = z.object({
  'x-csrf-token': z
    .string()
    .optional()
    .meta({ description: "The session's CSRF token from GET /api/v1/me; required only for form posts, checked if sent" }),
});

function responseConfig(status: number, spec: ResponseSpec): ResponseConfig {
  if (typeof spec === 'string') {
    const withRetry = status === 503 || status === 429 || status === 423;
    return { description: spec, content: { 'application/json': { schema: errorBodySchema } }, ...(withRetry ? { headers: retryAfter } : {}) };
  }
  const content = spec.schema
    ? { 'application/json': { schema: spec.schema } }
    : spec.contentType
      ? { [spec.contentType]: { schema: { type: 'string' as const, contentMediaType: spec.contentType } } }
      : undefined;
  return { description: spec.description, ...(content ? { content } : {}), ...(spec.headers ? { headers: spec.headers } : {}) };
}

function routeConfig(op: AnyOperation<unknown>): RouteConfig {
  const staff = op.permission !== 'public';
  const headers = op.request?.headers ?? (staff && UNSAFE_METHODS.has(op.method) ? csrfHeader : undefined);
  const request: NonNullable<RouteConfig['request']> = {
    ...(op.request?.params ? { params: op.request.params as z.ZodObject } : {}),
    ...(op.request?.query ? { query: op.request.query as z.ZodObject } : {}),
    ...(headers ? { headers: headers as z.ZodObject } : {}),
    ...(op.request?.body ? { body: { required: true, content: { 'application/json': { schema: op.request.body } } } } : {}),
  };
  return {
    method: op.method,
    path: openApiPath(op.path),
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(staff ? { security: [{ [SESSION]: [] }] } : {}),
    ...(Object.keys(request).length ? { request } : {}),
    responses: Object.fromEntries(Object.entries(allResponses(op)).map(([status, spec]) => [status, responseConfig(Number(status), spec)])),
  };
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

const built = new WeakMap<readonly AnyOperation<never>[], OpenApiDocument>();

/** The document of these operations, built once per table (the schemas do not change while the process runs). */
export function openApiDocument(operations: readonly AnyOperation<never>[], options: { sessionCookie: string }): OpenApiDocument {
  const cached = built.get(operations);
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', SESSION, {
    type: 'apiKey',
    in: 'cookie',
    name: options.sessionCookie,
    description: 'The staff session, set by POST /api/v1/auth/login (HttpOnly, SameSite=Strict; ends after 30 idle minutes, ' +
      'SESSION_MAX_HOURS (12) after sign-in, and when the password is reset or changed or the account disabled).',
  });
  for (const op of operations) registry.registerPath(routeConfig(op as AnyOperation<unknown>));
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Pisarnica',
      version: packageVersion(),
      description:
        'Correspondence service of the Office of the President: citizens send letters and track them; staff triage, ' +
        'route, answer and post them. Errors are always `{"error","message","issues"?}`. Staff endpoints need the ' +
        `\`${options.sessionCookie}\` session cookie from POST /api/v1/auth/login. Reference page: ${DOCS_PATH}.`,
    },
    tags: [
      { name: 'Public', description: 'No login' },
      { name: 'Staff sessions' },
      { name: 'Letters', description: 'Triage and work on letters' },
      { name: 'Post', description: 'Postal entry and the print queue' },
      { name: 'Email', description: 'Inbound mail and the holding pen' },
      { name: 'Administration', description: 'Admins only' },
      { name: 'Operations' },
    ],
  });
  built.set(operations, document);
  return document;
}
