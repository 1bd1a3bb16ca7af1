/**
 * The boundary maps of the regions and provinces (TopoJSON, © OpenStreetMap contributors, ODbL 1.0:
 * see data/maps/LICENSE.md), served as static, cacheable files for the web app's choropleth. The web
 * app fetches them only on its map pages, so they never weigh on the first page.
 *
 * Each file is read once at start-up and compressed once (brotli and gzip); a request gets the
 * encoding it accepts, a strong ETag (SHA-256 of the file) and a week of caching, or 304 when its
 * copy is still the current one. A `?v=<etag>` query makes the answer immutable for a year.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { StrictObject } from '../../http/schemas.js';

const MAP_DIR = fileURLToPath(new URL('./data/maps/', import.meta.url));
export const MAP_FILES = ['regions.topojson', 'provinces.topojson'] as const;
export const MAP_ATTRIBUTION = '© OpenStreetMap contributors (ODbL)';

interface MapFile {
  raw: Buffer;
  gzip: Buffer;
  brotli: Buffer;
  etag: string;
}

function load(name: string): MapFile {
  const raw = fs.readFileSync(`${MAP_DIR}/${name}`);
  return {
    raw,
    gzip: gzipSync(raw, { level: 9 }),
    brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }),
    etag: `"${createHash('sha256').update(raw).digest('hex').slice(0, 32)}"`,
  };
}

/** Which encoding to send: brotli, then gzip, else none (q=0 refuses an encoding). */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

const mapRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const files = new Map<string, MapFile>(MAP_FILES.map((name) => [name, load(name)]));

  app.get(
    '/maps/:name',
    {
      config: { permission: 'public' },
      schema: {
        hide: true,
        params: StrictObject({ name: Type.Union(MAP_FILES.map((name) => Type.Literal(name))) }),
        querystring: StrictObject({ v: Type.Optional(Type.String({ maxLength: 80 })) }),
      },
    },
    async (request, reply) => {
      const file = files.get(request.params.name);
      if (!file) return reply.callNotFound();
      const versioned = request.query.v !== undefined && `"${request.query.v}"` === file.etag;
      reply
        .header(
          'cache-control',
          versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=604800, must-revalidate',
        )
        .header('etag', file.etag)
        .header('vary', 'accept-encoding')
        .header('x-map-attribution', MAP_ATTRIBUTION)
        .type('application/json; charset=utf-8');
      if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
      const encoding = pickEncoding(request.headers['accept-encoding']);
      if (encoding === 'br') return reply.header('content-encoding', 'br').send(file.brotli);
      if (encoding === 'gzip') return reply.header('content-encoding', 'gzip').send(file.gzip);
      return reply.send(file.raw);
    },
  );
};

export default mapRoutes;
