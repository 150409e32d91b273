import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';

// One operation of the JSON API, declared once: the router is mounted from it
// (src/http/mount.ts), the OpenAPI document generated from it
// (src/http/openapi.ts), and in tests every JSON answer is checked against it.

export type Method = 'get' | 'post' | 'patch' | 'delete';

export type Tag = 'Operations' | 'Public' | 'Staff sessions' | 'Letters' | 'Post' | 'Email' | 'Administration';

/** How an answer's headers are documented. */
export type HeaderDocs = Record<string, { description: string; schema: { type: 'string' | 'integer'; minimum?: number } }>;

/**
 * An answer: a JSON body of `schema`, no body (no schema, no contentType), or
 * another media type. A plain string is an error answer (`{error, message,
 * issues?}`) with that description.
 */
export type ResponseSpec =
  | string
  | { description: string; schema?: z.ZodType; contentType?: string; headers?: HeaderDocs };

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

export type OperationInput<P, Q, B> = { params: P; query: Q; body: B; req: Request; res: Response };

export type Operation<Ctx = never, P = unknown, Q = unknown, B = unknown> = {
  method: Method;
  /** The full path, express style: `/api/v1/admin/offices/:code`. */
  path: string;
  tag: Tag;
  summary: string;
  description?: string;
  /** `public`, any signed-in staff member, or the action (staff/permissions.ts) the role must have. */
  permission: string;
  request?: {
    /** A path that fails this is a 404 (declared with it). */
    params?: z.ZodType<P>;
    /** A query that fails this is a 422. */
    query?: z.ZodType<Q>;
    /** A JSON body; one that fails is a 422 (or what `invalidBody` says). */
    body?: z.ZodType<B>;
    /** Request headers, for the document only. */
    headers?: z.ZodType;
    /** JSON body size limit (express.json); default 64kb. */
    bodyLimit?: string;
    /** false: any JSON value is parsed (express.json's `strict: false`), so the schema, not the parser, refuses a non-object. */
    strictJson?: boolean;
  };
  /** Instead of the 422 for a body that fails its schema (the login answers 401, as for wrong credentials). */
  invalidBody?: () => Error;
  /** Instead of the 422 for a query that fails its schema (tracking answers a missing token as a wrong one: 404). */
  invalidQuery?: () => Error;
  /** Run before the body is parsed (rate limits, content-type checks); a function when they come from the context. */
  before?: readonly RequestHandler[] | ((ctx: Ctx) => readonly RequestHandler[]);
  /** Run after the body is parsed and before it is validated. */
  afterBody?: readonly RequestHandler[];
  /** Every answer the operation gives, by status; the common ones (401/403, 400/413/422, 503) are added. */
  responses: Readonly<Record<number, ResponseSpec>>;
  /** Returns the answer, or undefined when it wrote the response itself (a PDF). */
  handler(input: OperationInput<P, Q, B>, ctx: Ctx): Promise<Reply | undefined>;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation<Ctx = never> = Operation<Ctx, any, any, any>;

/**
 * Declares operations that run with `Ctx`, each with its input types inferred
 * from its schemas: `const operation = operationsWith<{ pool: Pool }>();`.
 */
export function operationsWith<Ctx>() {
  return <P = Record<string, never>, Q = Record<string, never>, B = undefined>(op: Operation<Ctx, P, Q, B>): AnyOperation<Ctx> =>
    op as AnyOperation<Ctx>;
}

export const UNSAFE_METHODS: ReadonlySet<Method> = new Set(['post', 'patch', 'delete']);

/** `/api/v1/offices/:code` → `/api/v1/offices/{code}` */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

const ERROR_STATUS: Record<number, string> = {
  400: 'malformed_json: the body is not JSON',
  401: 'unauthenticated: no valid session',
  403:
    'forbidden: the role may not do this; csrf_failed: a cross-site unsafe request, or a form post without the token; ' +
    'enrolment_required: an admin or supervisor has not set up the second factor yet',
  404: 'not_found',
  413: 'payload_too_large',
  422: 'validation_failed, with one issue per field',
  503: 'unavailable: PostgreSQL is unreachable',
};

/** The operation's answers with the ones every operation of its kind can give. */
export function allResponses(op: AnyOperation<unknown>): Record<number, ResponseSpec> {
  const common: number[] = [503];
  if (op.permission !== 'public') common.push(401, 403);
  if (op.request?.body) common.push(400, 413);
  // With `invalidBody` a body that fails its schema is answered as that says, never 422.
  if (op.request?.body && !op.invalidBody) common.push(422);
  if (op.request?.query && !op.invalidQuery) common.push(422);
  if (op.request?.params) common.push(404);
  const out: Record<number, ResponseSpec> = {};
  for (const status of common) out[status] = ERROR_STATUS[status] as string;
  return { ...out, ...op.responses };
}
