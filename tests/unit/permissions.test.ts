import { describe, expect, it } from 'vitest';
import { ACTIONS, allowed, canSeeLetter, officeScope, ROLES, type Action, type Role, type StaffUser } from '../../src/staff/permissions.js';

// Written out by hand from the contract ("Roles" in the Staff API section), not
// read from permissions.ts: admin everything; supervisor triage of all offices
// (including reroute), postal entry and the print queue; officer the letters of
// their own office, without reroute; clerk postal letters and the print queue only.
// Email channel: the holding pen is supervisor and admin; an officer sees only the
// inbound mail of their own office's letters. Reports: supervisors and admins, an officer of their own office.
const GRANTED: Record<Role, readonly Action[]> = {
  admin: [
    'letters.list', 'letter.view', 'letter.reroute', 'letter.status', 'letter.assign', 'letter.note', 'letter.reply',
    'postal.create', 'print.view', 'print.mark', 'inbound.view', 'inbound.triage', 'reports.view', 'admin.manage',
  ],
  supervisor: [
    'letters.list', 'letter.view', 'letter.reroute', 'letter.status', 'letter.assign', 'letter.note', 'letter.reply',
    'postal.create', 'print.view', 'print.mark', 'inbound.view', 'inbound.triage', 'reports.view',
  ],
  officer: ['letters.list', 'letter.view', 'letter.status', 'letter.assign', 'letter.note', 'letter.reply', 'inbound.view', 'reports.view'],
  clerk: ['postal.create', 'print.view', 'print.mark'],
};

const OWN_OFFICE = 1;
const OTHER_OFFICE = 2;

const user = (role: Role, officeId: number | null = role === 'officer' ? OWN_OFFICE : null): StaffUser => ({
  id: 7, email: `${role}@president.example`, role, officeId, displayName: role,
});

describe('roles and actions', () => {
  it('the roles are exactly admin, supervisor, officer and clerk', () => {
    expect([...ROLES].sort()).toEqual(['admin', 'clerk', 'officer', 'supervisor']);
  });

  it('every action in the code appears in the table above, and no other', () => {
    expect([...ACTIONS].sort()).toEqual([...GRANTED.admin].sort());
  });
});

describe('allowed', () => {
  const cells = (Object.keys(GRANTED) as Role[]).flatMap((role) =>
    [...GRANTED.admin].map((action): [Role, Action, string, boolean] => {
      const yes = GRANTED[role].includes(action);
      return [role, action, yes ? 'granted' : 'refused', yes];
    }),
  );

  it.each(cells)('when a %s asks for %s, then it is %s', (role, action, _word, expected) => {
    expect(allowed(user(role), action)).toBe(expected);
  });

  it('does not depend on the office an officer belongs to', () => {
    for (const action of ACTIONS) {
      expect(allowed(user('officer', OTHER_OFFICE), action)).toBe(allowed(user('officer', OWN_OFFICE), action));
    }
  });
});

describe('canSeeLetter', () => {
  const cases: [string, StaffUser, { officeId: number | null }, boolean][] = [
    ['an admin, a letter of any office', user('admin'), { officeId: OTHER_OFFICE }, true],
    ['an admin, a letter not yet routed', user('admin'), { officeId: null }, true],
    ['a supervisor, a letter of any office', user('supervisor'), { officeId: OTHER_OFFICE }, true],
    ['a supervisor, a letter not yet routed', user('supervisor'), { officeId: null }, true],
    ['an officer, a letter of their own office', user('officer', OWN_OFFICE), { officeId: OWN_OFFICE }, true],
    ['an officer, a letter of another office', user('officer', OWN_OFFICE), { officeId: OTHER_OFFICE }, false],
    ['an officer, a letter not yet routed', user('officer', OWN_OFFICE), { officeId: null }, false],
    ['an officer without an office, a letter not yet routed', user('officer', null), { officeId: null }, false],
    ['an officer without an office, a letter of an office', user('officer', null), { officeId: OWN_OFFICE }, false],
    ['a clerk, a letter of any office', user('clerk'), { officeId: OWN_OFFICE }, false],
    ['a clerk, a letter not yet routed', user('clerk'), { officeId: null }, false],
  ];

  it.each(cases)('when %s, then the answer is %s', (_label, who, letter, expected) => {
    expect(canSeeLetter(who, letter)).toBe(expected);
  });
});

describe('officeScope', () => {
  it.each([
    ['an officer of office 1', user('officer', OWN_OFFICE), OWN_OFFICE],
    ['an officer of office 2', user('officer', OTHER_OFFICE), OTHER_OFFICE],
    ['an admin', user('admin'), null],
    ['a supervisor', user('supervisor'), null],
    ['a clerk (who may not list at all)', user('clerk'), null],
  ] as [string, StaffUser, number | null][])('when %s lists letters, then the office scope is %s (null: every office)', (_label, who, expected) => {
    expect(officeScope(who)).toBe(expected);
  });

  it('when an admin or supervisor has an office id set by mistake, then their list is still not limited', () => {
    expect(officeScope(user('admin', OWN_OFFICE))).toBeNull();
    expect(officeScope(user('supervisor', OWN_OFFICE))).toBeNull();
  });
});
