/**
 * The one error type domain code throws. The code decides the HTTP status in
 * `HttpErrorFilter`; nothing below the controllers knows about HTTP.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_event_data: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  version_conflict: 409,
  request_in_progress: 409,
  feedback_already_recorded: 409,
  payload_too_large: 413,
  event_not_allowed: 422,
  idempotency_key_reused: 422,
  feedback_not_expected: 422,
  card_of_another_customer: 422,
  card_not_identified: 422,
  too_many_requests: 429,
  internal_error: 500,
  service_unavailable: 503,
  overloaded: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class LifelineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'LifelineError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
