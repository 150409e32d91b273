import { z } from 'zod';
import type { Pool } from '../db/pool.js';
import { operationsWith } from '../http/operation.js';
import { currentUser } from '../staff/guards.js';
import { changeOffice, changeRule, createOffice, createRule, officesFor, rulesFor } from './routing.actions.js';
import { officeChanges, officeParams, officeResponse, officeSchema, ruleChanges, ruleParams, ruleResponse, ruleSchema } from './routing.schema.js';
import type { Office } from './routing.store.js';

const operation = operationsWith<{ pool: Pool }>();

/** The API's office: everything but the internal id. */
const officeOut = ({ id: _id, ...office }: Office) => office;

const admin = { tag: 'Administration', permission: 'admin.manage' } as const;

export const routingApi = [
  operation({
    ...admin,
    method: 'get',
    path: '/api/v1/admin/offices',
    summary: 'Offices',
    responses: { 200: { description: 'All offices', schema: z.array(officeResponse) } },
    handler: async ({ res }, { pool }) => ({ status: 200, body: (await officesFor(pool, currentUser(res))).map(officeOut) }),
  }),
  operation({
    ...admin,
    method: 'post',
    path: '/api/v1/admin/offices',
    summary: 'Create an office',
    request: { body: officeSchema },
    responses: { 201: { description: 'Created', schema: officeResponse }, 409: 'conflict: the code is taken' },
    handler: async ({ body, res }, { pool }) => ({ status: 201, body: officeOut(await createOffice(pool, currentUser(res), body)) }),
  }),
  operation({
    ...admin,
    method: 'patch',
    path: '/api/v1/admin/offices/:code',
    summary: 'Change an office',
    request: { params: officeParams, body: officeChanges },
    responses: { 200: { description: 'Changed', schema: officeResponse } },
    handler: async ({ params, body, res }, { pool }) => ({
      status: 200,
      body: officeOut(await changeOffice(pool, currentUser(res), params.code, body)),
    }),
  }),
  operation({
    ...admin,
    method: 'get',
    path: '/api/v1/admin/rules',
    summary: 'Routing rules, in order',
    responses: { 200: { description: 'All rules', schema: z.array(ruleResponse) } },
    handler: async ({ res }, { pool }) => ({ status: 200, body: await rulesFor(pool, currentUser(res)) }),
  }),
  operation({
    ...admin,
    method: 'post',
    path: '/api/v1/admin/rules',
    summary: 'Create a routing rule (at least one condition)',
    request: { body: ruleSchema },
    responses: { 201: { description: 'Created', schema: ruleResponse } },
    handler: async ({ body, res }, { pool }) => ({ status: 201, body: await createRule(pool, currentUser(res), body) }),
  }),
  operation({
    ...admin,
    method: 'patch',
    path: '/api/v1/admin/rules/:id',
    summary: 'Change a routing rule',
    request: { params: ruleParams, body: ruleChanges },
    responses: { 200: { description: 'Changed', schema: ruleResponse } },
    handler: async ({ params, body, res }, { pool }) => ({ status: 200, body: await changeRule(pool, currentUser(res), params.id, body) }),
  }),
];
