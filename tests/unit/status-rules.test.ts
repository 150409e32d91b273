import { describe, expect, it } from 'vitest';
import { canMove, isStatus, mayReply, mayReroute, statusAfterReply, STATUSES, takesCampaignReply, type Status } from '../../src/submissions/status.rules.js';

// By hand, from the contract's workflow received → routed → in_progress → answered → closed,
// plus spam and duplicate as the product implements them:
// - `routed` is set by routing (or a reroute), never by a status change; a letter not yet
//   routed can only be filed as spam or duplicate;
// - a routed letter may be answered straight away (a reply does that);
// - an answered letter can be reopened (back to in_progress) or closed; `closed` is final;
// - a letter filed as spam or duplicate by mistake goes back to `routed`;
// - staying in the same status is not a move.
const ALLOWED_MOVES = new Set([
  'received→spam',
  'received→duplicate',
  'routed→in_progress',
  'routed→answered',
  'routed→spam',
  'routed→duplicate',
  'in_progress→answered',
  'in_progress→spam',
  'in_progress→duplicate',
  'answered→in_progress',
  'answered→closed',
  'spam→routed',
  'duplicate→routed',
]);

const ALL: Status[] = ['received', 'routed', 'in_progress', 'answered', 'closed', 'spam', 'duplicate'];

describe('STATUSES', () => {
  it('are exactly the seven of the workflow, in its order', () => {
    expect([...STATUSES]).toEqual(ALL);
  });
});

describe('canMove: the full 7×7 table', () => {
  const pairs = ALL.flatMap((from) =>
    ALL.map((to): [Status, Status, string, boolean] => {
      const yes = ALLOWED_MOVES.has(`${from}→${to}`);
      return [from, to, yes ? 'allowed' : 'refused', yes];
    }),
  );

  it('has 49 cells, 13 of them allowed', () => {
    expect(pairs).toHaveLength(49);
    expect(pairs.filter(([, , , yes]) => yes)).toHaveLength(13);
  });

  it.each(pairs)('when a %s letter is moved to %s, then it is %s', (from, to, _word, expected) => {
    expect(canMove(from, to)).toBe(expected);
  });

  it('when a letter is closed, then it can go nowhere', () => {
    expect(ALL.filter((to) => canMove('closed', to))).toEqual([]);
  });

  it('when any status is "moved" to itself, then it is refused', () => {
    expect(ALL.filter((s) => canMove(s, s))).toEqual([]);
  });

  it('the happy path received → routed is not a staff move, but every later step is', () => {
    expect(canMove('received', 'routed')).toBe(false);
    expect(canMove('routed', 'in_progress') && canMove('in_progress', 'answered') && canMove('answered', 'closed')).toBe(true);
  });
});

describe('isStatus', () => {
  it.each(ALL)('when given "%s", then it is a status', (value) => {
    expect(isStatus(value)).toBe(true);
  });

  it.each([
    ['an upper-case name', 'ROUTED'],
    ['a name with a space', ' routed'],
    ['a human spelling', 'in progress'],
    ['an empty string', ''],
    ['an array method name', 'includes'],
    ['an object key', '__proto__'],
    ['a number', 1],
    ['null', null],
    ['undefined', undefined],
    ['an array holding a status', ['routed']],
    ['an object', { status: 'routed' }],
  ] as [string, unknown][])('when given %s, then it is not a status', (_label, value) => {
    expect(isStatus(value)).toBe(false);
  });
});

describe('what a letter in each status may have done to it', () => {
  const table = ALL.map((s) => [s, mayReply(s), mayReroute(s), takesCampaignReply(s), statusAfterReply(s)] as const);

  it('when staff reply, reroute or answer a campaign, then the status decides as the workflow says', () => {
    expect(table).toEqual([
      ['received', false, true, false, 'received'],
      ['routed', true, true, true, 'answered'],
      ['in_progress', true, true, true, 'answered'],
      ['answered', true, true, false, 'answered'],
      ['closed', false, false, false, 'closed'],
      ['spam', false, true, false, 'spam'],
      ['duplicate', false, true, false, 'duplicate'],
    ]);
  });

  it('when a letter may be replied to, then the status the reply leaves is one the workflow reaches from it', () => {
    for (const s of ALL.filter((x) => mayReply(x) && statusAfterReply(x) !== x)) expect(canMove(s, statusAfterReply(s))).toBe(true);
  });
});
