import { sql, type Transaction } from 'kysely';
import type { AuditRow, Database } from '../../db/database.js';
import type { Context } from '../../shared/principal.js';
import { lockChainAndGetHead } from './audit.repository.js';
import { type AuditEntry, GENESIS_HASH, hashAuditRow } from './audit.service.js';

/** Same as in audit.service.ts: never copied into the trail. */
const SECRET_FIELDS = new Set(['password_hash', 'token_hash', 'csrf_token']);

/**
 * What `JSON.parse(JSON.stringify(value))` gives (as `recordAudit` stores it), without the round trip
 * for the flat rows a bulk import audits by the thousand, where the round trip was most of the cost.
 */
function redact(value: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (SECRET_FIELDS.has(key) || field === undefined || typeof field === 'function') continue;
    if (field instanceof Date) out[key] = field.toISOString();
    else if (typeof field === 'number' && !Number.isFinite(field)) out[key] = null;
    else if (field !== null && typeof field === 'object') out[key] = JSON.parse(JSON.stringify(field));
    else out[key] = field;
  }
  return out;
}

/**
 * `recordAudit` for many entries at once (a bulk import): the chain is locked once, each row links to
 * the one before it exactly as single writes do, and the rows go in with one INSERT, inside the
 * caller's transaction so they commit or roll back with the changes they record.
 */
export async function recordAuditMany(
  trx: Transaction<Database>,
  ctx: Context,
  entries: AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const head = await lockChainAndGetHead(trx);
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const at = new Date();
  const rows: AuditRow[] = entries.map((entry) => {
    seq += 1;
    const row: AuditRow = {
      seq,
      at,
      actor_user_id: ctx.principal.userId,
      actor_token_id: ctx.principal.tokenId,
      actor_label: ctx.principal.label,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: redact(entry.before),
      after: redact(entry.after),
      request_id: ctx.requestId,
      prev_hash: prevHash,
      hash: '',
    };
    row.hash = hashAuditRow(row);
    prevHash = row.hash;
    return row;
  });
  // One statement with one parameter, whatever the number of rows.
  const json = JSON.stringify(rows);
  await sql`
    INSERT INTO audit_log (seq, at, actor_user_id, actor_token_id, actor_label, action, entity_type,
                           entity_id, before, after, request_id, prev_hash, hash)
    SELECT seq, at, actor_user_id, actor_token_id, actor_label, action, entity_type,
           entity_id, before, after, request_id, prev_hash, hash
    FROM jsonb_populate_recordset(null::audit_log, ${json}::jsonb)`.execute(trx);
}
