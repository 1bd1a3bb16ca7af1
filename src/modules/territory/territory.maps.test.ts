import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { pickEncoding } from './territory.maps.js';

interface Topology {
  type: string;
  objects: Record<string, { geometries: Array<{ id?: string }> }>;
}

describe('boundary maps served as static files', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves each map compressed, cacheable and attributed, and 304 for a current copy', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/maps/regions.topojson',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['cache-control']).toBe('public, max-age=604800, must-revalidate');
    expect(response.headers['x-map-attribution']).toBe('© OpenStreetMap contributors (ODbL)');
    const topology = JSON.parse(gunzipSync(response.rawPayload).toString('utf8')) as Topology;
    expect(topology.type).toBe('Topology');
    expect(topology.objects.regions?.geometries).toHaveLength(12);

    const etag = String(response.headers.etag);
    const again = await t.app.inject({
      method: 'GET',
      url: '/maps/regions.topojson',
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    const versioned = await t.app.inject({
      method: 'GET',
      url: `/maps/regions.topojson?v=${etag.slice(1, -1)}`,
    });
    expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(versioned.headers['content-encoding']).toBeUndefined();
    expect(versioned.rawPayload.length).toBeGreaterThan(response.rawPayload.length);
  });

  it('every map area joins to one territory of the reference by its ISO 3166-2 code', async () => {
    for (const level of ['region', 'province'] as const) {
      const file = `/maps/${level}s.topojson`;
      const topology = (await t.app.inject({ method: 'GET', url: file })).json<Topology>();
      const ids = (topology.objects[`${level}s`]?.geometries ?? []).map((g) => g.id);
      const territories = (
        await t.app.inject({ method: 'GET', url: `/api/territories?level=${level}` })
      ).json<{ items: Array<{ code: string; isoCode: string | null }> }>().items;
      const isoCodes = new Set(territories.map((x) => x.isoCode));
      expect(ids.length).toBe(level === 'region' ? 12 : 75);
      expect(ids.filter((id) => !isoCodes.has(id ?? ''))).toEqual([]);
      expect(new Set(ids).size).toBe(ids.length);
      // ...and every territory of the level has its area on the map.
      expect(territories.filter((x) => !ids.includes(x.isoCode ?? ''))).toEqual([]);
    }
  });

  it('refuses an unknown file with a located 400 and no file outside the map folder', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: '/maps/communes.topojson' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    const traversal = await t.app.inject({ method: 'GET', url: '/maps/..%2Fregions.csv' });
    expect(traversal.statusCode).toBe(400);
  });

  it('negotiates the encoding, honouring q=0', () => {
    expect(pickEncoding('gzip, deflate, br')).toBe('br');
    expect(pickEncoding('gzip, br;q=0')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('identity')).toBeNull();
    expect(pickEncoding(undefined)).toBeNull();
  });
});
