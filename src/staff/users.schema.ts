import { z } from 'zod';
import { newPasswordSchema } from './password-policy.js';
import { ROLES } from './permissions.js';

const oneLine = /^[^\u0000-\u001f\u007f]*$/;

// The role/office messages are keys of i18n/messages.ts (and domain error codes, for the pages' texts).
export const newUserSchema = z
  .strictObject({
    email: z.string().trim().pipe(z.email().max(254)),
    password: newPasswordSchema,
    role: z.enum(ROLES),
    office: z.string().trim().min(1).max(40).optional(),
    displayName: z.string().trim().max(100).regex(oneLine).default(''),
  })
  .superRefine((user, ctx) => {
    if (user.role === 'officer' && !user.office) {
      ctx.addIssue({ code: 'custom', path: ['office'], message: 'officer_needs_office' });
    }
    if (user.role !== 'officer' && user.office) {
      ctx.addIssue({ code: 'custom', path: ['office'], message: 'office_only_for_officers' });
    }
  });
export type NewUser = z.output<typeof newUserSchema>;

export const userChangesSchema = z.strictObject({
  role: z.enum(ROLES).optional(),
  office: z.string().trim().min(1).max(40).nullable().optional(),
  displayName: z.string().trim().max(100).regex(oneLine).optional(),
  disabled: z.boolean().optional(),
  password: newPasswordSchema.optional(),
});
export type UserChanges = z.output<typeof userChangesSchema>;

export const userParams = z.object({ id: z.coerce.number().int().positive() });

export const staffUserResponse = z
  .object({
    id: z.number().int(),
    email: z.string(),
    role: z.enum(ROLES),
    office: z.string().nullable(),
    displayName: z.string(),
    disabled: z.boolean(),
  })
  .meta({ id: 'StaffUser' });
export type AdminUser = z.output<typeof staffUserResponse>;
