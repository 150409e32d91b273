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

/** Being worked: routed to an office and not yet answered. */
export function isOpen(status: string): boolean {
  return status === 'routed' || status === 'in_progress';
}

/** Staff may reply once a letter is routed and until it is closed; never to spam or a duplicate. */
export function mayReply(status: string): boolean {
  return isOpen(status) || status === 'answered';
}

/** The status a reply leaves: an open letter becomes answered; an answered one stays so. */
export function statusAfterReply(status: Status): Status {
  return isOpen(status) ? 'answered' : status;
}

/** Any letter but a closed one may go to another office. */
export function mayReroute(status: string): boolean {
  return status !== 'closed';
}

/** One answer for a campaign goes to its open letters only (an answered one has had its reply). */
export function takesCampaignReply(status: string): boolean {
  return isOpen(status);
}
