import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/users.service.js';
import { systemContext } from '../../src/shared/principal.js';
import { createTestApp, signIn, TEST_PASSWORD, type TestApp } from '../helpers/app.js';

describe('sign-in, sessions, CSRF, lockout and API tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ loginMaxAttempts: 3, loginLockMinutes: 10 });
  });
  afterAll(() => t.close());

  const login = (email: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });

  it('signs in with an HttpOnly SameSite cookie and returns the session with its CSRF token', async () => {
    const admin = await signIn(t, 'admin');
    const response = await login(admin.email, TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'nasij_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const body = response.json();
    expect(body.user).toMatchObject({ email: admin.email, role: 'admin' });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(body.user).not.toHaveProperty('passwordHash');
    const session = await admin.request('GET', '/api/auth/session');
    expect(session.statusCode).toBe(200);
    expect(session.json().user.email).toBe(admin.email);
  });

  it('stores only hashes: no session token or password in clear in the database', async () => {
    const admin = await signIn(t, 'admin');
    const token = admin.cookie.split('=')[1] ?? '';
    const { rows } = await sql<{ token_hash: string }>`SELECT token_hash FROM sessions`.execute(
      t.database.handle.db,
    );
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    const user = await t.database.handle.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', admin.email)
      .executeTakeFirst();
    expect(user?.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const admin = await signIn(t, 'admin');
    const wrong = await login(admin.email, 'not the password at all');
    const unknown = await login('nobody@test.nasij', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS');
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('locks an account after repeated wrong passwords, even for the right password, and audits it', async () => {
    const user = await signIn(t, 'partner');
    for (let i = 0; i < 3; i += 1)
      expect((await login(user.email, `wrong password ${i}`)).statusCode).toBe(401);
    const locked = await login(user.email, TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('ACCOUNT_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(500);
    const audit = await t.database.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', user.userId)
      .where('action', '=', 'user.locked')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('rate-limits sign-in attempts per client address', async () => {
    const limited = await createTestApp({ loginRatePerMinute: 3 });
    try {
      const attempts = [];
      for (let i = 0; i < 4; i += 1) {
        attempts.push(
          await limited.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { email: 'a@b.c', password: 'x' },
          }),
        );
      }
      expect(attempts.slice(0, 3).map((r) => r.statusCode)).toEqual([401, 401, 401]);
      expect(attempts[3]?.statusCode).toBe(429);
      expect(attempts[3]?.json().code).toBe('RATE_LIMITED');
      expect(attempts[3]?.headers['content-type']).toMatch(/problem\+json/);
    } finally {
      await limited.close();
    }
  });

  it('refuses a disabled account', async () => {
    const db = t.database.handle.db;
    await createUser(db, systemContext('test'), {
      email: 'disabled@test.nasij',
      displayName: 'Disabled',
      password: TEST_PASSWORD,
      role: 'admin',
    });
    await db
      .updateTable('users')
      .set({ status: 'disabled' })
      .where('email', '=', 'disabled@test.nasij')
      .execute();
    const response = await login('disabled@test.nasij', TEST_PASSWORD);
    expect(response.statusCode).toBe(403);
  });

  it('refuses a cookie write without the CSRF token, and with a wrong one', async () => {
    const admin = await signIn(t, 'admin');
    const body = { kind: 'partner', nameFr: 'Sans CSRF' };
    const without = await t.app.inject({
      method: 'POST',
      url: '/api/organisations',
      headers: { cookie: admin.cookie },
      payload: body,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('CSRF_TOKEN_INVALID');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/organisations',
      headers: { cookie: admin.cookie, 'x-csrf-token': 'forged' },
      payload: body,
    });
    expect(wrong.json().code).toBe('CSRF_TOKEN_INVALID');
    const names = await t.database.handle.db
      .selectFrom('organisations')
      .select('name_fr')
      .where('name_fr', '=', 'Sans CSRF')
      .execute();
    expect(names).toEqual([]);
    expect((await admin.request('POST', '/api/organisations', body)).statusCode).toBe(201);
  });

  it('tells an expired session apart from no session, and clears the cookie', async () => {
    const admin = await signIn(t, 'admin');
    const none = await t.app.inject({ method: 'GET', url: '/api/users' });
    expect(none.json().code).toBe('AUTH_REQUIRED');
    await t.database.handle.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    const expired = await admin.request('GET', '/api/users');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('SESSION_EXPIRED');
    expect(expired.cookies.find((c) => c.name === 'nasij_session')?.value).toBe('');
  });

  it('signs out: the session no longer works', async () => {
    const admin = await signIn(t, 'admin');
    expect((await admin.request('POST', '/api/auth/logout')).statusCode).toBe(204);
    expect((await admin.request('GET', '/api/users')).json().code).toBe('SESSION_EXPIRED');
  });

  it('API tokens: shown once, stored hashed, scoped to a role, revocable, with last-used time, no CSRF needed', async () => {
    const admin = await signIn(t, 'admin');
    const partner = await signIn(t, 'partner');
    const created = await admin.request('POST', '/api/tokens', {
      name: 'Intégration ANDF',
      role: 'partner',
      organisationId: partner.organisationId,
    });
    expect(created.statusCode).toBe(201);
    const { token, secret } = created.json();
    expect(secret).toMatch(/^nsj_/);
    const listed = await admin.request('GET', '/api/tokens');
    expect(JSON.stringify(listed.json())).not.toContain(secret);
    const bearer = { authorization: `Bearer ${secret}` };
    const own = await t.app.inject({ method: 'GET', url: '/api/organisations', headers: bearer });
    expect(own.statusCode).toBe(200);
    expect(own.json().items.map((o: { id: string }) => o.id)).toEqual([partner.organisationId]);
    expect((await t.app.inject({ method: 'GET', url: '/api/users', headers: bearer })).statusCode).toBe(403);
    const write = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: bearer,
      payload: { locale: 'ar' },
    });
    expect(write.json().code).toBe('FORBIDDEN');
    const used = await admin.request('GET', '/api/tokens');
    expect(used.json().items.find((x: { id: string }) => x.id === token.id).lastUsedAt).not.toBeNull();
    expect((await admin.request('DELETE', `/api/tokens/${token.id}`)).statusCode).toBe(204);
    const revoked = await t.app.inject({ method: 'GET', url: '/api/organisations', headers: bearer });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json()).toMatchObject({ code: 'TOKEN_INVALID', detail: 'This API token was revoked' });
  });

  it('refuses a malformed Authorization header and an expired token', async () => {
    const admin = await signIn(t, 'admin');
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/users',
      headers: { authorization: 'Basic abc' },
    });
    expect(bad.json().code).toBe('TOKEN_INVALID');
    const created = await admin.request('POST', '/api/tokens', { name: 'court', role: 'admin' });
    const { token, secret } = created.json();
    await t.database.handle.db
      .updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', token.id)
      .execute();
    const expired = await t.app.inject({
      method: 'GET',
      url: '/api/users',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(expired.json()).toMatchObject({ code: 'TOKEN_INVALID', detail: 'This API token has expired' });
  });

  it('lets a user change their own language and password', async () => {
    const actor = await signIn(t, 'actor');
    const changed = await actor.request('PATCH', '/api/me', { locale: 'ar' });
    expect(changed.json().locale).toBe('ar');
    const wrong = await actor.request('POST', '/api/me/password', {
      currentPassword: 'nope',
      newPassword: 'a new long password',
    });
    expect(wrong.json().errors[0].pointer).toBe('/body/currentPassword');
    const short = await actor.request('POST', '/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'short',
    });
    expect(short.json().errors[0].pointer).toBe('/body/newPassword');
    const ok = await actor.request('POST', '/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a new long password',
    });
    expect(ok.statusCode).toBe(204);
    expect((await login(actor.email, 'a new long password')).statusCode).toBe(200);
  });
});
