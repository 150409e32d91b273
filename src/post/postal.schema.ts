import { z } from 'zod';
import { checkPlace, letterFields } from '../submissions/submission.schema.js';

export const EARLIEST_RECEIVED = '1990-01-01';

/**
 * A letter keyed in from the post: the web letter's fields without consent,
 * email and phone optional. With `today`, `receivedAt` may not be after it;
 * without (the API's body, declared once for the process), the action checks
 * that against its clock.
 */
export function postalLetterSchema(today?: string) {
  return z
    .strictObject({
      ...letterFields,
      receivedAt: z.iso.date({ error: 'received_at_invalid' }).refine((d) => d >= EARLIEST_RECEIVED && (today === undefined || d <= today), {
        error: 'received_at_invalid',
      }),
      letterNumber: z.preprocess(
        (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
        z.string().trim().max(50, { error: 'too_long' }).regex(/^[^\u0000-\u001f\u007f]*$/, { error: 'control_chars' }).optional(),
      ),
    })
    .superRefine(checkPlace);
}

export type PostalLetter = z.output<ReturnType<typeof postalLetterSchema>>;

const reference = () => z.string().regex(/^PR-\d{4}-\d{6}-\d$/).meta({ example: 'PR-2026-000123-7' });

export const postalReceiptSchema = z
  .object({ reference: reference(), status: z.literal('received'), receivedAt: z.iso.datetime({ offset: true }) })
  .meta({ id: 'PostalReceipt' });
