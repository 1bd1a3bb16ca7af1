import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { UserRow } from '../../db/database.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../../http/auth.js';
import { NoContent } from '../../http/schemas.js';
import { AppError } from '../../shared/errors.js';
import {
  LoginBody,
  MeUpdateBody,
  PasswordChangeBody,
  SessionSchema,
  toUser,
  UserSchema,
} from './accounts.schemas.js';
import * as authService from './auth.service.js';
import { findOrganisationById } from './organisations.repository.js';
import * as usersService from './users.service.js';

const TAGS = ['auth'];

/** Sign-in, sign-out, the current session and the signed-in user's own profile. */
const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const sessionOf = async (user: UserRow, csrfToken: string, expiresAt: Date) => {
    const organisation = user.organisation_id
      ? await findOrganisationById(app.db, user.organisation_id)
      : null;
    return {
      user: {
        id: user.id,
        email: user.email,
        displayName: user.display_name,
        role: user.role,
        organisationId: user.organisation_id,
        organisationName: organisation ? { fr: organisation.name_fr, ar: organisation.name_ar } : null,
        territoryCode: user.territory_code,
        locale: user.locale,
      },
      csrfToken,
      expiresAt: expiresAt.toISOString(),
    };
  };
  const setCookie = (reply: FastifyReply, token: string, expiresAt: Date) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: app.config.secureCookies,
      expires: expiresAt,
    });

  app.post(
    '/api/auth/login',
    {
      config: {
        permission: 'public',
        csrf: false,
        rateLimit: { max: app.config.loginRatePerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags: TAGS,
        summary: 'Sign in with email and password',
        body: LoginBody,
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) => {
      const signedIn = await authService.login(app.db, app.config, request.ctx, {
        email: request.body.email,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setCookie(reply, signedIn.token, signedIn.expiresAt);
      return sessionOf(signedIn.user, signedIn.csrfToken, signedIn.expiresAt);
    },
  );

  app.get(
    '/api/auth/session',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: TAGS,
        summary: 'The current session, with its CSRF token',
        response: { 200: SessionSchema },
      },
    },
    async (request) => {
      if (request.sessionCsrf === null || !request.principal.userId) {
        throw new AppError('AUTH_REQUIRED', 'This route describes a browser session; API tokens have none');
      }
      const user = await usersService.getUser(app.db, request.principal.userId);
      const session = await authService.resolveSession(
        app.db,
        app.config,
        request.cookies[SESSION_COOKIE] ?? '',
      );
      if (session.status !== 'valid')
        throw new AppError('SESSION_EXPIRED', 'Your session has expired: sign in again');
      return sessionOf(user, session.csrfToken, session.expiresAt);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: TAGS,
        summary: `Sign out (send the ${CSRF_HEADER} header)`,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await authService.logout(app.db, request.ctx, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.patch(
    '/api/me',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: TAGS,
        summary: 'Change your own name or language',
        body: MeUpdateBody,
        response: { 200: UserSchema },
      },
    },
    async (request) => toUser(await usersService.updateOwnProfile(app.db, request.ctx, request.body)),
  );

  app.post(
    '/api/me/password',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: TAGS,
        summary: 'Change your own password',
        body: PasswordChangeBody,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await usersService.changeOwnPassword(app.db, request.ctx, request.body);
      return reply.code(204).send(null);
    },
  );
};

export default authRoutes;
