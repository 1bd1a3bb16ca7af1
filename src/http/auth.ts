import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveSession } from '../modules/accounts/auth.service.js';
import { resolveApiToken } from '../modules/accounts/tokens.service.js';
import { safeEqual } from '../shared/crypto.js';
import { AppError } from '../shared/errors.js';
import { ANONYMOUS, type Context, can, type Principal } from '../shared/principal.js';

export const SESSION_COOKIE = 'nasij_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves who is calling (API token, then session cookie, else anonymous) and enforces the route's
 * declared permission and, for cookie-authenticated writes, the CSRF token. Runs before body parsing
 * and validation, so an unauthorised caller learns nothing about the route's schema.
 */
export function registerAuth(app: FastifyInstance): void {
  // Set on every request by the hook below, before any handler can read them.
  app.decorateRequest('principal', undefined as unknown as Principal);
  app.decorateRequest('sessionCsrf', null);
  app.decorateRequest('authProblem', null);
  app.decorateRequest('ctx', undefined as unknown as Context);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    request.principal = ANONYMOUS;
    request.ctx = { principal: ANONYMOUS, requestId: String(request.id) };
    const permission = request.routeOptions.config?.permission;
    // Unmatched URLs reach the not-found handler; static files are public.
    if (!permission) return;
    await identify(app, request, reply);
    request.ctx = { principal: request.principal, requestId: String(request.id) };
    if (permission === 'public') return;
    if (!request.principal.role) {
      if (request.authProblem) throw new AppError(request.authProblem.code, request.authProblem.detail);
      throw new AppError('AUTH_REQUIRED', 'Sign in, or send an API token, to use this route');
    }
    if (
      request.sessionCsrf !== null &&
      !SAFE_METHODS.has(request.method) &&
      request.routeOptions.config.csrf !== false
    ) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, request.sessionCsrf)) {
        throw new AppError(
          'CSRF_TOKEN_INVALID',
          `Send the session's CSRF token in the ${CSRF_HEADER} header`,
        );
      }
    }
    if (!can(request.principal, permission)) {
      throw new AppError(
        'FORBIDDEN',
        `Your role (${request.principal.role}) may not do this (${permission})`,
      );
    }
  });
}

async function identify(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1])
      throw new AppError('TOKEN_INVALID', 'The Authorization header must read "Bearer <token>"');
    request.principal = await resolveApiToken(app.db, match[1]);
    return;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return;
  const session = await resolveSession(app.db, app.config, cookie);
  if (session.status === 'expired') {
    request.authProblem = { code: 'SESSION_EXPIRED', detail: 'Your session has expired: sign in again' };
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return;
  }
  request.principal = session.principal;
  request.sessionCsrf = session.csrfToken;
}
