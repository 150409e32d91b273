import express, { Router } from 'express';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { audit } from '../audit/audit.store.js';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import { ApiError } from '../http/api-error.js';
import { anonymiseLetters } from '../retention/anonymise.js';
import { currentUser, requireAction } from './guards.js';

export const personSchema = z
  .strictObject({ email: z.email().max(254).optional(), phone: z.string().max(40).optional() })
  .refine((p) => p.email !== undefined || p.phone !== undefined, { error: 'give an email or a phone', path: ['email'] });

/** The person's letters: by email (any case) or by phone (normalised to E.164 as stored). */
async function lettersOf(db: Pool | PoolClient, person: z.output<typeof personSchema>): Promise<number[]> {
  const phone = person.phone === undefined ? null : (parsePhoneNumberFromString(person.phone, 'RS')?.number ?? person.phone);
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM submissions
      WHERE anonymised_at IS NULL AND (($1::text IS NOT NULL AND lower(email) = lower($1)) OR ($2::text IS NOT NULL AND phone = $2))
      ORDER BY id`,
    [person.email ?? null, phone],
  );
  return rows.map((r) => Number(r.id));
}

function parsePerson(body: unknown) {
  const parsed = personSchema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(422, 'validation_failed', 'validation_failed', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'email', message: i.message })),
    });
  }
  return parsed.data;
}

/** Citizens' rights: an admin exports everything held about a person, or erases it; both audited. */
export function privacyRoutes(deps: { pool: Pool }): Router {
  const { pool } = deps;
  const router = Router();
  const guard = [requireAction('admin.manage'), express.json({ limit: '4kb' })];

  router.post('/admin/privacy/export', ...guard, async (req, res) => {
    const person = parsePerson(req.body);
    const ids = await lettersOf(pool, person);
    const [letters, events, messages, replies, prints] = await Promise.all([
      pool.query(
        `SELECT reference, channel, status, name, surname, municipality_code, country, address, email, phone, category,
                subject, message, language, received_at, updated_at, postal_received_on, letter_number
           FROM submissions WHERE id = ANY($1::bigint[]) ORDER BY id`,
        [ids],
      ),
      pool.query(
        `SELECT s.reference, e.at, e.kind, e.data FROM submission_events e JOIN submissions s ON s.id = e.submission_id
          WHERE e.submission_id = ANY($1::bigint[]) ORDER BY e.id`,
        [ids],
      ),
      pool.query(
        `SELECT s.reference, o.kind, o.recipient, o.status, o.subject, o.body_text, o.sent_at FROM outbox o
           JOIN submissions s ON s.id = o.submission_id
          WHERE o.submission_id = ANY($1::bigint[]) AND o.kind <> 'office_notification' ORDER BY o.id`,
        [ids],
      ),
      pool.query(
        `SELECT s.reference, r.body, r.channel, r.created_at FROM replies r JOIN submissions s ON s.id = r.submission_id
          WHERE r.submission_id = ANY($1::bigint[]) ORDER BY r.id`,
        [ids],
      ),
      pool.query(
        `SELECT s.reference, p.kind, p.title, p.body, p.status, p.created_at FROM print_queue p
           JOIN submissions s ON s.id = p.submission_id WHERE p.submission_id = ANY($1::bigint[]) ORDER BY p.id`,
        [ids],
      ),
    ]);
    await audit(pool, {
      actorId: currentUser(res).id,
      action: 'privacy.exported',
      targetType: 'person',
      targetId: null,
      details: { letters: letters.rows.map((l) => l.reference as string) },
    });
    res.set('Cache-Control', 'no-store').json({
      exportedAt: new Date().toISOString(),
      letters: letters.rows,
      history: events.rows,
      messages: messages.rows,
      replies: replies.rows,
      printItems: prints.rows,
    });
  });

  router.post('/admin/privacy/erase', ...guard, async (req, res) => {
    const person = parsePerson(req.body);
    const erased = await inTransaction(pool, async (client) => {
      const ids = await lettersOf(client, person);
      const { rows } = await client.query<{ reference: string }>(
        'SELECT reference FROM submissions WHERE id = ANY($1::bigint[]) ORDER BY id',
        [ids],
      );
      const count = await anonymiseLetters(client, ids);
      await audit(client, {
        actorId: currentUser(res).id,
        action: 'privacy.erased',
        targetType: 'person',
        targetId: null,
        details: { letters: rows.map((r) => r.reference) },
      });
      return count;
    });
    res.json({ erased });
  });

  return router;
}
