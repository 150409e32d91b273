import type { Pool, PoolClient } from '../db/pool.js';
import type { LetterForMail } from '../mail/letter-messages.js';
import { fold } from '../text/fold.js';

type Db = Pool | PoolClient;

export type LetterFilters = {
  status?: string | undefined;
  office?: string | undefined;
  channel?: string | undefined;
  category?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  q?: string | undefined;
  /** Only the letters of this campaign. */
  campaign?: number | undefined;
  /** One line per campaign (its newest letter, with the campaign's size) instead of one per letter. */
  groupCampaigns?: boolean | undefined;
  /** An officer's own office, whatever `office` asks for. */
  scopeOfficeId: number | null;
  after?: { receivedAt: Date; id: number } | undefined;
  limit: number;
};

export type LetterSummary = {
  id: number;
  reference: string;
  status: string;
  channel: string;
  category: string;
  office: { code: string; name: string } | null;
  name: string;
  surname: string;
  subject: string | null;
  receivedAt: Date;
  assignee: string | null;
  campaign: { id: number; size: number } | null;
};

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Newest first, keyset-paginated; `q` is matched against the folded search column (trigram index). */
export async function listLetters(db: Db, f: LetterFilters): Promise<LetterSummary[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  // A campaign's size and its newest letter are counted over the letters the user may see.
  let campaignScope = '';
  if (f.scopeOfficeId !== null) {
    add('s.office_id = ?', f.scopeOfficeId);
    campaignScope = `AND c.office_id = $${params.length}`;
  }
  if (f.office) add('o.code = ?', f.office);
  if (f.status) add('s.status = ?', f.status);
  if (f.channel) add('s.channel = ?', f.channel);
  if (f.category) add('s.category = ?', f.category);
  if (f.from) add('s.received_at >= ?', f.from);
  if (f.to) add('s.received_at < ?', f.to);
  if (f.campaign) add('s.campaign_id = ?', f.campaign);
  if (f.groupCampaigns) {
    where.push(`(s.campaign_id IS NULL OR s.id = (SELECT max(c.id) FROM submissions c WHERE c.campaign_id = s.campaign_id ${campaignScope}))`);
  }
  const q = f.q ? fold(f.q) : '';
  if (q) add(`s.id IN (SELECT submission_id FROM submission_search WHERE search_text LIKE ?)`, `%${escapeLike(q)}%`);
  if (f.after) {
    params.push(f.after.receivedAt, f.after.id);
    where.push(`(s.received_at, s.id) < ($${params.length - 1}, $${params.length})`);
  }
  params.push(f.limit);
  const { rows } = await db.query<{
    id: string; reference: string; status: string; channel: string; category: string; office_code: string | null;
    office_name: string | null; name: string; surname: string; subject: string | null; received_at: Date;
    assignee: string | null; campaign_id: string | null; campaign_size: string | null;
  }>(
    `SELECT s.id, s.reference, s.status, s.channel, s.category, o.code AS office_code, o.name_latn AS office_name,
            s.name, s.surname, s.subject, s.received_at, u.email AS assignee, s.campaign_id,
            CASE WHEN s.campaign_id IS NOT NULL
                 THEN (SELECT count(*) FROM submissions c WHERE c.campaign_id = s.campaign_id ${campaignScope}) END AS campaign_size
       FROM submissions s
       LEFT JOIN offices o ON o.id = s.office_id
       LEFT JOIN staff_users u ON u.id = s.assignee_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY s.received_at DESC, s.id DESC
      LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    reference: r.reference,
    status: r.status,
    channel: r.channel,
    category: r.category,
    office: r.office_code && r.office_name ? { code: r.office_code, name: r.office_name } : null,
    name: r.name,
    surname: r.surname,
    subject: r.subject,
    receivedAt: r.received_at,
    assignee: r.assignee,
    campaign: r.campaign_id === null ? null : { id: Number(r.campaign_id), size: Number(r.campaign_size) },
  }));
}

export type LetterRecord = LetterForMail & {
  id: number;
  status: string;
  isSpam: boolean;
  officeId: number | null;
  office: { code: string; name: string } | null;
  assignee: string | null;
  updatedAt: Date;
  postalReceivedOn: string | null;
  letterNumber: string | null;
  campaignId: number | null;
  duplicateOf: string | null;
  contactComplete: boolean;
};

/** One letter by reference; `forUpdate` locks the row for the caller's transaction. */
export async function findLetter(db: Db, reference: string, forUpdate = false): Promise<LetterRecord | undefined> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT s.id, s.reference, s.status, s.channel, s.is_spam, s.office_id, o.code AS office_code,
            o.name_latn AS office_name, u.email AS assignee, s.name, s.surname, s.municipality_code, s.country,
            s.address, s.email, s.phone, s.category, s.subject, s.message, s.language, s.received_at, s.updated_at,
            to_char(s.postal_received_on, 'YYYY-MM-DD') AS postal_received_on, s.letter_number, s.campaign_id,
            d.reference AS duplicate_of, s.contact_complete
       FROM submissions s
       LEFT JOIN submissions d ON d.id = s.duplicate_of
       LEFT JOIN offices o ON o.id = s.office_id
       LEFT JOIN staff_users u ON u.id = s.assignee_id
      WHERE s.reference = $1 ${forUpdate ? 'FOR UPDATE OF s' : ''}`,
    [reference],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: Number(r.id),
    reference: r.reference as string,
    status: r.status as string,
    channel: r.channel as LetterRecord['channel'],
    isSpam: r.is_spam as boolean,
    officeId: r.office_id === null ? null : Number(r.office_id),
    office: r.office_code ? { code: r.office_code as string, name: r.office_name as string } : null,
    assignee: (r.assignee as string | null) ?? null,
    name: r.name as string,
    surname: r.surname as string,
    municipalityCode: r.municipality_code as string | null,
    country: r.country as string | null,
    address: r.address as string,
    email: r.email as string | null,
    phone: r.phone as string | null,
    category: r.category as string,
    subject: r.subject as string | null,
    message: r.message as string,
    language: r.language as string,
    receivedAt: r.received_at as Date,
    updatedAt: r.updated_at as Date,
    postalReceivedOn: r.postal_received_on as string | null,
    letterNumber: r.letter_number as string | null,
    campaignId: r.campaign_id === null ? null : Number(r.campaign_id),
    duplicateOf: (r.duplicate_of as string | null) ?? null,
    contactComplete: r.contact_complete as boolean,
  };
}

