import { type Kysely, sql } from 'kysely';
import type { Database, TerritoryRow } from '../../db/database.js';

type Db = Kysely<Database>;

export async function findTerritory(db: Db, code: string): Promise<TerritoryRow | null> {
  return (await db.selectFrom('territories').selectAll().where('code', '=', code).executeTakeFirst()) ?? null;
}

export async function listTerritories(
  db: Db,
  filter: { level: TerritoryRow['level'] | null; parentCode: string | null; within: string | null },
): Promise<TerritoryRow[]> {
  let query = db.selectFrom('territories').selectAll().orderBy('code');
  if (filter.level) query = query.where('level', '=', filter.level);
  if (filter.parentCode) query = query.where('parent_code', '=', filter.parentCode);
  if (filter.within) {
    const scope = filter.within;
    query = query.where((eb) => eb.or([eb('code', '=', scope), eb('code', 'like', `${scope}.%`)]));
  }
  return query.execute();
}

export async function upsertTerritories(db: Db, rows: TerritoryRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('territories')
    .values(rows)
    .onConflict((oc) =>
      oc.column('code').doUpdateSet({
        level: sql`excluded.level`,
        type: sql`excluded.type`,
        parent_code: sql`excluded.parent_code`,
        iso_code: sql`excluded.iso_code`,
        name_fr: sql`excluded.name_fr`,
        name_ar: sql`excluded.name_ar`,
        population_2024: sql`excluded.population_2024`,
      }),
    )
    .execute();
}

export async function countTerritories(db: Db): Promise<number> {
  const row = await db
    .selectFrom('territories')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
