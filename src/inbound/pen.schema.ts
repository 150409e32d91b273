import { z } from 'zod';

// The holding pen and the inbound mail staff may look at: the list's query, one entry, the actions' answers.

/** Where a message ended up (`stored`: not yet processed). */
export const INBOUND_STATES = ['stored', 'held', 'letter', 'reply', 'bounce', 'dropped', 'discarded'] as const;
export type InboundState = (typeof INBOUND_STATES)[number];

export const inboundListQuery = z.object({
  state: z.enum(INBOUND_STATES).default('held').meta({ description: 'Held: waiting for staff (supervisor, admin)' }),
});

export const inboundParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

const reference = () => z.string().regex(/^PR-\d{4}-\d{6}-\d$/).meta({ example: 'PR-2026-000123-7' });

export const attachBody = z.strictObject({ reference: z.string().trim().max(40) });

/** The longest text an entry shows; the raw message is kept whole. */
export const ENTRY_TEXT_MAX = 5000;

export const inboundEntrySchema = z
  .object({
    id: z.number().int(),
    state: z.enum(INBOUND_STATES),
    reason: z.string().nullable().meta({ description: 'Why it is held or dropped (a code)', example: 'bad_signature' }),
    receivedAt: z.iso.datetime({ offset: true }),
    from: z.string().nullable(),
    subject: z.string().nullable(),
    sentAt: z.iso.datetime({ offset: true }).nullable().meta({ description: 'The Date header' }),
    text: z.string().meta({ description: `The message as plain text (HTML sanitised away), at most ${ENTRY_TEXT_MAX} characters` }),
    size: z.number().int(),
    truncated: z.boolean().meta({ description: 'Over the size limit: only its headers were kept' }),
    reference: reference().nullable().meta({ description: 'The letter it belongs to' }),
  })
  .meta({ id: 'InboundMessage' });

export type InboundEntry = z.output<typeof inboundEntrySchema>;

export const inboundListSchema = z.object({ items: z.array(inboundEntrySchema) });

export const penOutcomeSchema = z.object({
  id: z.number().int(),
  state: z.enum(['reply', 'letter', 'discarded']),
  reference: reference().nullable(),
});
export type PenOutcome = z.output<typeof penOutcomeSchema>;
