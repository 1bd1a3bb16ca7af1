import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { DatabaseHandle } from './engine.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** Raised when the database cannot be brought to this version's schema; the server must not start. */
export class MigrationError extends Error {}

/** Reads `NNNN_name.sql` files in order. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!match?.[1] || !match[2])
        throw new MigrationError(`migration file name must be NNNN_name.sql: ${file}`);
      const text = fs.readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: Number(match[1]),
        name: match[2],
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    });
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationError(
        `migrations must be numbered 0001, 0002, ... without gaps (found ${migration.version})`,
      );
    }
  });
  return migrations;
}

export interface MigrateResult {
  applied: Migration[];
  current: number;
}

/**
 * Applies pending migrations in order, each in its own transaction, recording each in
 * schema_migrations. Refuses a database migrated by a newer Nasij, or one whose applied migration
 * was edited since.
 */
export async function migrate(
  handle: DatabaseHandle,
  migrations: Migration[] = loadMigrations(),
  onApply: (migration: Migration) => void = () => {},
): Promise<MigrateResult> {
  await handle.execScript(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    );`);
  const applied = await handle.db.selectFrom('schema_migrations').selectAll().orderBy('version').execute();
  const known = new Map(migrations.map((migration) => [migration.version, migration]));
  for (const row of applied) {
    const migration = known.get(row.version);
    if (!migration) {
      throw new MigrationError(
        `this database was migrated by a newer version of Nasij (migration ${pad(row.version)}_${row.name} is unknown here); upgrade Nasij before starting it on this database`,
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${pad(row.version)}_${row.name} was changed after it was applied; restore the original file`,
      );
    }
  }
  const done = new Set(applied.map((row) => row.version));
  const pending = migrations.filter((migration) => !done.has(migration.version));
  for (const migration of pending) {
    onApply(migration);
    const record = sql`INSERT INTO schema_migrations (version, name, checksum) VALUES (${migration.version}, ${migration.name}, ${migration.checksum})`;
    const { sql: insertSql, parameters } = record.compile(handle.db);
    const insert = insertSql.replace(/\$(\d+)/g, (_, n: string) => literal(parameters[Number(n) - 1]));
    try {
      // A lock so two servers starting together on one PostgreSQL do not apply the same file twice.
      await handle.execScript(
        `BEGIN;\nSELECT pg_advisory_xact_lock(7434215);\n${migration.sql}\n;\n${insert};\nCOMMIT;`,
      );
    } catch (error) {
      await handle.execScript('ROLLBACK;').catch(() => {});
      const message = error instanceof Error ? error.message : String(error);
      throw new MigrationError(`migration ${pad(migration.version)}_${migration.name} failed: ${message}`);
    }
  }
  return { applied: pending, current: migrations.length };
}

function pad(version: number): string {
  return String(version).padStart(4, '0');
}

function literal(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return `'${String(value).replaceAll("'", "''")}'`;
}
