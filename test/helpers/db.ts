import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../src/db/engine.js';
import { migrate } from '../../src/db/migrator.js';
import { loadStarterNomenclature } from '../../src/modules/actors/nomenclature.js';
import { loadTerritoryReference } from '../../src/modules/territory/territory.reference.js';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** The URL of this file's own database on PostgreSQL; null on PGlite. */
  url: string | null;
  destroy(): Promise<void>;
}

/** The engine under test: a PostgreSQL server when DATABASE_URL is set, else in-memory PGlite. */
export const TEST_ENGINE = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A fresh, empty database built by the real migrations: an in-memory PGlite, or a new database
 * created on the PostgreSQL server for this test file and dropped after it.
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL ?? null;
  let url: string | null = null;
  let dropDatabase = async () => {};
  if (serverUrl) {
    const name = `nasij_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const parsed = new URL(serverUrl);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      // The pool's clients may still be saying goodbye: forcing the drop while they do makes the
      // server send them a FATAL that surfaces as an uncaught error. Wait for them to leave first.
      for (let attempt = 0; attempt < 50; attempt++) {
        const { rows } = await client.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
          [name],
        );
        if (rows[0]?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  }
  const handle = await openDatabase({ databaseUrl: url, dataDir: 'memory://', poolSize: 5 });
  if (options.migrated !== false) {
    await migrate(handle);
    await loadTerritoryReference(handle.db);
    await loadStarterNomenclature(handle.db);
  }
  return {
    handle,
    url,
    destroy: async () => {
      await handle.close();
      await dropDatabase();
    },
  };
}
