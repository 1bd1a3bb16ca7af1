import type { Transaction } from 'kysely';
import type { AuditRow, Database } from '../../db/database.js';
import type { Context } from '../../shared/principal.js';
import { lockChainAndGetHead } from './audit.repository.js';
import { type AuditEntry, GENESIS_HASH, hashAuditRow } from './audit.service.js';

/** Same as in audit.service.ts: never copied into the trail. */
const SECRET_FIELDS = new Set(['password_hash', 'token_hash', 'csrf_token']);

function redact(value: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  const kept = Object.entries(value).filter(([key]) => !SECRET_FIELDS.has(key));
  return JSON.parse(JSON.stringify(Object.fromEntries(kept)));
}

/** Rows per INSERT: 12 parameters each, well under PostgreSQL's 65,535 parameters per statement. */
const CHUNK = 2000;

/**
 * `recordAudit` for many entries at once (a bulk import): the chain is locked once, each row links to
 * the one before it exactly as single writes do, and the rows go in with a few multi-row INSERTs, all
 * inside the caller's transaction so they commit or roll back with the changes they record.
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
  for (let start = 0; start < rows.length; start += CHUNK) {
    await trx
      .insertInto('audit_log')
      .values(
        rows.slice(start, start + CHUNK).map((row) => ({
          ...row,
          before: row.before === null ? null : JSON.stringify(row.before),
          after: row.after === null ? null : JSON.stringify(row.after),
        })),
      )
      .execute();
  }
}
