import { operationsWith } from '../http/operation.js';
import { currentUser } from '../staff/guards.js';
import { attachInbound, discardInbound, listInbound, newLetterFromInbound, type PenDeps } from './pen.actions.js';
import { attachBody, inboundListQuery, inboundListSchema, inboundParams, penOutcomeSchema } from './pen.schema.js';

// The holding pen in the JSON API: mail that could not be placed with certainty, and the three ways out of it.

const operation = operationsWith<PenDeps>();

const HANDLED = 'already_handled: attached, made a letter or discarded already';

export const penApi = [
  operation({
    method: 'get',
    path: '/api/v1/staff/inbound',
    tag: 'Email',
    summary: 'Inbound mail by state, newest first (at most 200)',
    description: '`held` (the default) is the holding pen: supervisor and admin. Other states: an officer sees the mail of their office\'s letters.',
    permission: 'inbound.view',
    request: { query: inboundListQuery },
    responses: { 200: { description: 'The messages', schema: inboundListSchema } },
    handler: async ({ query, res }, deps) => ({
      status: 200,
      headers: { 'Cache-Control': 'no-store' },
      body: { items: await listInbound(deps, currentUser(res), query.state) },
    }),
  }),
  operation({
    method: 'post',
    path: '/api/v1/staff/inbound/:id/attach',
    tag: 'Email',
    summary: "Attach a held message to a letter's conversation",
    permission: 'inbound.triage',
    request: { params: inboundParams, body: attachBody, bodyLimit: '1kb' },
    responses: { 200: { description: 'Attached', schema: penOutcomeSchema }, 409: HANDLED },
    handler: async ({ params, body, res }, deps) => ({
      status: 200,
      body: await attachInbound(deps, currentUser(res), params.id, body.reference),
    }),
  }),
  operation({
    method: 'post',
    path: '/api/v1/staff/inbound/:id/new-letter',
    tag: 'Email',
    summary: 'Make a held message a new letter (routed and acknowledged like any letter by email)',
    permission: 'inbound.triage',
    request: { params: inboundParams, bodyLimit: '1kb' },
    responses: { 201: { description: 'The letter', schema: penOutcomeSchema }, 409: `${HANDLED}; no_sender: it has no sender address` },
    handler: async ({ params, res }, deps) => ({ status: 201, body: await newLetterFromInbound(deps, currentUser(res), params.id) }),
  }),
  operation({
    method: 'post',
    path: '/api/v1/staff/inbound/:id/discard',
    tag: 'Email',
    summary: 'Discard a held message (it stays stored)',
    permission: 'inbound.triage',
    request: { params: inboundParams, bodyLimit: '1kb' },
    responses: { 200: { description: 'Discarded', schema: penOutcomeSchema }, 409: HANDLED },
    handler: async ({ params, res }, deps) => ({ status: 200, body: await discardInbound(deps, currentUser(res), params.id) }),
  }),
];
