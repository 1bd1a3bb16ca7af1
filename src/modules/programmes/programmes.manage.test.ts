import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';

/** Deleting programmes and calls, and quotas, as the manager pages do (both engines). */
describe('managing programmes: delete and quotas', () => {
  let t: TestApp;
  let manager: SignedInClient;

  beforeAll(async () => {
    t = await createTestApp();
    manager = await signIn(t, 'partner');
  });
  afterAll(async () => t.close());

  const call = {
    reference: 'AAC-DEL',
    titleFr: 'Appel',
    opensAt: '2030-01-01T00:00:00Z',
    closesAt: '2030-02-01T00:00:00Z',
  };

  it('refuses to delete a programme with calls (409 PROGRAMME_IN_USE), deletes it once they are gone', async () => {
    const created = await manager.request('POST', '/api/programmes', {
      reference: 'PRG-DEL',
      kind: 'financing',
      titleFr: 'À supprimer',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const c = await manager.request('POST', `/api/programmes/${id}/calls`, call);
    expect(c.statusCode, c.body).toBe(201);
    const refused = await manager.request('DELETE', `/api/programmes/${id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('PROGRAMME_IN_USE');
    const other = await signIn(t, 'partner');
    expect([403, 404]).toContain((await other.request('DELETE', `/api/programmes/${id}`)).statusCode);
    expect((await manager.request('DELETE', `/api/calls/${c.json().id}`)).statusCode).toBe(204);
    expect((await manager.request('DELETE', `/api/programmes/${id}`)).statusCode).toBe(204);
    expect((await manager.request('GET', `/api/programmes/${id}`)).statusCode).toBe(404);
  });

  it('sets quotas per period and territory; refuses fractions of pieces and unknown territories at their field', async () => {
    const created = await manager.request('POST', '/api/programmes', {
      reference: 'PRG-QUOTA',
      kind: 'raw_material',
      titleFr: 'Doum',
      materialSource: 'agricultural',
      material: 'doum',
      unit: 'bundle',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const put = (body: unknown) => manager.request('PUT', `/api/programmes/${id}/quotas`, body);
    expect((await put({ period: '2026', territoryCode: '01', quantity: 120 })).statusCode).toBe(200);
    const national = await put({ period: '2026', territoryCode: null, quantity: 300 });
    expect(national.json().quotas).toHaveLength(2);
    const fraction = await put({ period: '2026', territoryCode: '01', quantity: 1.5 });
    expect(fraction.statusCode).toBe(422);
    expect(fraction.json().errors[0].pointer).toBe('/body/quantity');
    const unknown = await put({ period: '2026', territoryCode: '99', quantity: 1 });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].pointer).toBe('/body/territoryCode');
    const badPeriod = await put({ period: '2026Q5', quantity: 1 });
    expect(badPeriod.statusCode).toBe(400);
    expect(JSON.stringify(badPeriod.json().errors)).toContain('/body/period');
  });
});
