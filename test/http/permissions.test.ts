import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Role } from '../../src/db/database.js';
import { ANONYMOUS, can, PERMISSIONS, type Principal } from '../../src/shared/principal.js';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../helpers/app.js';

/** Every route the app registered, as recorded by its onRoute hook. */
function registeredRoutes(app: FastifyInstance) {
  return app.routeCatalogue;
}

const ROLES: Array<Role | 'anonymous'> = ['anonymous', 'admin', 'partner', 'territorial', 'actor'];
const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

describe('permissions', () => {
  let t: TestApp;
  const clients = new Map<Role, SignedInClient>();

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ['admin', 'partner', 'territorial', 'actor'] as const)
      clients.set(role, await signIn(t, role));
  });
  afterAll(() => t.close());

  it('every registered route declares a permission', () => {
    const routes = registeredRoutes(t.app);
    expect(routes.length).toBeGreaterThan(15);
    const undeclared = routes.filter((route) => !PERMISSIONS.includes(route.permission));
    expect(undeclared).toEqual([]);
    // The catalogue is the router's own list: every route Fastify knows is in it.
    for (const route of routes)
      expect(t.app.hasRoute({ method: route.method as 'GET', url: route.url })).toBe(true);
  });

  it('the app refuses to start with a route that declares no permission', async () => {
    const app = await buildApp({
      db: t.database.handle.db,
      engine: t.database.handle.engine,
      config: t.config,
      webDir: null,
    });
    try {
      expect(() => app.get('/api/forgotten', async () => 'x')).toThrow(
        /GET \/api\/forgotten declares no permission/,
      );
      expect(() =>
        app.get('/api/declared', { config: { permission: 'public' } }, async () => 'x'),
      ).not.toThrow();
    } finally {
      await app.close();
    }
  });

  it('each route answers each role as its permission says (every route × role)', async () => {
    // Signing out ends the session the other calls use, so it goes last.
    const isLogout = (r: { url: string }) => r.url === '/api/auth/logout';
    const routes = registeredRoutes(t.app)
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'))
      .sort((a, b) => Number(isLogout(a)) - Number(isLogout(b)));
    const failures: string[] = [];
    for (const route of routes) {
      const url = route.url.replace(':id', SAMPLE_ID).replace(':code', '01');
      for (const role of ROLES) {
        const principal: Principal = role === 'anonymous' ? ANONYMOUS : { ...ANONYMOUS, kind: 'user', role };
        const allowed = can(principal, route.permission);
        const client = role === 'anonymous' ? null : clients.get(role);
        const response = client
          ? await client.request(route.method, url, route.method === 'GET' ? undefined : {})
          : await t.app.inject({
              method: route.method as 'GET',
              url,
              ...(route.method === 'GET' ? {} : { payload: {} }),
            });
        const refused = response.statusCode === 401 || response.statusCode === 403;
        const expectedRefusal = role === 'anonymous' ? 401 : 403;
        if (allowed && refused)
          failures.push(`${role} refused on ${route.method} ${route.url}: ${response.body}`);
        if (!allowed && response.statusCode !== expectedRefusal) {
          failures.push(
            `${role} got ${response.statusCode} instead of ${expectedRefusal} on ${route.method} ${route.url}`,
          );
        }
        if (!allowed) expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      }
    }
    expect(failures).toEqual([]);
  });
});
