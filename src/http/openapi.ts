import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { rolesWith } from '../shared/principal.js';
import { ProblemSchema } from './schemas.js';

const PROBLEM_STATUSES = [400, 401, 403, 404, 409, 413, 429, 500] as const;

/**
 * Documents every route in OpenAPI 3.1 at /api/openapi.json, with who may call it, and adds the
 * problem+json error responses each route can give.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  app.addSchema(ProblemSchema);
  app.addHook('onRoute', (route: RouteOptions) => {
    const permission = route.config?.permission;
    if (!permission || !route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    route.schema ??= {};
    const response = (route.schema.response ?? {}) as Record<string, unknown>;
    for (const status of PROBLEM_STATUSES) {
      response[status] ??= {
        description: 'Problem details (RFC 9457)',
        content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
      };
    }
    route.schema.response = response;
    const who =
      permission === 'public' ? 'anyone, without an account' : `roles: ${rolesWith(permission).join(', ')}`;
    route.schema.description = [route.schema.description, `Permission \`${permission}\` (${who}).`]
      .filter(Boolean)
      .join('\n\n');
    if (permission !== 'public') route.schema.security = [{ session: [] }, { bearer: [] }];
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Nasij API',
        version,
        description:
          'The API of Nasij, the platform for the crafts sector and the social and solidarity economy. Errors are RFC 9457 problem+json with a stable `code`. Browser sessions send the `x-csrf-token` header on writes; integrations send `Authorization: Bearer <token>`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'nasij_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
    staticCSP: false,
  });
  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}
