import { z } from 'zod';

// The contract's error body, shared by every operation's error answers.

export const issueSchema = z
  .object({
    path: z.string().meta({ description: 'The field, dotted for nested ones', example: 'email' }),
    message: z.string().meta({ description: "In the request's language" }),
    suggestions: z.array(z.string()).optional().meta({ description: 'For an unknown municipality: up to 3 close names' }),
  })
  .meta({ id: 'Issue' });

export const errorBodySchema = z
  .object({
    error: z.string().meta({
      description:
        'Machine-readable code: malformed_json, bad_request, unauthenticated, invalid_credentials, forbidden, csrf_failed, ' +
        'not_found, conflict, idempotency_conflict, illegal_transition, payload_too_large, unsupported_media_type, ' +
        'validation_failed, account_locked, second_factor_required, enrolment_required, second_factor_mandatory, rate_limited, ' +
        'unavailable, internal_error',
      example: 'validation_failed',
    }),
    message: z.string().meta({ description: "Human-readable, in the request's language" }),
    issues: z.array(issueSchema).optional().meta({ description: 'With validation_failed: one per field' }),
  })
  .meta({ id: 'Error', description: 'Every error answer; never a stack trace or SQL.' });
