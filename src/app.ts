import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyServerOptions,
  type RouteOptions,
} from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { EngineName } from './db/engine.js';
import { registerAuth } from './http/auth.js';
import { registerOpenApi } from './http/openapi.js';
import { sendProblem, toProblem } from './http/problem.js';
import { securityHeaders } from './http/security-headers.js';
import type { RouteSummary } from './http/types.js';
import { validatorCompiler } from './http/validation.js';
import authRoutes from './modules/accounts/auth.routes.js';
import organisationsRoutes from './modules/accounts/organisations.routes.js';
import tokensRoutes from './modules/accounts/tokens.routes.js';
import usersRoutes from './modules/accounts/users.routes.js';
import actorsDuplicatesRoutes from './modules/actors/actors.duplicates.routes.js';
import actorsImportRoutes from './modules/actors/actors.import.routes.js';
import actorsRoutes from './modules/actors/actors.routes.js';
import analyticsRoutes from './modules/analytics/analytics.routes.js';
import auditRoutes from './modules/audit/audit.routes.js';
import conventionsRoutes from './modules/conventions/conventions.routes.js';
import indicatorsRoutes from './modules/indicators/indicators.routes.js';
import reportsRoutes from './modules/indicators/reports.routes.js';
import programmesBenefitsRoutes from './modules/programmes/programmes.benefits.routes.js';
import programmesLettersRoutes from './modules/programmes/programmes.letters.routes.js';
import programmesRoutes from './modules/programmes/programmes.routes.js';
import programmesSelectionRoutes from './modules/programmes/programmes.selection.routes.js';
import systemRoutes from './modules/system/system.routes.js';
import mapRoutes from './modules/territory/territory.maps.js';
import territoryRoutes from './modules/territory/territory.routes.js';
import { AppError } from './shared/errors.js';

export const VERSION = '0.1.0';

export interface AppOptions {
  db: Kysely<Database>;
  engine: EngineName;
  config: Config;
  logger?: FastifyServerOptions['logger'];
  /** The built web app to serve at `/`; null to serve the API only. */
  webDir?: string | null;
}

/** Third-party routes that are public by nature (the API docs' pages and assets). */
const PUBLIC_PREFIXES = ['/api/docs'];

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Builds the Fastify app from its plugins and modules; nothing listens and nothing runs at import. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.decorate('db', options.db);
  app.decorate('config', config);
  app.decorate('engine', options.engine);

  // Every route must say who may call it: a route without a permission stops the app from starting.
  const catalogue: RouteSummary[] = [];
  app.decorate('routeCatalogue', catalogue);
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.config?.permission) {
      const thirdPartyPublic =
        PUBLIC_PREFIXES.some((prefix) => route.url.startsWith(prefix)) ||
        route.url === '/*' ||
        route.method === 'HEAD';
      if (!thirdPartyPublic)
        throw new Error(`route ${String(route.method)} ${route.url} declares no permission`);
      route.config = { ...route.config, permission: 'public' };
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD')
        catalogue.push({ method, url: route.url, permission: route.config.permission ?? 'public' });
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    // An untrusted incoming id is replaced, so log lines cannot be forged through it.
    if (!REQUEST_ID.test(String(request.id))) request.id = randomUUID();
    reply.header('x-request-id', request.id);
  });

  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: problem.code, detail: problem.detail }, 'request refused');
    return sendProblem(reply, problem, error instanceof AppError ? error.headers : undefined);
  });

  await app.register(cookie);
  app.addHook(
    'onRequest',
    securityHeaders({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      strictTransportSecurity: config.secureCookies,
    }),
  );
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'RATE_LIMITED',
        `Too many attempts: wait ${Math.ceil(context.ttl / 1000)} second(s) and try again`,
        {
          headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
        },
      ),
  });
  registerAuth(app);
  await registerOpenApi(app, VERSION);

  await app.register(systemRoutes);
  await app.register(territoryRoutes);
  await app.register(mapRoutes);
  await app.register(authRoutes);
  await app.register(organisationsRoutes);
  await app.register(usersRoutes);
  await app.register(tokensRoutes);
  await app.register(auditRoutes);
  await app.register(actorsRoutes);
  await app.register(actorsImportRoutes);
  await app.register(actorsDuplicatesRoutes);
  await app.register(analyticsRoutes);
  await app.register(conventionsRoutes);
  await app.register(indicatorsRoutes);
  await app.register(reportsRoutes);
  await app.register(programmesRoutes);
  await app.register(programmesBenefitsRoutes);
  await app.register(programmesLettersRoutes);
  await app.register(programmesSelectionRoutes);

  const webDir = options.webDir ?? null;
  const indexHtml = webDir ? path.join(webDir, 'index.html') : null;
  if (webDir && indexHtml && fs.existsSync(indexHtml)) {
    await app.register(fastifyStatic, {
      root: webDir,
      index: 'index.html',
      // Vite puts a content hash in every asset name, so assets can be cached for good.
      setHeaders: (res: FastifyReply, filePath: string) => {
        if (filePath.includes(`${path.sep}assets${path.sep}`)) {
          res.header('cache-control', 'public, max-age=31536000, immutable');
        }
      },
    });
  }

  app.setNotFoundHandler(async (request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    const wantsPage = request.method === 'GET' && !url.startsWith('/api/') && !url.startsWith('/health/');
    // Client-side routes of the web app fall back to its index page.
    if (wantsPage && indexHtml && fs.existsSync(indexHtml)) {
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .sendFile('index.html');
    }
    return sendProblem(
      reply,
      toProblem(new AppError('ROUTE_NOT_FOUND', `No route ${request.method} ${url}`), request),
    );
  });

  return app;
}
