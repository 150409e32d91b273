import type { z } from 'zod';
import { operationsWith } from '../http/operation.js';
import { currentUser } from '../staff/guards.js';
import type { Action, StaffUser } from '../staff/permissions.js';
import {
  actionBodies, assignedSchema, campaignParams, campaignRepliedSchema, letterDetailSchema, letterListSchema, listQuerySchema,
  notedSchema, referenceParams, repliedSchema, routedSchema, statusChangedSchema,
} from './letter.schema.js';
import { addNote, assign, changeStatus, reroute, replyTo, replyToCampaign, triageList, viewLetter, type ActionDeps } from './letters.actions.js';

// The letter operations of the JSON API: the triage list, one letter, and the actions on it.

const operation = operationsWith<ActionDeps>();

const NO_STORE = { 'Cache-Control': 'no-store' };
const NOT_VISIBLE = "not_found: no such letter, or another office's";

/** An action on one letter: its body, done by the action, answered with what it returns. */
const letterAction = <B>(
  name: string,
  permission: Action,
  summary: string,
  body: z.ZodType<B>,
  ok: { status: 200 | 201; description: string; schema: z.ZodType },
  run: (deps: ActionDeps, user: StaffUser, reference: string, body: B) => Promise<unknown>,
  extra: Record<number, string> = {},
) =>
  operation({
    method: 'post',
    path: `/api/v1/staff/submissions/:reference/${name}`,
    tag: 'Letters',
    summary,
    permission,
    request: { params: referenceParams, body },
    responses: { [ok.status]: { description: ok.description, schema: ok.schema }, 404: NOT_VISIBLE, ...extra },
    handler: async ({ params, body: input, res }, deps) => ({
      status: ok.status,
      body: await run(deps, currentUser(res), params.reference, input),
    }),
  });

export const lettersApi = [
  operation({
    method: 'get',
    path: '/api/v1/staff/submissions',
    tag: 'Letters',
    summary: 'Triage list, newest first',
    description: '`q` matches name, surname, reference, subject and message regardless of case, diacritics and script.',
    permission: 'letters.list',
    request: { query: listQuerySchema },
    responses: { 200: { description: 'One page', schema: letterListSchema }, 400: 'bad_request: invalid cursor' },
    handler: async ({ query, res }, deps) => {
      const page = await triageList(deps, currentUser(res), query);
      return {
        status: 200,
        headers: NO_STORE,
        body: { items: page.items.map(({ id: _id, ...item }) => item), nextCursor: page.nextCursor },
      };
    },
  }),
  operation({
    method: 'get',
    path: '/api/v1/staff/submissions/:reference',
    tag: 'Letters',
    summary: 'A letter with its history',
    permission: 'letter.view',
    request: { params: referenceParams },
    responses: { 200: { description: 'The letter', schema: letterDetailSchema }, 404: NOT_VISIBLE },
    handler: async ({ params, res }, deps) => {
      const { letter, history } = await viewLetter(deps, currentUser(res), params.reference);
      const { id: _id, officeId: _officeId, ...visible } = letter;
      return { status: 200, headers: NO_STORE, body: { ...visible, ...history } };
    },
  }),
  letterAction(
    'route', 'letter.reroute', 'Reroute to another office (supervisor, admin); the new office is notified',
    actionBodies.route, { status: 200, description: 'Routed', schema: routedSchema },
    (deps, user, reference, body) => reroute(deps, user, reference, body.office),
    { 409: "illegal_transition: the letter's status does not allow rerouting" },
  ),
  letterAction(
    'status', 'letter.status', 'Change the status',
    actionBodies.status, { status: 200, description: 'Changed', schema: statusChangedSchema },
    (deps, user, reference, body) => changeStatus(deps, user, reference, body.status, body.note),
    { 409: 'illegal_transition' },
  ),
  letterAction(
    'assign', 'letter.assign', "Assign to an officer of the letter's office",
    actionBodies.assign, { status: 200, description: 'Assigned', schema: assignedSchema },
    (deps, user, reference, body) => assign(deps, user, reference, body.assignee),
  ),
  letterAction(
    'notes', 'letter.note', 'Add a note',
    actionBodies.note, { status: 201, description: 'Noted', schema: notedSchema },
    (deps, user, reference, body) => addNote(deps, user, reference, body.text),
  ),
  letterAction(
    'reply', 'letter.reply', 'Reply: by email, or into the print queue when there is no email',
    actionBodies.reply, { status: 201, description: 'Replied; the letter becomes answered', schema: repliedSchema },
    (deps, user, reference, body) => replyTo(deps, user, reference, body.body),
    { 409: 'illegal_transition: the letter cannot be answered in its status' },
  ),
  operation({
    method: 'post',
    path: '/api/v1/staff/campaigns/:id/reply',
    tag: 'Letters',
    summary: 'One reply to every open letter of a campaign that the user may see',
    description: 'Each letter still routed or in progress gets its own reply, by email or post, as a single reply would; the others are skipped.',
    permission: 'letter.reply',
    request: { params: campaignParams, body: actionBodies.reply },
    responses: {
      201: { description: 'Replied', schema: campaignRepliedSchema },
      404: 'not_found: no such campaign, or none of its letters is visible',
    },
    handler: async ({ params, body, res }, deps) => ({
      status: 201,
      body: await replyToCampaign(deps, currentUser(res), params.id, body.body),
    }),
  }),
];
