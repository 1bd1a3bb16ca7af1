/** One error type for every failed API call: the server's RFC 9457 problem, typed. */

export interface FieldProblem {
  /** JSON pointer into the request, e.g. `/body/email`. */
  pointer: string;
  detail: string;
}

/** Codes the UI has its own wording for (`errors.<CODE>` in the locale files). */
export const KNOWN_ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'BAD_REQUEST',
  'TOKEN_INVALID',
  'METHOD_NOT_ALLOWED',
  'NAME_TAKEN',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNPROCESSABLE',
  'NOT_READY',
  'AUTH_REQUIRED',
  'SESSION_EXPIRED',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'RATE_LIMITED',
  'FORBIDDEN',
  'CSRF_TOKEN_INVALID',
  'NOT_FOUND',
  'ROUTE_NOT_FOUND',
  'EMAIL_TAKEN',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'FILE_TOO_LARGE',
  'FILE_NOT_PDF',
  'FILE_EMPTY',
  'CODE_TAKEN',
  'REPORT_EXISTS',
  'PERIOD_LOCKED',
  'REPORT_NOT_SUBMITTED',
  'INDICATOR_COMPUTED',
  'INDICATOR_IN_USE',
  'IDENTIFIER_TAKEN',
  'STALE_VERSION',
  // Programmes, calls, applications and selection (issue 6).
  'CALL_NOT_OPEN',
  'CALL_CLOSED',
  'CALL_STILL_OPEN',
  'ALREADY_APPLIED',
  'CALL_HAS_APPLICATIONS',
  'PROGRAMME_IN_USE',
  'DECLARATION_REQUIRED',
  'ALREADY_DECLARED',
  'CONFLICT_OF_INTEREST',
  'RULES_INVALID',
  'BUDGET_EXCEEDED',
  'CAPACITY_EXCEEDED',
  'QUOTA_EXCEEDED',
  'BENEFIT_EXISTS',
  'DELIVERY_EXCEEDED',
  'SELECTION_DONE',
  'SCORING_INCOMPLETE',
  'NOT_SELECTED',
  'NOT_WITHDRAWABLE',
  'NOT_DRAFT',
  'ALREADY_APPEALED',
  'NOT_APPEALABLE',
  'APPEAL_DEADLINE_PASSED',
  'INTERNAL',
  'NETWORK',
  'UNKNOWN',
] as const;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldProblem[];
  readonly requestId: string | undefined;

  constructor(init: {
    status: number;
    code: string;
    title: string;
    detail?: string | undefined;
    errors?: FieldProblem[] | undefined;
    requestId?: string | undefined;
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.requestId = init.requestId;
  }

  /** Field errors keyed by the last segment of their pointer under `prefix` (`/body/email` -> `email`). */
  fieldErrors(prefix = '/body'): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) {
      if (!e.pointer.startsWith(`${prefix}/`)) continue;
      const field = e.pointer.slice(prefix.length + 1).split('/')[0];
      if (field && !(field in out)) out[field] = e.detail;
    }
    return out;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function fieldProblems(value: unknown): FieldProblem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (!isRecord(item)) return [];
    const pointer = str(item.pointer) ?? str(item.instancePath) ?? '';
    const detail = str(item.detail) ?? str(item.message) ?? '';
    return pointer || detail ? [{ pointer, detail }] : [];
  });
}

/** Builds an ApiError from whatever body a failed response carried (problem+json or not). */
export function toApiError(status: number, body: unknown): ApiError {
  if (isRecord(body)) {
    return new ApiError({
      status,
      code: str(body.code) ?? (status >= 500 ? 'INTERNAL' : 'UNKNOWN'),
      title: str(body.title) ?? `HTTP ${status}`,
      detail: str(body.detail),
      errors: fieldProblems(body.errors),
      requestId: str(body.requestId),
    });
  }
  return new ApiError({
    status,
    code: status >= 500 ? 'INTERNAL' : 'UNKNOWN',
    title: `HTTP ${status}`,
    detail: typeof body === 'string' && body.length < 300 ? body : undefined,
  });
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
