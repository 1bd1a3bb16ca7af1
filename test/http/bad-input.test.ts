import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../helpers/app.js';

describe('bad input gets a located 4xx problem and changes nothing', () => {
  let t: TestApp;
  let admin: SignedInClient;
  beforeAll(async () => {
    t = await createTestApp({ bodyLimitBytes: 4096 });
    admin = await signIn(t, 'admin');
  });
  afterAll(() => t.close());

  const post = (url: string, payload: string, contentType = 'application/json') =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': contentType },
      payload,
    });

  async function organisationCount(): Promise<number> {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM organisations`.execute(
      t.database.handle.db,
    );
    return rows[0]?.n ?? -1;
  }

  it('malformed JSON', async () => {
    const response = await post('/api/organisations', '{"kind": "partner", "nameFr": ');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'MALFORMED_JSON', status: 400 });
  });

  it('wrong types are rejected, not converted', async () => {
    const response = await post('/api/organisations', JSON.stringify({ kind: 'partner', nameFr: 12345 }));
    expect(response.json().code).toBe('VALIDATION_FAILED');
    expect(response.json().errors).toContainEqual({ pointer: '/body/nameFr', detail: 'must be string' });
  });

  it('unknown fields are rejected with their pointer, not dropped', async () => {
    const response = await post(
      '/api/organisations',
      JSON.stringify({ kind: 'partner', nameFr: 'X', isAdmin: true }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ pointer: '/body/isAdmin', detail: 'is not a known field' }]);
  });

  it('each bad field is reported with its JSON pointer', async () => {
    const response = await post(
      '/api/users',
      JSON.stringify({ email: 'not-an-email', role: 'king', displayName: '' }),
    );
    const pointers = response
      .json()
      .errors.map((e: { pointer: string }) => e.pointer)
      .sort();
    expect(pointers).toEqual(
      expect.arrayContaining(['/body/email', '/body/role', '/body/displayName', '/body/password']),
    );
  });

  it('bad query strings and path parameters are located too', async () => {
    const query = await admin.request('GET', '/api/audit?limit=100000');
    expect(query.json().errors[0].pointer).toBe('/querystring/limit');
    const param = await admin.request('GET', '/api/users/not-a-uuid');
    expect(param.json().errors[0].pointer).toBe('/params/id');
  });

  it('control characters in text are refused', async () => {
    const response = await post(
      '/api/organisations',
      JSON.stringify({ kind: 'partner', nameFr: 'Coop\u0000érative' }),
    );
    expect(response.json().errors).toEqual([
      { pointer: '/body/nameFr', detail: 'must not contain control characters' },
    ]);
  });

  it('oversized bodies get 413', async () => {
    const before = await organisationCount();
    const response = await post(
      '/api/organisations',
      JSON.stringify({ kind: 'partner', nameFr: 'x'.repeat(10_000) }),
    );
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('PAYLOAD_TOO_LARGE');
    expect(await organisationCount()).toBe(before);
  });

  it('an unsupported content type gets 415', async () => {
    const response = await post('/api/organisations', '<xml/>', 'application/xml');
    expect(response.statusCode).toBe(415);
    expect(response.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('an unknown route gets a 404 problem', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('ROUTE_NOT_FOUND');
  });

  it('a 5xx never shows the internal message, and carries the request id', async () => {
    const broken = await createTestApp();
    try {
      // A broken database: the overview's query fails inside PostgreSQL.
      await broken.database.handle.db.schema.dropTable('organisations').cascade().execute();
      const response = await broken.app.inject({
        method: 'GET',
        url: '/api/overview',
        headers: { 'x-request-id': 'trace-me-123' },
      });
      expect(response.statusCode).toBe(500);
      const problem = response.json();
      expect(problem.code).toBe('INTERNAL');
      expect(problem.detail).not.toMatch(/organisations|relation|SQL|select/i);
      expect(problem.requestId).toBe('trace-me-123');
      expect(response.headers['x-request-id']).toBe('trace-me-123');
    } finally {
      await broken.close();
    }
  });

  it('every response carries a request id and security headers', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health/live' });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    const forged = await t.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'bad id\nwith newline' },
    });
    expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the OpenAPI 3.1 document lists every API route with its permission', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = response.json();
    expect(doc.openapi).toBe('3.1.0');
    const login = doc.paths['/api/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    expect(login.responses['400'].content['application/problem+json']).toBeDefined();
    expect(doc.paths['/api/users'].get.description).toContain('users:manage');
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
  });
});
