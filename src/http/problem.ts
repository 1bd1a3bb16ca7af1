import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_STATUS, type ErrorCode, type FieldError } from '../shared/errors.js';

const TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid',
  MALFORMED_JSON: 'The request body is not valid JSON',
  BAD_REQUEST: 'Bad request',
  AUTH_REQUIRED: 'Sign-in required',
  SESSION_EXPIRED: 'Session expired',
  INVALID_CREDENTIALS: 'Wrong email or password',
  TOKEN_INVALID: 'API token not valid',
  FORBIDDEN: 'Not allowed',
  CSRF_TOKEN_INVALID: 'Missing or wrong CSRF token',
  NOT_FOUND: 'Not found',
  ROUTE_NOT_FOUND: 'No such route',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  CONFLICT: 'Conflict',
  EMAIL_TAKEN: 'Email already used',
  NAME_TAKEN: 'Name already used',
  IDENTIFIER_TAKEN: 'Identifier already registered',
  STALE_VERSION: 'The record changed since you opened it',
  CODE_TAKEN: 'Code already used',
  REPORT_EXISTS: 'A report already exists for this period',
  PERIOD_LOCKED: 'The period is validated and locked',
  REPORT_NOT_SUBMITTED: 'The report is not awaiting review',
  INDICATOR_COMPUTED: 'Computed indicators are defined in code',
  INDICATOR_IN_USE: 'The indicator already has values',
  BUDGET_EXCEEDED: 'The budget would be exceeded',
  CAPACITY_EXCEEDED: "The call's budget or capacity would be exceeded",
  QUOTA_EXCEEDED: 'The quota would be exceeded',
  BENEFIT_EXISTS: 'The application already has its benefit',
  DELIVERY_EXCEEDED: 'More than what was granted',
  SELECTION_DONE: 'The selection of this call was already made',
  SCORING_INCOMPLETE: 'Some applications are not scored yet',
  NOT_SELECTED: 'The application is not selected',
  CALL_NOT_OPEN: 'The call is not open yet',
  CALL_CLOSED: 'The call is closed',
  CALL_STILL_OPEN: 'The call is still open',
  ALREADY_APPLIED: 'This actor already applied to this call',
  CALL_HAS_APPLICATIONS: 'The call already has applications',
  PROGRAMME_IN_USE: 'The programme has calls or benefits',
  DECLARATION_REQUIRED: 'Declare any conflict of interest before scoring',
  ALREADY_DECLARED: 'The declaration was already made',
  CONFLICT_OF_INTEREST: 'Conflict of interest',
  NOT_DECIDED: 'Application not decided',
  ALREADY_APPEALED: 'The application was already appealed',
  NOT_APPEALABLE: 'This outcome cannot be appealed',
  APPEAL_DEADLINE_PASSED: 'The time to appeal has passed',
  NOT_WITHDRAWABLE: 'This application can no longer be withdrawn',
  NOT_DRAFT: 'The application is no longer a draft',
  RULES_INVALID: 'The eligibility rules are not valid',
  PAYLOAD_TOO_LARGE: 'Request too large',
  FILE_TOO_LARGE: 'File too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  FILE_NOT_PDF: 'The file is not a PDF',
  UNPROCESSABLE: 'Cannot be processed',
  FILE_EMPTY: 'The file is empty',
  IMPORT_FAILED: 'The file cannot be imported',
  RATE_LIMITED: 'Too many requests',
  ACCOUNT_LOCKED: 'Account temporarily locked',
  INTERNAL: 'Internal error',
  NOT_READY: 'Service not ready',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

interface AjvIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

