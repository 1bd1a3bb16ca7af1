import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Context } from '../../shared/principal.js';
import { listAudit } from '../audit/audit.service.js';
import { apiFieldName } from './actors.schemas.js';
import { getActor } from './actors.service.js';

/** Columns that change on every write and say nothing to a reader. */
const NOISE = new Set(['updated_at', 'version', 'search_key']);

export interface HistoryEntry {
  seq: number;
  at: Date;
  actorLabel: string;
  action: string;
  changes: Array<{ field: string; before: unknown; after: unknown }>;
}

/**
 * A record's history, newest first, read from the audit trail (the one place every change is kept):
 * who changed what, from which value to which.
 */
export async function actorHistory(db: Kysely<Database>, ctx: Context, id: string): Promise<HistoryEntry[]> {
  await getActor(db, ctx, id);
  const page = await listAudit(db, { limit: 500, before: null, entityType: 'actor', entityId: id });
  return page.items.map((row) => {
    const before = (row.before ?? {}) as Record<string, unknown>;
    const after = (row.after ?? {}) as Record<string, unknown>;
    const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
    const changes = [...fields]
      .filter(
        (field) =>
          !NOISE.has(field) && JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null),
      )
      .map((field) => ({
        field: apiFieldName(field),
        before: before[field] ?? null,
        after: after[field] ?? null,
      }));
    return { seq: row.seq, at: row.at, actorLabel: row.actor_label, action: row.action, changes };
  });
}
