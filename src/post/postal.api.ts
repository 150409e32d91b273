import { operationsWith } from '../http/operation.js';
import { currentUser } from '../staff/guards.js';
import { enterPostalLetter, type PostalDeps } from './postal.actions.js';
import { postalLetterSchema, postalReceiptSchema } from './postal.schema.js';

const operation = operationsWith<PostalDeps & { clock: () => Date }>();

export const postalApi = [
  operation({
    method: 'post',
    path: '/api/v1/staff/postal',
    tag: 'Post',
    summary: 'Enter a letter that came by post',
    description:
      "The web letter's fields without consent, email and phone optional; `receivedAt` is the date on the envelope (not in the future, not before 1990).",
    permission: 'postal.create',
    request: { body: postalLetterSchema() },
    responses: { 201: { description: 'Stored; routed like a web letter', schema: postalReceiptSchema } },
    handler: async ({ body, res }, ctx) => ({ status: 201, body: await enterPostalLetter(ctx, currentUser(res), body, ctx.clock()) }),
  }),
];
