import { type Kysely, sql } from 'kysely';
import Type, { type Static } from 'typebox';
import type { AuditRow, Database } from '../../db/database.js';
import { DateTime } from '../../http/schemas.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import * as repo from './conventions.repository.js';

/** Columns that change on every write and say nothing to a reader. */
const NOISE = new Set(['updated_at', 'version', 'created_at']);
const LIMIT = 500;

export const ConventionHistoryEntry = Type.Object({
  seq: Type.Integer(),
  at: DateTime,
  actorLabel: Type.String(),
  action: Type.String(),
  entityType: Type.String({ description: 'convention, commitment or milestone' }),
  entityId: Type.String(),
  changes: Type.Array(Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
});
export const ConventionHistory = Type.Object({ items: Type.Array(ConventionHistoryEntry) });
export type ConventionHistoryEntry = Static<typeof ConventionHistoryEntry>;

const apiName = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * The history of a convention, its commitments (deleted ones included) and their milestones, newest
 * first, from the audit trail: who changed what. For signed-in users who may see the convention
 * (the labels name people, so not for the anonymous public).
 */
export async function conventionHistory(
  db: Kysely<Database>,
  ctx: Context,
  id: string,
): Promise<ConventionHistoryEntry[]> {
  if (ctx.principal.kind === 'anonymous') throw new AppError('AUTH_REQUIRED', 'Sign in to read the history');
  if (!(await repo.findConvention(db, id, ctx.principal))) throw notFound('Convention', id);
  const ofConvention = sql`coalesce(after ->> 'convention_id', before ->> 'convention_id') = ${id}`;
  const { rows } = await sql<AuditRow>`
    WITH commitment_ids AS (
      SELECT DISTINCT entity_id FROM audit_log WHERE entity_type = 'commitment' AND ${ofConvention}
    )
    SELECT * FROM audit_log
    WHERE (entity_type = 'convention' AND entity_id = ${id})
       OR (entity_type = 'commitment' AND entity_id IN (SELECT entity_id FROM commitment_ids))
       OR (entity_type = 'milestone'
           AND coalesce(after ->> 'commitment_id', before ->> 'commitment_id') IN (SELECT entity_id FROM commitment_ids))
    ORDER BY seq DESC
    LIMIT ${LIMIT}`.execute(db);
  return rows.map((row) => {
    const before = (row.before ?? {}) as Record<string, unknown>;
    const after = (row.after ?? {}) as Record<string, unknown>;
    const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
    const changes = [...fields]
      .filter(
        (field) =>
          !NOISE.has(field) && JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null),
      )
      .map((field) => ({
        field: apiName(field),
        before: before[field] ?? null,
        after: after[field] ?? null,
      }));
    return {
      seq: row.seq,
      at: new Date(row.at).toISOString(),
      actorLabel: row.actor_label,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      changes,
    };
  });
}
