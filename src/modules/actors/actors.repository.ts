import type { Updateable } from 'kysely';
import { type Kysely, sql } from 'kysely';
import type { ActorRow, ActorsTable, Database, NewActorRow } from '../../db/database.js';
import type { Principal } from '../../shared/principal.js';
import { visibleActors } from './actors.scope.js';

type Db = Kysely<Database>;

export async function findActorById(db: Db, id: string): Promise<ActorRow | null> {
  return (await db.selectFrom('actors').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function insertActor(db: Db, row: NewActorRow): Promise<ActorRow> {
  return db.insertInto('actors').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateActorRow(
  db: Db,
  id: string,
  changes: Updateable<ActorsTable>,
): Promise<ActorRow> {
  return db
    .updateTable('actors')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ActorFilters {
  kind?: ActorRow['kind'] | undefined;
  region?: string | undefined;
  province?: string | undefined;
  branch?: string | undefined;
  womenLed?: boolean | undefined;
  coastal?: boolean | undefined;
  status?: ActorRow['status'] | undefined;
}

/** The base query: live records the caller may see, narrowed by the filters. */
export function filteredActors(db: Db, principal: Principal, filters: ActorFilters) {
  let query = db.selectFrom('actors').where('actors.merged_into', 'is', null).where(visibleActors(principal));
  if (filters.kind) query = query.where('actors.kind', '=', filters.kind);
  if (filters.region) query = query.where('actors.region_code', '=', filters.region);
  if (filters.province) {
    const province = filters.province;
    query = query.where((eb) =>
      eb.or([eb('actors.province_code', '=', province), eb('actors.province_code', 'like', `${province}.%`)]),
    );
  }
  if (filters.branch) query = query.where('actors.branch_code', '=', filters.branch);
  if (filters.womenLed !== undefined) query = query.where('actors.women_led', '=', filters.womenLed);
  if (filters.coastal !== undefined) query = query.where('actors.coastal', '=', filters.coastal);
  if (filters.status) query = query.where('actors.status', '=', filters.status);
  return query;
}