export type LetterEvent = { at: Date; kind: string; actor: string | null; data: Record<string, unknown> };

export async function addEvent(
  db: Db,
  submissionId: number,
  kind: string,
  actorId: number | null,
  data: Record<string, unknown> = {},
): Promise<void> {
  await db.query('INSERT INTO submission_events (submission_id, kind, actor_id, data) VALUES ($1, $2, $3, $4)', [
    submissionId, kind, actorId, JSON.stringify(data),
  ]);
}

export type OutgoingMessage = {
  direction: 'out'; id: number; kind: unknown; recipient: unknown; status: unknown; attempts: unknown; lastError: unknown;
  sentAt: Date | null; createdAt: Date; replyId: number | null; dsnStatus: string | null;
};
export type IncomingMessage = {
  direction: 'in'; id: number; from: string | null; subject: string | null; text: string; sentAt: Date | null; receivedAt: Date;
};

const messageTime = (m: OutgoingMessage | IncomingMessage): number => (m.direction === 'out' ? m.createdAt : m.receivedAt).getTime();

/** The correspondent's replies by email (inbound messages placed on the letter), oldest first. */
async function incomingMessages(db: Db, submissionId: number): Promise<IncomingMessage[]> {
  const { rows } = await db.query<{ id: string; from_address: string | null; subject: string | null; body_text: string | null; sent_at: Date | null; received_at: Date }>(
    `SELECT id, from_address, subject, body_text, sent_at, received_at FROM inbound_messages
      WHERE submission_id = $1 AND state = 'reply' ORDER BY received_at, id`,
    [submissionId],
  );
  return rows.map((r) => ({
    direction: 'in', id: Number(r.id), from: r.from_address, subject: r.subject, text: r.body_text ?? '', sentAt: r.sent_at, receivedAt: r.received_at,
  }));
}

