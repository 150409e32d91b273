import { z } from 'zod';
import { LANGUAGES } from '../i18n/language.js';
import { CATEGORY_CODES } from '../submissions/categories.js';
import { STATUSES } from '../submissions/status.rules.js';

// What the letter operations take and give: the triage list's query, the
// bodies of the actions on a letter, and the answers as the client gets them.

const dateTime = () => z.iso.datetime({ offset: true });
const reference = () => z.string().regex(/^PR-\d{4}-\d{6}-\d$/).meta({ example: 'PR-2026-000123-7' });
/** The ways a letter comes in. */
export const CHANNELS = ['web', 'postal', 'email'] as const;
const officeRef = z.object({ code: z.string(), name: z.string() }).meta({ id: 'OfficeRef' });

// ── requests ────────────────────────────────────────────────────────────────

export const listQuerySchema = z.strictObject({
  status: z.enum(STATUSES).optional(),
  office: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/).optional(),
  channel: z.enum(CHANNELS).optional(),
  category: z.enum(CATEGORY_CODES).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  q: z.string().trim().max(200).optional(),
  campaign: z.coerce.number().int().positive().optional(),
  group: z.enum(['campaign']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export type ListQuery = z.output<typeof listQuerySchema>;

/** The bodies of the actions on one letter (the API's JSON and the staff pages' forms alike). */
export const actionBodies = {
  route: z.strictObject({ office: z.string().min(1).max(40) }),
  status: z.strictObject({ status: z.enum(STATUSES), note: z.string().trim().max(2000).optional() }),
  assign: z.strictObject({ assignee: z.string().trim().max(254) }),
  note: z.strictObject({ text: z.string().trim().min(1).max(5000) }),
  reply: z.strictObject({ body: z.string().trim().min(1).max(20_000) }),
};

export const referenceParams = z.object({ reference: reference() });
export const campaignParams = z.object({ id: z.coerce.number().int().positive() });

// ── answers ─────────────────────────────────────────────────────────────────

export const letterSummarySchema = z
  .object({
    reference: reference(),
    status: z.enum(STATUSES),
    channel: z.enum(CHANNELS),
    category: z.string(),
    office: officeRef.nullable(),
    name: z.string(),
    surname: z.string(),
    subject: z.string().nullable(),
    receivedAt: dateTime(),
    assignee: z.string().nullable().meta({ description: "The assigned officer's email" }),
    campaign: z.object({ id: z.number().int(), size: z.number().int() }).nullable(),
  })
  .meta({ id: 'LetterSummary' });

export const letterListSchema = z
  .object({
    items: z.array(letterSummarySchema),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
  })
  .meta({ id: 'LetterList' });

const eventSchema = z.object({
  at: dateTime(),
  kind: z.string().meta({ example: 'status_changed' }),
  actor: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

const outgoingMessageSchema = z.object({
  direction: z.literal('out'),
  id: z.number().int(),
  kind: z.string(),
  recipient: z.string(),
  status: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sentAt: dateTime().nullable(),
  createdAt: dateTime(),
  replyId: z.number().int().nullable(),
  dsnStatus: z.string().nullable().meta({ description: 'The delivery-status report\'s Status of a bounced message' }),
});

/** A message from the correspondent, received by email: as text, never HTML. */
const incomingMessageSchema = z.object({
  direction: z.literal('in'),
  id: z.number().int(),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  text: z.string(),
  sentAt: dateTime().nullable().meta({ description: "The message's Date header" }),
  receivedAt: dateTime(),
});

const messageSchema = z.discriminatedUnion('direction', [outgoingMessageSchema, incomingMessageSchema]);

const printItemSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  status: z.enum(['pending', 'printed', 'posted']),
  createdAt: dateTime(),
  printedAt: dateTime().nullable(),
  postedAt: dateTime().nullable(),
  replyId: z.number().int().nullable(),
});

export const letterDetailSchema = z
  .object({
    reference: reference(),
    status: z.enum(STATUSES),
    channel: z.enum(CHANNELS),
    isSpam: z.boolean(),
    contactComplete: z.boolean().meta({ description: 'False for a letter that came without the contact fields (by email: no place or address yet)' }),
    office: officeRef.nullable(),
    assignee: z.string().nullable(),
    name: z.string(),
    surname: z.string(),
    municipalityCode: z.string().nullable(),
    country: z.string().nullable(),
    address: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    category: z.string(),
    subject: z.string().nullable(),
    message: z.string(),
    language: z.enum(LANGUAGES),
    receivedAt: dateTime(),
    updatedAt: dateTime(),
    postalReceivedOn: z.iso.date().nullable(),
    letterNumber: z.string().nullable(),
    campaignId: z.number().int().nullable(),
    duplicateOf: z.string().nullable().meta({ description: 'Reference of the letter this one duplicates' }),
    events: z.array(eventSchema),
    messages: z.array(messageSchema).meta({ description: 'Outgoing and incoming messages, oldest first' }),
    printItems: z.array(printItemSchema),
  })
  .meta({ id: 'LetterDetail', description: 'The letter with its history, outgoing messages and print items' });

export const routedSchema = z.object({ office: z.string() });
export const statusChangedSchema = z.object({ status: z.enum(STATUSES) });
export const assignedSchema = z.object({ assignee: z.string() });
export const notedSchema = z.object({ ok: z.literal(true) });
export const repliedSchema = z.object({ replyId: z.number().int(), channel: z.enum(['email', 'post']) });
export const campaignRepliedSchema = z.object({ replied: z.number().int(), skipped: z.number().int() });
