import { z } from 'zod';
import { checkPlace, letterFields } from './submission.schema.js';

// The place fields a letter by email came without, with the citizen form's
// very rules (the same field schemas, the same place check).

export const contactFieldsSchema = z
  .strictObject({
    municipality: letterFields.municipality,
    country: letterFields.country,
    address: letterFields.address,
    phone: letterFields.phone,
  })
  .superRefine(checkPlace);

export type ContactFields = z.output<typeof contactFieldsSchema>;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The posted page as the schema's input: a country with no municipality means "abroad", as on the citizen form. */
export function contactFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const country = text(form.country).trim();
  const municipality = text(form.municipality);
  return {
    municipality: municipality.trim() === '' && country !== '' ? 'abroad' : municipality,
    country,
    address: text(form.address),
    phone: text(form.phone),
  };
}
