import { type Kysely, sql, type Transaction } from 'kysely';
import type { AuditRow, Database } from '../../db/database.js';

/** Any lock number unique to the audit chain: writers queue on it so seq and prev_hash stay linear. */
const AUDIT_CHAIN_LOCK = 7434216;

export async function lockChainAndGetHead(
  trx: Transaction<Database>,
): Promise<{ seq: number; hash: string } | null> {
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const head = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return head ?? null;
}

/** All rows in one statement with one parameter, whatever their number. */
export async function insertAuditRows(trx: Transaction<Database>, rows: AuditRow[]): Promise<void> {
  await sql`
    INSERT INTO audit_log (seq, at, actor_user_id, actor_token_id, actor_label, action, entity_type,
                           entity_id, before, after, request_id, prev_hash, hash)
    SELECT seq, at, actor_user_id, actor_token_id, actor_label, action, entity_type,
           entity_id, before, after, request_id, prev_hash, hash
    FROM json_populate_recordset(null::audit_log, ${JSON.stringify(rows)}::json)`.execute(trx);
}

export interface AuditListFilter {
  limit: number;
  before: number | null;
  entityType: string | null;
  entityId: string | null;
}

export async function listAuditRows(db: Kysely<Database>, filter: AuditListFilter): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(filter.limit);
  if (filter.before !== null) query = query.where('seq', '<', filter.before);
  if (filter.entityType !== null) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId !== null) query = query.where('entity_id', '=', filter.entityId);
  return query.execute();
}

/** Reads the whole chain in seq order, a page at a time, without holding it all in memory. */
export async function* readChain(db: Kysely<Database>, pageSize = 2000): AsyncGenerator<AuditRow> {
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const row of page) yield row;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    after = last.seq;
  }
}

export async function countAuditRows(db: Kysely<Database>): Promise<{ total: number; lastAt: Date | null }> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.max('at').as('lastAt')])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), lastAt: row.lastAt ?? null };
}
