import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { Role } from '../../src/db/database.js';
import { createOrganisation } from '../../src/modules/accounts/organisations.service.js';
import { createUser } from '../../src/modules/accounts/users.service.js';
import { systemContext } from '../../src/shared/principal.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { createPrng } from './prng.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = { ...loadConfig({}), loginRatePerMinute: 1000, ...overrides };
  const app = await buildApp({
    db: database.handle.db,
    engine: database.handle.engine,
    config,
    webDir: null,
  });
  await app.ready();
  return {
    app,
    database,
    config,
    close: async () => {
      await app.close();
      await database.destroy();
    },
  };
}

export interface SignedInClient {
  userId: string;
  email: string;
  organisationId: string | null;
  cookie: string;
  csrf: string;
  /** Sends a request as this user, with the session cookie and CSRF header. */
  request(method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

const prng = createPrng(845);

/** Makes a user of `role` (with an organisation or territory as the role needs) and signs in. */
export async function signIn(
  t: TestApp,
  role: Role,
  options: { territoryCode?: string; organisationId?: string } = {},
): Promise<SignedInClient> {
  const db = t.database.handle.db;
  const ctx = systemContext('test');
  const suffix = prng.word(8);
  let organisationId = options.organisationId ?? null;
  if (!organisationId && (role === 'partner' || role === 'actor')) {
    const organisation = await createOrganisation(db, ctx, {
      kind: role === 'partner' ? 'partner' : 'actor',
      nameFr: `Organisation ${suffix}`,
    });
    organisationId = organisation.id;
  }
  const email = `${role}-${suffix}@test.nasij`;
  const user = await createUser(db, ctx, {
    email,
    displayName: `${role} ${suffix}`,
    password: TEST_PASSWORD,
    role,
    organisationId,
    territoryCode: role === 'territorial' ? (options.territoryCode ?? '09') : null,
  });
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: TEST_PASSWORD },
  });
  if (login.statusCode !== 200) throw new Error(`test sign-in failed: ${login.body}`);
  const cookie = login.cookies.find((c) => c.name === 'nasij_session');
  if (!cookie) throw new Error('no session cookie');
  const csrf = (login.json() as { csrfToken: string }).csrfToken;
  return {
    userId: user.id,
    email,
    organisationId,
    cookie: `nasij_session=${cookie.value}`,
    csrf,
    request: (method, url, body) =>
      t.app.inject({
        method: method as 'GET',
        url,
        headers: { cookie: `nasij_session=${cookie.value}`, 'x-csrf-token': csrf },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}
