import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';

type Db = Pool | PoolClient;

export type SecondFactor = {
  /** Base32; null while not enrolled. */
  secret: string | null;
  enabledAt: Date | null;
  lastStep: number | null;
  pendingSecret: string | null;
  pendingAt: Date | null;
  recoveryCodesLeft: number;
};

type Row = {
  totp_secret: string | null; totp_enabled_at: Date | null; totp_last_step: string | null;
  totp_pending_secret: string | null; totp_pending_at: Date | null; left: string;
};

export async function findSecondFactor(db: Db, userId: number): Promise<SecondFactor | undefined> {
  const { rows } = await db.query<Row>(
    `SELECT totp_secret, totp_enabled_at, totp_last_step, totp_pending_secret, totp_pending_at,
            (SELECT count(*) FROM staff_recovery_codes r WHERE r.user_id = u.id AND r.used_at IS NULL) AS left
       FROM staff_users u WHERE id = $1`,
    [userId],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    secret: r.totp_secret,
    enabledAt: r.totp_enabled_at,
    lastStep: r.totp_last_step === null ? null : Number(r.totp_last_step),
    pendingSecret: r.totp_pending_secret,
    pendingAt: r.totp_pending_at,
    recoveryCodesLeft: Number(r.left),
  };
}

export async function hasSecondFactor(db: Db, userId: number): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM staff_users WHERE id = $1 AND totp_enabled_at IS NOT NULL', [userId]);
  return rows.length > 0;
}

/** Keeps a new secret until a code from it confirms the enrolment (a second start replaces it). */
export async function startEnrolment(db: Db, userId: number, secret: string, now: Date): Promise<void> {
  await db.query('UPDATE staff_users SET totp_pending_secret = $2, totp_pending_at = $3 WHERE id = $1', [userId, secret, now]);
}

/**
 * Turns the pending secret on, with `step` already used (the code that
 * confirmed it) and a fresh set of recovery codes in place of any old ones.
 * False when there was no pending secret or it changed meanwhile.
 */
export async function confirmEnrolment(
  pool: Pool, userId: number, secret: string, step: number, codeHashes: readonly Buffer[], now: Date,
): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    const { rowCount } = await client.query(
      `UPDATE staff_users
          SET totp_secret = totp_pending_secret, totp_enabled_at = $3, totp_last_step = $4,
              totp_pending_secret = NULL, totp_pending_at = NULL, updated_at = now()
        WHERE id = $1 AND totp_pending_secret = $2 AND totp_enabled_at IS NULL`,
      [userId, secret, now, step],
    );
    if (rowCount !== 1) return false;
    await insertRecoveryCodes(client, userId, codeHashes);
    return true;
  });
}

async function insertRecoveryCodes(client: PoolClient, userId: number, codeHashes: readonly Buffer[]): Promise<void> {
  await client.query('DELETE FROM staff_recovery_codes WHERE user_id = $1', [userId]);
  await client.query('INSERT INTO staff_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::bytea[])', [userId, codeHashes]);
}

/** A new set of recovery codes in place of the old ones (used or not). */
export async function replaceRecoveryCodes(pool: Pool, userId: number, codeHashes: readonly Buffer[]): Promise<void> {
  await inTransaction(pool, (client) => insertRecoveryCodes(client, userId, codeHashes));
}

/** Records `step` as used; false if it (or a later one) was used already, which makes a replayed code fail. */
export async function useTimeStep(db: Db, userId: number, step: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE staff_users SET totp_last_step = $2
      WHERE id = $1 AND totp_enabled_at IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < $2)`,
    [userId, step],
  );
  return rowCount === 1;
}

/** Spends one recovery code; false if it is not one of the user's or was spent already. */
export async function useRecoveryCode(db: Db, userId: number, codeHash: Buffer, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE staff_recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL',
    [userId, codeHash, now],
  );
  return rowCount === 1;
}

/** No second factor any more: secret, pending enrolment and recovery codes gone. */
export async function removeSecondFactor(pool: Pool, userId: number): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query(
      `UPDATE staff_users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL,
              totp_pending_secret = NULL, totp_pending_at = NULL, updated_at = now()
        WHERE id = $1`,
      [userId],
    );
    await client.query('DELETE FROM staff_recovery_codes WHERE user_id = $1', [userId]);
  });
}
