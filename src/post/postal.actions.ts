import express, { Router } from 'express';
import { z } from 'zod';
import { audit } from '../audit/audit.store.js';
import { validationFailed } from '../http/validation.js';
import { DEFAULT_LANGUAGE, languageFromAcceptLanguage } from '../i18n/language.js';
import { acceptLetter, type AcceptDeps } from '../submissions/accept.js';
import { checkPlace, letterFields, storedFields } from '../submissions/submission.schema.js';
import { currentUser, requireAction } from './guards.js';
import type { StaffUser } from './permissions.js';

const EARLIEST = '1990-01-01';

export const belgradeToday = (now: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Belgrade', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/** A letter keyed in from the post: the web letter's fields without consent, email and phone optional. */
export function postalLetterSchema(today: string) {
  return z
    .strictObject({
      ...letterFields,
      receivedAt: z.iso.date({ error: 'received_at_invalid' }).refine((d) => d >= EARLIEST && d <= today, {
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

export type PostalDeps = AcceptDeps;

/**
 * Stores a validated postal letter, audits its entry and queues it for
 * routing (if queueing fails, the reconciler picks it up).
 */
export async function enterPostalLetter(deps: PostalDeps, user: StaffUser, input: PostalLetter, now: Date) {
  const result = await acceptLetter(
    deps,
    {
      ...storedFields(input, 'postal', DEFAULT_LANGUAGE),
      isSpam: false,
      postal: { receivedOn: input.receivedAt, letterNumber: input.letterNumber ?? null, enteredBy: user.id },
    },
    now,
    { via: 'postal' },
  );
  if (result.kind !== 'created') throw new Error('postal entry cannot be a replay');
  await audit(deps.pool, { actorId: user.id, action: 'postal.entered', targetType: 'submission', targetId: result.receipt.reference });
  return { reference: result.receipt.reference, status: 'received' as const, receivedAt: result.receipt.receivedAt };
}

export function postalRoutes(deps: PostalDeps & { clock: () => Date }): Router {
  const router = Router();
  router.post('/staff/postal', requireAction('postal.create'), express.json({ limit: '64kb' }), async (req, res) => {
    const user = currentUser(res);
    const now = deps.clock();
    const language = languageFromAcceptLanguage(req.get('accept-language')) ?? DEFAULT_LANGUAGE;
    const parsed = postalLetterSchema(belgradeToday(now)).safeParse(req.body);
    if (!parsed.success) throw validationFailed(parsed.error, language);
    res.status(201).json(await enterPostalLetter(deps, user, parsed.data, now));
  });
  return router;
}
