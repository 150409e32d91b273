// The one error type of the domain: actions throw it, the HTTP layer
// (src/http/domain-errors.ts) maps its code to a status and a message key, and
// the page layer (src/web/error-texts.ts) to text in each language. Nothing
// here knows about HTTP.

export const ERROR_CODES = [
  // a thing
  'not_found',
  'conflict',
  'illegal_transition',
  'idempotency_conflict',
  'idempotency_key_invalid',
  'bad_cursor',
  'bad_query',
  /** Inbound mail someone else has already attached, made a letter of or discarded. */
  'already_handled',
  /** Inbound mail with no sender address cannot become a letter by email. */
  'no_sender',
  // a field that breaks a rule its schema cannot see (`details.field` names it)
  'unknown_office',
  'officer_needs_office',
  'office_only_for_officers',
  'not_an_officer',
  'rule_needs_condition',
  'default_office_required',
  'current_password_wrong',
  'invalid_code',
  'received_at_invalid',
  /** No letter has the reference given (attaching held mail). */
  'unknown_letter',
  // who may do it
  'unauthenticated',
  'forbidden',
  'csrf_failed',
  'invalid_credentials',
  /** A signed-in member's proof (password or code) for a change to their own second factor is wrong. */
  'wrong_proof',
  'second_factor_required',
  'account_locked',
  'enrolment_required',
  'second_factor_mandatory',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorDetails = {
  /** The input field the error is about. */
  field?: string;
  /** account_locked: when to try again. */
  retryAfterSeconds?: number;
};

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details: ErrorDetails = {},
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export const isDomainError = (error: unknown, ...codes: ErrorCode[]): error is DomainError =>
  error instanceof DomainError && (codes.length === 0 || codes.includes(error.code));
