import { z } from 'zod';
import { getMunicipality } from '../geo/municipality.match.js';
import { CATEGORY_CODES } from '../submissions/categories.js';

const line = (max: number) => z.string().trim().min(1).max(max).regex(/^[^\u0000-\u001f\u007f]*$/);
const officeCode = () => z.string().regex(/^[a-z][a-z0-9-]{1,39}$/);

// Field shapes without defaults: a PATCH must change only what it names.
const officeFields = {
  nameCyrl: line(200),
  nameLatn: line(200),
  nameEn: line(200),
  inboxEmail: z.email().max(254),
  isDefault: z.boolean(),
  active: z.boolean(),
};
export const officeSchema = z.strictObject({
  ...officeFields,
  code: officeCode(),
  isDefault: officeFields.isDefault.default(false),
  active: officeFields.active.default(true),
});
export const officeChanges = z.strictObject(officeFields).partial();
export type NewOffice = z.output<typeof officeSchema>;
export type OfficeChanges = z.output<typeof officeChanges>;

const ruleFields = {
  position: z.number().int().min(0).max(1_000_000),
  office: z.string().min(1).max(40),
  description: line(300),
  categories: z.array(z.enum(CATEGORY_CODES)).min(1).nullable(),
  keywords: z.array(line(100)).min(1).max(200).nullable(),
  municipalityCodes: z
    .array(z.string().refine((c) => getMunicipality(c) !== undefined, 'unknown municipality code'))
    .min(1)
    .nullable(),
  abroad: z.boolean().nullable(),
  active: z.boolean(),
};
export const ruleSchema = z.strictObject({
  ...ruleFields,
  categories: ruleFields.categories.default(null),
  keywords: ruleFields.keywords.default(null),
  municipalityCodes: ruleFields.municipalityCodes.default(null),
  abroad: ruleFields.abroad.default(null),
  active: ruleFields.active.default(true),
});
export const ruleChanges = z.strictObject(ruleFields).partial();
export type NewRule = z.output<typeof ruleSchema>;
export type RuleChanges = z.output<typeof ruleChanges>;

export const officeParams = z.object({ code: officeCode().meta({ example: 'legal' }) });
export const ruleParams = z.object({ id: z.coerce.number().int().positive() });

// ── answers ─────────────────────────────────────────────────────────────────

export const officeResponse = z
  .object({
    code: z.string(),
    nameCyrl: z.string(),
    nameLatn: z.string(),
    nameEn: z.string(),
    inboxEmail: z.string(),
    isDefault: z.boolean(),
    active: z.boolean(),
  })
  .meta({ id: 'Office' });

export const ruleResponse = z
  .object({
    id: z.number().int(),
    position: z.number().int(),
    office: z.string(),
    description: z.string(),
    categories: z.array(z.string()).nullable(),
    keywords: z.array(z.string()).nullable(),
    municipalityCodes: z.array(z.string()).nullable(),
    abroad: z.boolean().nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'RoutingRule' });

export type AdminRule = z.output<typeof ruleResponse>;
