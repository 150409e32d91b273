// Who may do what: the one place authorisation is decided. Handlers ask
// `allowed` for the action and `canSeeLetter` for the object.

export const ROLES = ['admin', 'supervisor', 'officer', 'clerk'] as const;
export type Role = (typeof ROLES)[number];

export type StaffUser = { id: number; email: string; role: Role; officeId: number | null; displayName: string };

export const ACTIONS = [
  'letters.list',
  'letter.view',
  'letter.reroute',
  'letter.status',
  'letter.assign',
  'letter.note',
  'letter.reply',
  'postal.create',
  'print.view',
  'print.mark',
  /** Inbound mail attached to letters (an officer: their office's letters only). */
  'inbound.view',
  /** The holding pen: held mail, attached, made a letter or discarded. */
  'inbound.triage',
  /** Reports: an officer's are of their own office. */
  'reports.view',
  'admin.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

const GRANTS: Readonly<Record<Role, readonly Action[]>> = {
  admin: ACTIONS,
  supervisor: [
    'letters.list', 'letter.view', 'letter.reroute', 'letter.status', 'letter.assign', 'letter.note', 'letter.reply',
    'postal.create', 'print.view', 'print.mark', 'inbound.view', 'inbound.triage', 'reports.view',
  ],
  officer: ['letters.list', 'letter.view', 'letter.status', 'letter.assign', 'letter.note', 'letter.reply', 'inbound.view', 'reports.view'],
  clerk: ['postal.create', 'print.view', 'print.mark'],
};

export function allowed(user: StaffUser, action: Action): boolean {
  return GRANTS[user.role].includes(action);
}

/** An officer sees the letters of their own office only; admins and supervisors see all. */
export function canSeeLetter(user: StaffUser, letter: { officeId: number | null }): boolean {
  if (!allowed(user, 'letter.view')) return false;
  return user.role !== 'officer' || (letter.officeId !== null && letter.officeId === user.officeId);
}

/** The office a list is limited to, whatever filter was asked for: an officer's own. */
export function officeScope(user: StaffUser): number | null {
  return user.role === 'officer' ? user.officeId : null;
}
