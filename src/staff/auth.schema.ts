import { z } from 'zod';
import { newPasswordSchema } from './password-policy.js';
import { ROLES } from './permissions.js';

// Staff sessions and the second factor: what the API takes and what it answers.

export const loginSchema = z.strictObject({
  email: z.string().max(254),
  password: z.string().max(256),
  code: z.string().max(64).optional().meta({ description: 'The authenticator app\'s six-digit code, or a recovery code; needed once the account has a second factor' }),
});
export type LoginInput = z.output<typeof loginSchema>;

export const ownPasswordSchema = z
  .strictObject({ currentPassword: z.string().min(1).max(256), newPassword: newPasswordSchema })
  .refine((b) => b.currentPassword !== b.newPassword, { path: ['newPassword'], message: 'password_unchanged' });
export type OwnPasswordInput = z.output<typeof ownPasswordSchema>;

export const totpCodeBody = z.strictObject({
  code: z.string().min(1).max(64).meta({ description: 'Six digits from the authenticator app' }),
});
export const totpDisableBody = z
  .strictObject({
    password: z.string().min(1).max(256).optional().meta({ description: 'The current password' }),
    code: z.string().min(1).max(64).optional().meta({ description: 'Or a current code (or a recovery code)' }),
  })
  .refine((b) => b.password !== undefined || b.code !== undefined, { message: 'required', path: ['password'] });

/** The login and logout are public (they handle the session themselves), so their document names the CSRF header itself. */
export const csrfHeaders = z.object({
  'x-csrf-token': z
    .string()
    .optional()
    .meta({ description: "The session's CSRF token from GET /api/v1/me; required only for form posts, checked if sent" }),
});

export const meSchema = z
  .object({
    id: z.number().int(),
    email: z.email(),
    role: z.enum(ROLES),
    office: z.string().nullable(),
    displayName: z.string(),
    csrfToken: z.string().meta({ description: 'Send as X-CSRF-Token (or _csrf form field) with form posts' }),
    secondFactor: z.object({
      enabled: z.boolean(),
      required: z.boolean().meta({ description: 'True for admin and supervisor' }),
      recoveryCodesLeft: z.number().int(),
    }),
    enrolmentRequired: z.boolean().meta({
      description: 'The role needs a second factor that is not set up: until POST /api/v1/me/totp/confirm, other staff endpoints answer 403 enrolment_required',
    }),
  })
  .meta({ id: 'Me' });

export const enrolmentSchema = z
  .object({
    secret: z.string().meta({ description: 'Base32, for typing into the authenticator app', example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }),
    otpauthUri: z.string().meta({ description: 'otpauth://totp/… for a QR code' }),
  })
  .meta({ id: 'TotpEnrolment' });

export const recoveryCodesSchema = z
  .object({ recoveryCodes: z.array(z.string()).meta({ description: 'Ten single-use codes, shown only in this answer (stored hashed)' }) })
  .meta({ id: 'RecoveryCodes' });

export const userIdParams = z.object({ id: z.coerce.number().int().positive() });
