import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db.js';
import { loadMigrations, MigrationError, migrate } from './migrator.js';

describe('migrations', () => {
  let database: TestDatabase | null = null;
  afterEach(async () => {
    await database?.destroy();
    database = null;
  });

  it('builds the schema on an empty database, records each file, and is idempotent', async () => {
    database = await createTestDatabase({ migrated: false });
    const first = await migrate(database.handle);
    expect(first.applied.map((m) => m.version)).toEqual(loadMigrations().map((m) => m.version));
    const second = await migrate(database.handle);
    expect(second.applied).toEqual([]);
    const rows = await database.handle.db
      .selectFrom('schema_migrations')
      .select(['version', 'name'])
      .execute();
    expect(rows[0]).toEqual({ version: 1, name: 'foundation' });
  });

  it('loads pg_trgm and unaccent on this engine', async () => {
    database = await createTestDatabase();
    const { rows } = await sql<{ s: number; u: string }>`
      SELECT similarity('tifaouine', 'tifawin') AS s, unaccent('Coopérative Aït Baâ') AS u`.execute(
      database.handle.db,
    );
    expect(rows[0]?.s).toBeGreaterThan(0.2);
    expect(rows[0]?.u).toBe('Cooperative Ait Baa');
  });

  it('refuses a database migrated by a newer version', async () => {
    database = await createTestDatabase();
    await database.handle.db
      .insertInto('schema_migrations')
      .values({ version: 999, name: 'from_the_future', checksum: 'x' })
      .execute();
    await expect(migrate(database.handle)).rejects.toThrow(MigrationError);
    await expect(migrate(database.handle)).rejects.toThrow(/newer version of Nasij.*0999_from_the_future/);
  });

  it('refuses a migration file edited after it was applied', async () => {
    database = await createTestDatabase();
    const edited = loadMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'changed' } : m));
    await expect(migrate(database.handle, edited)).rejects.toThrow(/was changed after it was applied/);
  });

  it('rolls back a failing migration whole, recording nothing', async () => {
    database = await createTestDatabase();
    const current = loadMigrations();
    const next = current.length + 1;
    const broken = [
      ...current,
      {
        version: next,
        name: 'broken',
        checksum: 'b',
        sql: 'CREATE TABLE half_done (id int); SELECT * FROM no_such_table;',
      },
    ];
    await expect(migrate(database.handle, broken)).rejects.toThrow(
      `${String(next).padStart(4, '0')}_broken failed`,
    );
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'half_done'`.execute(database.handle.db);
    expect(rows[0]?.n).toBe(0);
    const versions = await database.handle.db.selectFrom('schema_migrations').select('version').execute();
    expect(versions.map((v) => v.version)).toEqual(current.map((m) => m.version));
  });

  it('loads the territorial reference: 12 regions, 75 provinces and prefectures, 8 prefectures of arrondissements', async () => {
    database = await createTestDatabase();
    const counts = await database.handle.db
      .selectFrom('territories')
      .select((eb) => ['level', eb.fn.countAll<number>().as('n')])
      .groupBy('level')
      .orderBy('level')
      .execute();
    expect(counts.map((c) => [c.level, Number(c.n)])).toEqual([
      ['arrondissements', 8],
      ['province', 75],
      ['region', 12],
    ]);
    const tanger = await database.handle.db
      .selectFrom('territories')
      .selectAll()
      .where('code', '=', '01.511')
      .executeTakeFirst();
    expect(tanger).toMatchObject({ iso_code: 'MA-TNG', parent_code: '01', name_ar: 'طنجة-أصيلة' });
  });
});