export async function letterHistory(db: Db, submissionId: number) {
  const [events, messages, prints, incoming] = await Promise.all([
    db.query<{ at: Date; kind: string; actor: string | null; data: Record<string, unknown> }>(
      `SELECT e.at, e.kind, u.email AS actor, e.data FROM submission_events e
         LEFT JOIN staff_users u ON u.id = e.actor_id WHERE e.submission_id = $1 ORDER BY e.id`,
      [submissionId],
    ),
    db.query<Record<string, unknown>>(
      `SELECT id, kind, recipient, status, attempts, last_error, sent_at, created_at, reply_id, dsn_status
         FROM outbox WHERE submission_id = $1 ORDER BY id`,
      [submissionId],
    ),
    db.query<Record<string, unknown>>(
      `SELECT id, kind, status, created_at, printed_at, posted_at, reply_id FROM print_queue WHERE submission_id = $1 ORDER BY id`,
      [submissionId],
    ),
    incomingMessages(db, submissionId),
  ]);
  const outgoing = messages.rows.map((m): OutgoingMessage => ({
    direction: 'out',
    id: Number(m.id),
    kind: m.kind,
    recipient: m.recipient,
    status: m.status,
    attempts: m.attempts,
    lastError: m.last_error,
    sentAt: m.sent_at as Date | null,
    createdAt: m.created_at as Date,
    replyId: m.reply_id === null ? null : Number(m.reply_id),
    dsnStatus: (m.dsn_status as string | null) ?? null,
  }));
  return {
    events: events.rows as LetterEvent[],
    // Both directions by time (a stable sort keeps the outbox's order among equal times).
    messages: [...outgoing, ...incoming].sort((a, b) => messageTime(a) - messageTime(b)),
    printItems: prints.rows.map((p) => ({
      id: Number(p.id),
      kind: p.kind,
      status: p.status,
      createdAt: p.created_at,
      printedAt: p.printed_at,
      postedAt: p.posted_at,
      replyId: p.reply_id === null ? null : Number(p.reply_id),
    })),
  };
}

// ── changes to a letter (inside the caller's transaction, the row locked) ───

/** To another office: unassigned, and `received` becomes `routed`. */
export async function moveToOffice(db: Db, submissionId: number, officeId: number): Promise<void> {
  await db.query(
    `UPDATE submissions SET office_id = $2, assignee_id = NULL, updated_at = now(),
            status = CASE WHEN status = 'received' THEN 'routed' ELSE status END
      WHERE id = $1`,
    [submissionId, officeId],
  );
}

export async function setStatus(db: Db, submissionId: number, status: string): Promise<void> {
  await db.query(
    `UPDATE submissions SET status = $2, updated_at = now(),
            closed_at = CASE WHEN $2 = 'closed' THEN now() ELSE closed_at END
      WHERE id = $1`,
    [submissionId, status],
  );
}

export async function setAssignee(db: Db, submissionId: number, assigneeId: number): Promise<void> {
  await db.query('UPDATE submissions SET assignee_id = $2, updated_at = now() WHERE id = $1', [submissionId, assigneeId]);
}

/** The reply's id. */
export async function insertReply(db: Db, submissionId: number, authorId: number, body: string, channel: 'email' | 'post'): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO replies (submission_id, author_id, body, channel) VALUES ($1, $2, $3, $4) RETURNING id',
    [submissionId, authorId, body, channel],
  );
  return Number(rows[0]?.id);
}

/** A reply to post: into the print queue. */
export async function queueReplyForPrint(db: Db, submissionId: number, replyId: number, title: string, body: string): Promise<void> {
  await db.query(
    `INSERT INTO print_queue (submission_id, kind, reply_id, title, body) VALUES ($1, 'reply', $2, $3, $4)`,
    [submissionId, replyId, title, body],
  );
}

/** Every letter of a campaign, oldest first. */
export async function campaignLetters(db: Db, campaignId: number): Promise<{ reference: string; officeId: number | null; status: string }[]> {
  const { rows } = await db.query<{ reference: string; office_id: string | null; status: string }>(
    'SELECT reference, office_id, status FROM submissions WHERE campaign_id = $1 ORDER BY id',
    [campaignId],
  );
  return rows.map((r) => ({ reference: r.reference, officeId: r.office_id === null ? null : Number(r.office_id), status: r.status }));
}
