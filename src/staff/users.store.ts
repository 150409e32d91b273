import type { Pool, PoolClient } from '../db/pool.js';
import { DomainError } from '../errors.js';
import type { Role, StaffUser } from './permissions.js';

type Db = Pool | PoolClient;

type UserRow = {
  id: string; email: string; role: Role; office_id: string | null; display_name: string; disabled: boolean;
  password_hash: string; office_code: string | null; session_generation: number;
};

export type StoredUser = StaffUser & {
  disabled: boolean; passwordHash: string; officeCode: string | null;
  /** Sessions opened in an older generation are over (see endUserSessions). */
  sessionGeneration: number;
};

const SELECT = `SELECT u.id, u.email, u.role, u.office_id, u.display_name, u.disabled, u.password_hash, u.session_generation, o.code AS office_code
                  FROM staff_users u LEFT JOIN offices o ON o.id = u.office_id`;

const toUser = (r: UserRow): StoredUser => ({
  id: Number(r.id),
  email: r.email,
  role: r.role,
  officeId: r.office_id === null ? null : Number(r.office_id),
  officeCode: r.office_code,
  displayName: r.display_name,
  disabled: r.disabled,
  passwordHash: r.password_hash,
  sessionGeneration: r.session_generation,
});

export async function findUserByEmail(db: Db, email: string): Promise<StoredUser | undefined> {
  const { rows } = await db.query<UserRow>(`${SELECT} WHERE lower(u.email) = lower($1)`, [email]);
  return rows[0] && toUser(rows[0]);
}

export async function findUserById(db: Db, id: number): Promise<StoredUser | undefined> {
  const { rows } = await db.query<UserRow>(`${SELECT} WHERE u.id = $1`, [id]);
  return rows[0] && toUser(rows[0]);
}

export async function listUsers(db: Db): Promise<StoredUser[]> {
  const { rows } = await db.query<UserRow>(`${SELECT} ORDER BY u.id`);
  return rows.map(toUser);
}

/** A new account; a conflict when the email is taken. */
export async function insertUser(
  db: Db,
  user: { email: string; passwordHash: string; role: Role; officeId: number | null; displayName: string },
): Promise<number> {
  try {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO staff_users (email, password_hash, role, office_id, display_name) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [user.email, user.passwordHash, user.role, user.officeId, user.displayName],
    );
    return Number(rows[0]?.id);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new DomainError('conflict', { field: 'email' });
    throw error;
  }
}

export async function updateUser(
  db: Db,
  id: number,
  changes: { role?: Role; officeId?: number | null; displayName?: string; disabled?: boolean; passwordHash?: string },
): Promise<void> {
  await db.query(
    `UPDATE staff_users SET
        role = COALESCE($2, role),
        office_id = CASE WHEN $3::boolean THEN $4::bigint ELSE office_id END,
        display_name = COALESCE($5, display_name),
        disabled = COALESCE($6, disabled),
        password_hash = COALESCE($7, password_hash),
        updated_at = now()
      WHERE id = $1`,
    [
      id,
      changes.role ?? null,
      changes.officeId !== undefined,
      changes.officeId ?? null,
      changes.displayName ?? null,
      changes.disabled ?? null,
      changes.passwordHash ?? null,
    ],
  );
}

/**
 * Ends every session of the user at once: a new session generation makes the
 * open ones invalid (even one a request in flight writes back), and their rows
 * are deleted. Returns the new generation.
 */
export async function endUserSessions(db: Db, id: number): Promise<number> {
  const { rows } = await db.query<{ session_generation: number }>(
    'UPDATE staff_users SET session_generation = session_generation + 1 WHERE id = $1 RETURNING session_generation',
    [id],
  );
  await db.query(`DELETE FROM staff_sessions WHERE sess ->> 'userId' = $1`, [String(id)]);
  return rows[0]?.session_generation ?? 0;
}
