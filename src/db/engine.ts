import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { PGlitePool } from './pglite-pool.js';

export type EngineName = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: EngineName;
  /** Where the data lives: the data directory (PGlite) or the server URL without its password. */
  location: string;
  /** The embedded engine itself, for its data-directory dump; null on PostgreSQL. */
  pglite: PGlite | null;
  /** Runs a multi-statement SQL script (migrations); not for user input. */
  execScript(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** Type OIDs parsed the same way on both engines, so results never depend on the engine. */
const INT8 = 20;
const DATE = 1082;
// Indicator values are numeric: read as JavaScript numbers (float64) on both engines, not strings.
const NUMERIC = 1700;
const toNumber = (value: string): number => Number(value);
const asText = (value: string): string => value;

export interface OpenOptions {
  databaseUrl: string | null;
  /** A data directory for PGlite, or `memory://` for an in-memory database (tests). */
  dataDir: string;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openPGlite(options.dataDir);
}

async function openPGlite(dataDir: string): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const pglite = await PGlite.create(inMemory ? 'memory://' : path.resolve(dataDir), {
    extensions: { pg_trgm, unaccent },
    parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: asText },
  });
  const pool = new PGlitePool(pglite);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
  return {
    db,
    engine: 'pglite',
    pglite,
    location: inMemory ? 'memory://' : path.resolve(dataDir),
    execScript: async (sql) => {
      const client = await pool.connect();
      try {
        await pglite.exec(sql);
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

async function openPostgres(databaseUrl: string, max: number): Promise<DatabaseHandle> {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === INT8 || oid === NUMERIC) return toNumber;
      if (oid === DATE) return asText;
      return pg.types.getTypeParser(oid, format);
    }) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: databaseUrl, max, types });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    pglite: null,
    location: redactUrl(databaseUrl),
    execScript: async (sql) => {
      const client = await pool.connect();
      try {
        await client.query(sql);
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable)';
  }
}
