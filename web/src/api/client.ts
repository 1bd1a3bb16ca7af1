/**
 * The one HTTP client of the app. Every call goes through here so that:
 * - cookies are sent (same origin) and the CSRF token rides on every state-changing request;
 * - a failed call always becomes a typed `ApiError` (problem+json parsed), never a raw Response;
 * - a 401 while the app believed it was logged in is reported once, to show "session expired".
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, toApiError } from './errors';
import type { paths } from './schema';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const AUTH_LOST_CODES = new Set(['SESSION_EXPIRED', 'AUTH_REQUIRED']);

let csrfToken: string | null = null;
const authLostListeners = new Set<(error: ApiError) => void>();

/** Called by the session provider whenever the session starts or ends. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Subscribes to "the server no longer knows us" events; returns the unsubscribe function. */
export function onAuthLost(listener: (error: ApiError) => void): () => void {
  authLostListeners.add(listener);
  return () => authLostListeners.delete(listener);
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && MUTATING.has(request.method)) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

type Result<T> = { data?: T; error?: unknown; response: Response };

async function settle<T>(pending: Promise<Result<T>>): Promise<Result<T>> {
  let result: Result<T>;
  try {
    result = await pending;
  } catch (cause) {
    throw new ApiError({
      status: 0,
      code: 'NETWORK',
      title: 'Network error',
      detail: cause instanceof Error ? cause.message : undefined,
    });
  }
  if (result.response.ok) return result;
  const error = toApiError(result.response.status, result.error);
  const loginAttempt = new URL(result.response.url, window.location.href).pathname === '/api/auth/login';
  if (error.status === 401 && AUTH_LOST_CODES.has(error.code) && csrfToken !== null && !loginAttempt) {
    csrfToken = null;
    for (const listener of authLostListeners) listener(error);
  }
  throw error;
}

/** Awaits an openapi-fetch call and returns its JSON body, or throws an `ApiError`. */
export async function request<T>(pending: Promise<Result<T>>): Promise<T> {
  const { data, response } = await settle(pending);
  if (data === undefined) {
    throw new ApiError({ status: response.status, code: 'UNKNOWN', title: 'Empty response' });
  }
  return data;
}

/** Same as `request` for calls answered by 204 No Content. */
export async function send(pending: Promise<Result<unknown>>): Promise<void> {
  await settle(pending);
}
