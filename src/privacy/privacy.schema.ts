import { z } from 'zod';

/** Whom an export or an erasure is about: the letters with this email (any case) or this phone. */
export const personSchema = z
  .strictObject({ email: z.email().max(254).optional(), phone: z.string().max(40).optional() })
  .refine((p) => p.email !== undefined || p.phone !== undefined, { error: 'contact_required', path: ['email'] });

export type Person = z.output<typeof personSchema>;

const rows = z.array(z.record(z.string(), z.unknown()));

export const privacyExportSchema = z
  .object({
    exportedAt: z.iso.datetime({ offset: true }),
    letters: rows,
    history: rows,
    messages: rows,
    replies: rows,
    printItems: rows,
  })
  .meta({ id: 'PrivacyExport', description: 'Everything held about the person' });

export const erasedSchema = z.object({ erased: z.number().int() });
