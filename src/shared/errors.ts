/**
 * The closed list of domain error codes and the HTTP status each maps to. Services throw
 * `new AppError(code, detail)`; the HTTP layer turns it into RFC 9457 problem+json and the CLI into
 * a message and a non-zero exit. Codes are stable: clients translate them.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  BAD_REQUEST: 400,
  AUTH_REQUIRED: 401,
  SESSION_EXPIRED: 401,
  INVALID_CREDENTIALS: 401,
  TOKEN_INVALID: 401,
  FORBIDDEN: 403,
  CSRF_TOKEN_INVALID: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  NAME_TAKEN: 409,
  IDENTIFIER_TAKEN: 409,
  STALE_VERSION: 409,
  CODE_TAKEN: 409,
  REPORT_EXISTS: 409,
  PERIOD_LOCKED: 409,
  REPORT_NOT_SUBMITTED: 409,
  INDICATOR_COMPUTED: 409,
  INDICATOR_IN_USE: 409,
  // Programmes: allocations and selection (issue 6).
  BUDGET_EXCEEDED: 409,
  CAPACITY_EXCEEDED: 409,
  QUOTA_EXCEEDED: 409,
  BENEFIT_EXISTS: 409,
  DELIVERY_EXCEEDED: 409,
  SELECTION_DONE: 409,
  SCORING_INCOMPLETE: 409,
  NOT_SELECTED: 409,
  CALL_NOT_OPEN: 409,
  CALL_CLOSED: 409,
  CALL_STILL_OPEN: 409,
  ALREADY_APPLIED: 409,
  CALL_HAS_APPLICATIONS: 409,
  // A programme with calls or benefits is closed, not deleted.
  PROGRAMME_IN_USE: 409,
  DECLARATION_REQUIRED: 409,
  ALREADY_DECLARED: 409,
  CONFLICT_OF_INTEREST: 403,
  // A decision letter for an application not decided yet.
  NOT_DECIDED: 409,
  // Appeals: once, on an ineligible or rejected outcome, within the call's appeal days.
  ALREADY_APPEALED: 409,
  NOT_APPEALABLE: 409,
  APPEAL_DEADLINE_PASSED: 409,
  // An applicant withdraws before a final outcome only.
  NOT_WITHDRAWABLE: 409,
  // Only a draft application is edited, submitted or deleted by the applicant.
  NOT_DRAFT: 409,
  RULES_INVALID: 422,
  PAYLOAD_TOO_LARGE: 413,
  FILE_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  FILE_NOT_PDF: 415,
  UNPROCESSABLE: 422,
  FILE_EMPTY: 422,
  IMPORT_FAILED: 422,
  RATE_LIMITED: 429,
  ACCOUNT_LOCKED: 429,
  INTERNAL: 500,
  NOT_READY: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One bad field: a JSON pointer into the request (`/body/email`) and what is wrong there. */
export interface FieldError {
  pointer: string;
  detail: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  /** Extra response headers, e.g. Retry-After. */
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.errors = options.errors;
    this.headers = options.headers;
  }
}

/** A one-field validation failure, for rules that JSON Schema cannot express. */
export function fieldError(pointer: string, detail: string, code: ErrorCode = 'VALIDATION_FAILED'): AppError {
  return new AppError(code, detail, { errors: [{ pointer, detail }] });
}

export function notFound(what: string, id: string): AppError {
  return new AppError('NOT_FOUND', `${what} ${id} was not found`);
}
