import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mountOperations, responseProblem } from '../../src/http/mount.js';
import { operationsWith } from '../../src/http/operation.js';
import { errorHandler } from '../../src/http/error-handler.js';
import { capturingLogger } from '../helpers/logger.js';

const thing = z.object({ id: z.number().int(), name: z.string() });

describe('responseProblem', () => {
  const responses = { 200: { description: 'A thing', schema: thing }, 204: { description: 'Nothing' }, 404: 'not_found' };

  it('when the body is what the schema declares, then there is no problem', () => {
    expect(responseProblem(responses, 200, { id: 1, name: 'a' })).toBeUndefined();
    expect(responseProblem(responses, 404, { error: 'not_found', message: 'Not found.' })).toBeUndefined();
  });

  it('when the body has a field the schema does not declare, then that is a problem', () => {
    expect(responseProblem(responses, 200, { id: 1, name: 'a', secret: 'x' })).toMatch(/does not declare/);
  });

  it('when a field has the wrong type, or the status is not declared, or a JSON body comes with a bodiless status, then that is a problem', () => {
    expect(responseProblem(responses, 200, { id: '1', name: 'a' })).toMatch(/^id:/);
    expect(responseProblem(responses, 409, { error: 'conflict', message: 'x' })).toMatch(/not declared/);
    expect(responseProblem(responses, 204, { ok: true })).toMatch(/without a JSON body/);
    expect(responseProblem(responses, 404, { error: 'not_found' })).toMatch(/^message:/);
  });
});

describe('mountOperations with checkResponses', () => {
  const operation = operationsWith<{ extra: boolean }>();
  const ops = [
    operation({
      method: 'get',
      path: '/things/:id',
      tag: 'Public',
      summary: 'A thing',
      permission: 'public',
      request: { params: z.object({ id: z.coerce.number().int().positive() }) },
      responses: { 200: { description: 'The thing', schema: thing } },
      handler: async ({ params }, ctx) => ({ status: 200, body: { id: params.id, name: 'a', ...(ctx.extra ? { leaked: 'x' } : {}) } }),
    }),
  ];
  const appWith = (extra: boolean, checkResponses: boolean) => {
    const { logger, lines } = capturingLogger();
    const app = express();
    app.use(mountOperations(ops, { extra }, { guards: () => [], checkResponses, logger }));
    app.use(errorHandler(logger));
    return { app, lines };
  };

  it('when the answer matches its schema, then it is sent as is', async () => {
    const res = await request(appWith(false, true).app).get('/things/7');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 7, name: 'a' });
  });

  it('when the answer grows a field the document does not show, then 500 and a log line naming the operation', async () => {
    const { app, lines } = appWith(true, true);
    const res = await request(app).get('/things/7');
    expect(res.status).toBe(500);
    expect(lines.join('\n')).toMatch(/response does not match its declared schema/);
    expect(lines.join('\n')).toContain('GET /things/:id');
  });

  it('when the path fails its params schema, then 404 (itself a declared answer)', async () => {
    const res = await request(appWith(false, true).app).get('/things/abc');
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('not_found');
  });

  it('when the check is off (production), then the answer is not inspected', async () => {
    const res = await request(appWith(true, false).app).get('/things/7');
    expect(res.status).toBe(200);
  });
});
