import { operationsWith } from '../http/operation.js';
import type { Pool } from '../db/pool.js';
import { currentUser } from '../staff/guards.js';
import { erasePerson, exportPerson } from './privacy.actions.js';
import { erasedSchema, personSchema, privacyExportSchema } from './privacy.schema.js';

const operation = operationsWith<{ pool: Pool }>();

export const privacyApi = [
  operation({
    method: 'post',
    path: '/api/v1/admin/privacy/export',
    tag: 'Administration',
    summary: 'Export everything held about a person (by email or phone)',
    permission: 'admin.manage',
    request: { body: personSchema, bodyLimit: '4kb' },
    responses: { 200: { description: 'The export', schema: privacyExportSchema } },
    handler: async ({ body, res }, ctx) => ({
      status: 200,
      // The real time of the export, whatever clock the letters run on.
      body: await exportPerson(ctx.pool, currentUser(res), body, new Date()),
      headers: { 'Cache-Control': 'no-store' },
    }),
  }),
  operation({
    method: 'post',
    path: '/api/v1/admin/privacy/erase',
    tag: 'Administration',
    summary: "Erase (anonymise) a person's letters (by email or phone)",
    permission: 'admin.manage',
    request: { body: personSchema, bodyLimit: '4kb' },
    responses: { 200: { description: 'How many letters were anonymised', schema: erasedSchema } },
    handler: async ({ body, res }, ctx) => ({ status: 200, body: { erased: await erasePerson(ctx.pool, currentUser(res), body) } }),
  }),
];
