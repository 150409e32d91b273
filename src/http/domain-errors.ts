import type { DomainError, ErrorCode } from '../errors.js';
import type { Language } from '../i18n/language.js';
import { translate, type MessageKey } from '../i18n/messages.js';
import { ApiError } from './api-error.js';

type Answer =
  /** The contract's `error` code is the domain code, with its own message. */
  | { status: number; error?: string; key: MessageKey }
  /** A field's rule: 422 `validation_failed` with one issue on the field, in the reader's language. */
  | { status: 422; issue: MessageKey };

/** Every domain error code, once, as the API answers it. */
const ANSWERS: Record<ErrorCode, Answer> = {
  not_found: { status: 404, key: 'not_found' },
  conflict: { status: 409, key: 'conflict' },
  illegal_transition: { status: 409, key: 'illegal_transition' },
  idempotency_conflict: { status: 409, key: 'idempotency_conflict' },
  idempotency_key_invalid: { status: 400, error: 'bad_request', key: 'idempotency_key_invalid' },
  bad_cursor: { status: 400, error: 'bad_request', key: 'bad_request' },
  bad_query: { status: 400, error: 'bad_request', key: 'bad_request' },
  already_handled: { status: 409, key: 'already_handled' },
  no_sender: { status: 409, key: 'no_sender' },
  unknown_office: { status: 422, issue: 'unknown_office' },
  officer_needs_office: { status: 422, issue: 'officer_needs_office' },
  office_only_for_officers: { status: 422, issue: 'office_only_for_officers' },
  not_an_officer: { status: 422, issue: 'not_an_officer' },
  rule_needs_condition: { status: 422, issue: 'rule_needs_condition' },
  default_office_required: { status: 422, issue: 'default_office_required' },
  current_password_wrong: { status: 422, issue: 'current_password_wrong' },
  invalid_code: { status: 422, issue: 'invalid_code' },
  received_at_invalid: { status: 422, issue: 'received_at_invalid' },
  unknown_letter: { status: 422, issue: 'unknown_letter' },
  unauthenticated: { status: 401, key: 'unauthenticated' },
  forbidden: { status: 403, key: 'forbidden' },
  csrf_failed: { status: 403, key: 'csrf_failed' },
  invalid_credentials: { status: 401, key: 'invalid_credentials' },
  // Signed in already: refused (403), not unauthenticated.
  wrong_proof: { status: 403, error: 'invalid_credentials', key: 'invalid_credentials' },
  second_factor_required: { status: 401, key: 'second_factor_required' },
  account_locked: { status: 423, key: 'account_locked' },
  enrolment_required: { status: 403, key: 'enrolment_required' },
  second_factor_mandatory: { status: 403, key: 'second_factor_mandatory' },
};

/** The status a domain error is answered with (for documents and tests). */
export const statusOf = (code: ErrorCode): number => ANSWERS[code].status;

/** A domain error as the API answers it. */
export function apiErrorOf(error: DomainError, language: Language): ApiError {
  const answer = ANSWERS[error.code];
  const retry = error.details.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.details.retryAfterSeconds };
  if ('issue' in answer) {
    const issues = [{ path: error.details.field ?? '', message: translate(answer.issue, language) }];
    return new ApiError(422, 'validation_failed', 'validation_failed', { issues, ...retry });
  }
  const code = answer.error ?? error.code;
  return new ApiError(answer.status, code, answer.key, retry);
}
