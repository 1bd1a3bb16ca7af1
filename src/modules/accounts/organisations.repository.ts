import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, OrganisationRow, OrganisationsTable } from '../../db/database.js';

type Db = Kysely<Database>;

export async function findOrganisationById(db: Db, id: string): Promise<OrganisationRow | null> {
  return (await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function findOrganisationByName(db: Db, nameFr: string): Promise<OrganisationRow | null> {
  return (
    (await db
      .selectFrom('organisations')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['name_fr']), '=', nameFr.toLowerCase()))
      .executeTakeFirst()) ?? null
  );
}

export async function listOrganisations(
  db: Db,
  filter: { onlyId: string | null; kind: OrganisationRow['kind'] | null },
): Promise<OrganisationRow[]> {
  let query = db.selectFrom('organisations').selectAll().orderBy('name_fr');
  if (filter.onlyId) query = query.where('id', '=', filter.onlyId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  return query.execute();
}

export async function insertOrganisation(
  db: Db,
  row: Insertable<OrganisationsTable>,
): Promise<OrganisationRow> {
  return db.insertInto('organisations').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateOrganisation(
  db: Db,
  id: string,
  changes: Updateable<OrganisationsTable>,
): Promise<OrganisationRow> {
  return db
    .updateTable('organisations')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function countOrganisationsByKind(db: Db): Promise<Array<{ kind: string; count: number }>> {
  return db
    .selectFrom('organisations')
    .select((eb) => ['kind', eb.fn.countAll<number>().as('count')])
    .groupBy('kind')
    .orderBy('kind')
    .execute();
}
