import { z } from 'zod';

export const PRINT_STATUSES = ['pending', 'printed', 'posted'] as const;
export type PrintStatus = (typeof PRINT_STATUSES)[number];

/** What the list shows: one status, or `open` (everything not yet posted). */
export const printFilter = z.enum([...PRINT_STATUSES, 'open']).default('open');
export type PrintFilter = z.output<typeof printFilter>;

/**
 * The list's query as the document shows it. The action checks `status`
 * itself (printFilter): an unknown one is 400 bad_request, not the 422 of a
 * query that fails its schema.
 */
export const printListQuery = z.object({
  status: z.unknown().optional().meta({ type: 'string', enum: printFilter.unwrap().options, default: 'open' }),
});

export const printItemParams = z.object({ id: z.coerce.number().int().positive() });

/** pending → printed → posted; printed may be skipped. */
export const markBody = z.strictObject({ status: z.enum(['printed', 'posted']) });

const reference = () => z.string().regex(/^PR-\d{4}-\d{6}-\d$/).meta({ example: 'PR-2026-000123-7' });

export const printItemSchema = z
  .object({
    id: z.number().int(),
    reference: reference(),
    kind: z.string().meta({ example: 'acknowledgement' }),
    status: z.enum(PRINT_STATUSES),
    name: z.string(),
    surname: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
    pdf: z.string().meta({ description: 'Where its PDF is', example: '/api/v1/staff/print-queue/1/pdf' }),
  })
  .meta({ id: 'PrintItem' });

export type PrintItem = z.output<typeof printItemSchema>;

export const printListSchema = z.object({ items: z.array(printItemSchema) });

export const markedSchema = z.object({ id: z.number().int(), status: z.enum(['printed', 'posted']) });
