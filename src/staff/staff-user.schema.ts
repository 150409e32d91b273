import { z } from 'zod';
import { newPasswordSchema } from './password-policy.js';
import { ROLES } from './permissions.js';

const oneLine = /^[^\u0000-\u001f\u007f]*$/;

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
      ctx.addIssue({ code: 'custom', path: ['office'], message: 'an officer needs an office (its code)' });
    }
    if (user.role !== 'officer' && user.office) {
      ctx.addIssue({ code: 'custom', path: ['office'], message: `only officers are bound to an office, not a ${user.role}` });
    }
  });

export const userChangesSchema = z.strictObject({
  role: z.enum(ROLES).optional(),
  office: z.string().trim().min(1).max(40).nullable().optional(),
  displayName: z.string().trim().max(100).regex(oneLine).optional(),
  disabled: z.boolean().optional(),
  password: newPasswordSchema.optional(),
});
