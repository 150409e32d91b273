export const STATUSES = ['received', 'routed', 'in_progress', 'answered', 'closed', 'spam', 'duplicate'] as const;
export type Status = (typeof STATUSES)[number];

/**
 * What staff may move a letter to. `routed` is set by routing; a letter filed
 * as spam or duplicate by mistake goes back to `routed`; `closed` is final.
 */
const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  received: ['spam', 'duplicate'],
  routed: ['in_progress', 'answered', 'spam', 'duplicate'],
  in_progress: ['answered', 'spam', 'duplicate'],
  answered: ['in_progress', 'closed'],
  closed: [],
  spam: ['routed'],
  duplicate: ['routed'],
};

export function canMove(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}