function escapePointer(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Turns Ajv's issues into JSON pointers from the request root: `/body/email`, `/querystring/limit`. */
export function validationErrors(context: string, issues: AjvIssue[]): FieldError[] {
  return issues.map((issue) => {
    let pointer = `/${context}${issue.instancePath}`;
    let detail = issue.message ?? 'is not valid';
    if (issue.keyword === 'required' && typeof issue.params.missingProperty === 'string') {
      pointer += `/${escapePointer(issue.params.missingProperty)}`;
      detail = 'is required';
    } else if (
      issue.keyword === 'additionalProperties' &&
      typeof issue.params.additionalProperty === 'string'
    ) {
      pointer += `/${escapePointer(issue.params.additionalProperty)}`;
      detail = 'is not a known field';
    } else if (issue.keyword === 'pattern' && String(issue.params.pattern ?? '').includes('u0000')) {
      detail = 'must not contain control characters';
    }
    return { pointer, detail };
  });
}

/** Maps any thrown error to a problem. Internal details of 5xx never reach the client. */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  const base = { instance: request.url.split('?')[0], requestId: String(request.id) };
  if (error instanceof AppError) {
    return {
      type: `urn:nasij:problem:${error.code.toLowerCase()}`,
      title: TITLES[error.code],
      status: error.status,
      detail: error.message,
      code: error.code,
      ...base,
      ...(error.errors ? { errors: error.errors } : {}),
    };
  }
  const fastifyError = error as Partial<FastifyError> & {
    validationContext?: string;
    validation?: AjvIssue[];
  };
  const make = (code: ErrorCode, detail: string, errors?: FieldError[]): Problem => ({
    type: `urn:nasij:problem:${code.toLowerCase()}`,
    title: TITLES[code],
    status: ERROR_STATUS[code],
    detail,
    code,
    ...base,
    ...(errors ? { errors } : {}),
  });
  if (fastifyError.validation) {
    const errors = validationErrors(fastifyError.validationContext ?? 'body', fastifyError.validation);
    const fields = errors.map((e) => `${e.pointer} ${e.detail}`).join('; ');
    return make('VALIDATION_FAILED', `The request has ${errors.length} invalid field(s): ${fields}`, errors);
  }
  const fromDatabase = databaseProblem(fastifyError.code);
  if (fromDatabase) return make(fromDatabase.code, fromDatabase.detail);
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return make('MALFORMED_JSON', fastifyError.message ?? 'The body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return make('PAYLOAD_TOO_LARGE', 'The request body is larger than this server accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return make('UNSUPPORTED_MEDIA_TYPE', fastifyError.message ?? 'Unsupported content type');
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return make('MALFORMED_JSON', `The body is not valid JSON: ${error.message}`);
  }
  if (fastifyError.statusCode === 403) return make('FORBIDDEN', fastifyError.message ?? 'Forbidden');
  if (fastifyError.statusCode === 404) return make('NOT_FOUND', fastifyError.message ?? 'Not found');
  if (fastifyError.statusCode === 413) return make('PAYLOAD_TOO_LARGE', 'The request body is too large');
  if (fastifyError.statusCode === 415) return make('UNSUPPORTED_MEDIA_TYPE', fastifyError.message ?? '');
  if (fastifyError.statusCode === 429) return make('RATE_LIMITED', 'Too many requests; wait and try again');
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return make('BAD_REQUEST', fastifyError.message ?? 'Bad request');
  }
  return make(
    'INTERNAL',
    `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
  );
}

export function sendProblem(
  reply: FastifyReply,
  problem: Problem,
  headers?: Record<string, string>,
): FastifyReply {
  if (headers) reply.headers(headers);
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').send(problem);
}

/**
 * A safety net for constraint errors that a service did not pre-check (a race between two writers):
 * the client gets a 4xx that says what kind of conflict, never the SQL message.
 */
function databaseProblem(sqlState: string | undefined): { code: ErrorCode; detail: string } | null {
  switch (sqlState) {
    case '23505':
      return { code: 'CONFLICT', detail: 'A record with the same unique value already exists' };
    case '23503':
      return {
        code: 'CONFLICT',
        detail: 'The record refers to something that does not exist, or is still referenced',
      };
    case '23514':
    case '23502':
      return { code: 'VALIDATION_FAILED', detail: 'A value breaks a rule of the registry' };
    case '22P02':
    case '22021':
    case '22001':
      return { code: 'BAD_REQUEST', detail: 'A value has the wrong form or length' };
    default:
      return null;
  }
}
