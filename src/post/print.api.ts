import type { Pool } from '../db/pool.js';
import { operationsWith } from '../http/operation.js';
import { currentUser } from '../staff/guards.js';
import { listPrintItems, markPrintItem, renderPrintPdf } from './print.actions.js';
import { markBody, markedSchema, printItemParams, printListQuery, printListSchema } from './print.schema.js';

const operation = operationsWith<{ pool: Pool; clock: () => Date }>();

export const printApi = [
  operation({
    method: 'get',
    path: '/api/v1/staff/print-queue',
    tag: 'Post',
    summary: 'Letters to print and post',
    permission: 'print.view',
    request: { query: printListQuery },
    responses: {
      200: { description: 'Up to 500 items', schema: printListSchema },
      400: 'bad_request: unknown status',
    },
    handler: async ({ query, res }, ctx) => ({
      status: 200,
      headers: { 'Cache-Control': 'no-store' },
      body: { items: await listPrintItems(ctx, currentUser(res), query.status) },
    }),
  }),
  operation({
    method: 'get',
    path: '/api/v1/staff/print-queue/:id/pdf',
    tag: 'Post',
    summary: 'The item as an A4 PDF (DIN 5008 window envelope)',
    permission: 'print.view',
    request: { params: printItemParams },
    responses: { 200: { description: 'The PDF', contentType: 'application/pdf' } },
    handler: async ({ params, res }, ctx) => {
      const { pdf, filename } = await renderPrintPdf(ctx, currentUser(res), params.id);
      res
        .set('Content-Type', 'application/pdf')
        .set('Content-Disposition', `inline; filename="${filename}"`)
        .set('Cache-Control', 'no-store')
        .send(pdf);
      return undefined;
    },
  }),
  operation({
    method: 'post',
    path: '/api/v1/staff/print-queue/:id',
    tag: 'Post',
    summary: 'Mark printed or posted',
    permission: 'print.mark',
    request: { params: printItemParams, body: markBody, bodyLimit: '1kb' },
    responses: {
      200: { description: 'Marked', schema: markedSchema },
      409: 'illegal_transition',
    },
    handler: async ({ params, body, res }, ctx) => ({ status: 200, body: await markPrintItem(ctx, currentUser(res), params.id, body.status) }),
  }),
];
