import { z } from 'zod';
import type { Pool } from '../db/pool.js';
import { operationsWith } from '../http/operation.js';
import { currentUser } from './guards.js';
import { accountsFor, changeAccount, createAccount } from './users.actions.js';
import { newUserSchema, staffUserResponse, userChangesSchema, userParams } from './users.schema.js';

const operation = operationsWith<{ pool: Pool }>();

const admin = { tag: 'Administration', permission: 'admin.manage' } as const;

/** Staff accounts (an account's second factor is reset with the sessions' operations). */
export const usersApi = [
  operation({
    ...admin,
    method: 'get',
    path: '/api/v1/admin/users',
    summary: 'Staff accounts',
    responses: { 200: { description: 'All accounts', schema: z.array(staffUserResponse) } },
    handler: async ({ res }, { pool }) => ({ status: 200, body: await accountsFor(pool, currentUser(res)) }),
  }),
  operation({
    ...admin,
    method: 'post',
    path: '/api/v1/admin/users',
    summary: 'Create a staff account',
    request: { body: newUserSchema },
    responses: { 201: { description: 'Created', schema: staffUserResponse }, 409: 'conflict: the email is taken' },
    handler: async ({ body, res }, { pool }) => ({ status: 201, body: await createAccount(pool, currentUser(res), body) }),
  }),
  operation({
    ...admin,
    method: 'patch',
    path: '/api/v1/admin/users/:id',
    summary: 'Change a staff account (role, office, name, disabled, password)',
    request: { params: userParams, body: userChangesSchema },
    responses: { 200: { description: 'Changed', schema: staffUserResponse } },
    handler: async ({ params, body, res }, { pool }) => ({ status: 200, body: await changeAccount(pool, currentUser(res), params.id, body) }),
  }),
];
