import type { Pool } from '../db/pool.js';
import type { Period, WeekCount } from './reports.rules.js';

// The reports' SQL: counts and timings of the letters received in a period
// (Europe/Belgrade dates, both ends included), spam left out, optionally one
// office's letters only.

const LETTERS = `
  WITH l AS (
    SELECT s.* FROM submissions s
     WHERE s.received_at >= ($1::date::timestamp AT TIME ZONE 'Europe/Belgrade')
       AND s.received_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/Belgrade')
       AND NOT s.is_spam AND s.status <> 'spam'
       AND ($3::bigint IS NULL OR s.office_id = $3)
  )`;

type Scope = { period: Period; officeId: number | null };
const params = (s: Scope) => [s.period.from, s.period.to, s.officeId];

export async function weeklyCounts(pool: Pool, scope: Scope): Promise<WeekCount[]> {
  const { rows } = await pool.query<WeekCount>(
    `${LETTERS}
     SELECT to_char(date_trunc('week', received_at AT TIME ZONE 'Europe/Belgrade'), 'YYYY-MM-DD') AS week, channel, count(*)::int AS count
       FROM l GROUP BY 1, 2`,
    params(scope),
  );
  return rows;
}

export type Count = { key: string | null; count: number };

/** Letters per value of one column (category, office's code, municipality code), largest first. */
export async function countsBy(pool: Pool, scope: Scope, column: 'category' | 'office' | 'municipality', limit = 100): Promise<Count[]> {
  const expression = { category: 'l.category', office: 'o.code', municipality: 'l.municipality_code' }[column];
  const { rows } = await pool.query<Count>(
    `${LETTERS}
     SELECT ${expression} AS key, count(*)::int AS count
       FROM l LEFT JOIN offices o ON o.id = l.office_id
      ${column === 'municipality' ? 'WHERE l.municipality_code IS NOT NULL' : ''}
      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $4`,
    [...params(scope), limit],
  );
  return rows;
}

export type Timing = {
  channel: string | null;
  letters: number;
  acknowledged: number;
  ackMedianHours: number | null;
  ackP90Hours: number | null;
  answered: number;
  answerMedianHours: number | null;
  answerP90Hours: number | null;
};

/**
 * Time from receipt to the first acknowledgement sent (email) or posted
 * (print queue), and to the first reply; median and 90th percentile in hours,
 * per channel and over all (`channel` null).
 */
export async function timings(pool: Pool, scope: Scope): Promise<Timing[]> {
  const { rows } = await pool.query<Timing>(
    `${LETTERS},
     t AS (
       SELECT l.channel,
              extract(epoch FROM least(
                (SELECT min(o.sent_at) FROM outbox o WHERE o.submission_id = l.id AND o.kind = 'acknowledgement'),
                (SELECT min(q.posted_at) FROM print_queue q WHERE q.submission_id = l.id AND q.kind = 'acknowledgement')
              ) - l.received_at) / 3600 AS ack_h,
              extract(epoch FROM (SELECT min(r.created_at) FROM replies r WHERE r.submission_id = l.id) - l.received_at) / 3600 AS answer_h
         FROM l
     )
     SELECT channel, count(*)::int AS letters,
            count(ack_h)::int AS acknowledged,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ack_h) AS "ackMedianHours",
            percentile_cont(0.9) WITHIN GROUP (ORDER BY ack_h) AS "ackP90Hours",
            count(answer_h)::int AS answered,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY answer_h) AS "answerMedianHours",
            percentile_cont(0.9) WITHIN GROUP (ORDER BY answer_h) AS "answerP90Hours"
       FROM t GROUP BY GROUPING SETS ((channel), ()) ORDER BY channel NULLS FIRST`,
    params(scope),
  );
  return rows;
}
