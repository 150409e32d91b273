import { z } from 'zod';
import { STATUSES } from './status.rules.js';

// What the public operations answer; the ids name them in the OpenAPI document.

const dateTime = () => z.iso.datetime({ offset: true });
export const referenceString = () => z.string().regex(/^PR-\d{4}-\d{6}-\d$/).meta({ example: 'PR-2026-000123-7' });
const officeRef = z.object({ code: z.string(), name: z.string() }).meta({ id: 'OfficeRef' });

export const receiptSchema = z
  .object({
    reference: referenceString(),
    status: z.literal('received'),
    receivedAt: dateTime(),
    trackingToken: z.string().meta({ description: 'Returned only here (and in the acknowledgement email); stored as a hash' }),
  })
  .meta({ id: 'Receipt' });

export const trackingSchema = z
  .object({
    reference: referenceString(),
    status: z.enum(STATUSES),
    receivedAt: dateTime(),
    updatedAt: dateTime(),
    office: officeRef.nullable(),
  })
  .meta({ id: 'Tracking' });

export const municipalitySchema = z
  .object({ code: z.string(), nameCyrl: z.string(), nameLatn: z.string() })
  .meta({ id: 'Municipality' });

export const categorySchema = z
  .object({ code: z.string(), name: z.object({ 'sr-Cyrl': z.string(), 'sr-Latn': z.string(), en: z.string() }) })
  .meta({ id: 'Category' });
