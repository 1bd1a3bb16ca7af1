import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';

const HEADER = 'level,code,branch,family,name_fr,name_ar,name_en';

describe('crafts nomenclature', () => {
  let t: TestApp;
  let admin: SignedInClient;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t, 'admin');
  });
  afterAll(() => t.close());

  const upload = (client: SignedInClient, csv: string) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/nomenclature',
      headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, 'content-type': 'text/csv' },
      payload: csv,
    });

  it('ships the starter list, public to read', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/nomenclature' });
    const items = response.json().items;
    expect(items.length).toBeGreaterThanOrEqual(10);
    expect(items.find((b: { code: string }) => b.code === 'TEX')).toMatchObject({
      nameAr: 'النسيج',
      source: 'starter',
    });
  });

  it('an administrator replaces it with a file; codes in use must stay', async () => {
    const created = await admin.request('POST', '/api/actors', {
      kind: 'artisan',
      nameFr: 'Brodeuse',
      provinceCode: '09.273',
      activityCode: 'TEX.BRODERIE',
    });
    expect(created.json().actor.branchCode).toBe('TEX');
    const dropsUsed = await upload(admin, `${HEADER}\nbranch,B01,,art_production,Un,واحد,One\n`);
    expect(dropsUsed.statusCode).toBe(409);
    expect(dropsUsed.json().detail).toContain('TEX');
    const official = [
      HEADER,
      'branch,TEX,,art_production,Textile,النسيج,Textile',
      'activity,TEX.BRODERIE,TEX,,Broderie,الطرز,Embroidery',
      'branch,B02,,service,Services,الخدمات,Services',
    ].join('\n');
    const replaced = await upload(admin, official);
    expect(replaced.json()).toEqual({ branches: 2, activities: 1 });
    const items = (await t.app.inject({ method: 'GET', url: '/api/nomenclature' })).json().items;
    expect(items.map((b: { code: string }) => b.code)).toEqual(['B02', 'TEX']);
    expect(items[1].source).toBe('admin upload');
  });

  it('reports each bad row of a file by its line, and changes nothing', async () => {
    const bad = await upload(admin, `${HEADER}\nbranch,x y,,craft,,,\nactivity,A1,NOPE,,A,ا,A\n`);
    expect(bad.statusCode).toBe(400);
    const pointers = bad.json().errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining(['/rows/2/code', '/rows/2/family', '/rows/2/name_fr', '/rows/3/branch']),
    );
    expect((await t.app.inject({ method: 'GET', url: '/api/nomenclature' })).json().items).toHaveLength(2);
    const partner = await signIn(t, 'partner');
    expect((await upload(partner, `${HEADER}\n`)).statusCode).toBe(403);
  });
});
