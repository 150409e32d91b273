import { isDeepStrictEqual } from 'node:util';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import { notFound } from './api-error.js';
import { answerLanguage } from './error-handler.js';
import { errorBodySchema } from './error.schema.js';
import { allResponses, type AnyOperation, type ResponseSpec } from './operation.js';
import { validationFailed } from './validation.js';

export type MountOptions = {
  /** The guards in front of an operation with this permission (session, enrolment, role). */
  guards(permission: string): readonly RequestHandler[];
  /** Tests: every JSON answer is checked against its declared schema; a drift is answered 500 and logged. */
  checkResponses?: boolean;
  logger: Logger;
};

/** What is wrong with this answer for this operation, if anything. */
export function responseProblem(responses: Record<number, ResponseSpec>, status: number, body: unknown): string | undefined {
  const spec = responses[status];
  if (spec === undefined) return `status ${status} is not declared`;
  const schema: z.ZodType | undefined = typeof spec === 'string' ? errorBodySchema : spec.schema;
  if (!schema) return `status ${status} is declared without a JSON body`;
  // What the client receives: dates as strings, undefined fields gone.
  const sent: unknown = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
  const parsed = schema.safeParse(sent);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
  // Object schemas drop keys they do not know: a field the document does not show.
  if (!isDeepStrictEqual(parsed.data, sent)) return 'the body has fields its schema does not declare';
  return undefined;
}

function responseCheck(op: AnyOperation<unknown>, logger: Logger): RequestHandler {
  const responses = allResponses(op);
  return (_req, res, next) => {
    const send = res.json.bind(res);
    res.json = (body: unknown) => {
      // 500 is the error handler's own answer to anything unforeseen.
      const problem = res.statusCode === 500 ? undefined : responseProblem(responses, res.statusCode, body);
      if (!problem) return send(body);
      logger.error({ operation: `${op.method.toUpperCase()} ${op.path}`, status: res.statusCode, problem }, 'response does not match its declared schema');
      res.status(500);
      return send({ error: 'internal_error', message: `response does not match its declared schema: ${problem}` });
    };
    next();
  };
}

function parseInput(op: AnyOperation<unknown>, req: Request, res: Response) {
  const { params, query, body } = op.request ?? {};
  const parsedParams = params ? params.safeParse(req.params) : { success: true as const, data: {} };
  if (!parsedParams.success) throw notFound();
  const parsedQuery = query ? query.safeParse(req.query) : { success: true as const, data: {} };
  if (!parsedQuery.success) throw op.invalidQuery?.() ?? validationFailed(parsedQuery.error, answerLanguage(req, res));
  // A JSON `null` (strictJson: false) is the client's body; only no body at all is {}.
  const parsedBody = body ? body.safeParse(req.body === undefined ? {} : req.body) : { success: true as const, data: undefined };
  if (!parsedBody.success) throw op.invalidBody?.() ?? validationFailed(parsedBody.error, answerLanguage(req, res));
  return { params: parsedParams.data, query: parsedQuery.data, body: parsedBody.data };
}

/** One router for the operations, each at its full path, guarded, parsed and answered the same way. */
export function mountOperations<Ctx>(operations: readonly AnyOperation<Ctx>[], ctx: Ctx, options: MountOptions): Router {
  const router = Router();
  for (const op of operations) {
    const handlers: RequestHandler[] = [];
    if (options.checkResponses) handlers.push(responseCheck(op as AnyOperation<unknown>, options.logger));
    const before = typeof op.before === 'function' ? op.before(ctx) : (op.before ?? []);
    handlers.push(...options.guards(op.permission), ...before);
    if (op.request?.body) handlers.push(express.json({ limit: op.request.bodyLimit ?? '64kb', strict: op.request.strictJson ?? true }));
    handlers.push(...(op.afterBody ?? []));
    handlers.push(async (req, res) => {
      const input = parseInput(op as AnyOperation<unknown>, req, res);
      const reply = await op.handler({ ...input, req, res }, ctx);
      if (!reply) return;
      if (reply.headers) res.set(reply.headers);
      res.status(reply.status);
      if (reply.body === undefined) res.end();
      else res.json(reply.body);
    });
    router[op.method](op.path, ...handlers);
  }
  return router;
}
