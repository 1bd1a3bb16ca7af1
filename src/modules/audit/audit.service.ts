import type { Kysely, Transaction } from 'kysely';
import type { AuditRow, Database } from '../../db/database.js';
import { canonicalJson, sha256Hex } from '../../shared/crypto.js';
import type { Context } from '../../shared/principal.js';
import * as auditRepo from './audit.repository.js';

/** The hash before the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** Fields never copied into the audit trail. */
const SECRET_FIELDS = new Set(['password_hash', 'token_hash', 'csrf_token']);

export interface AuditEntry {
  /** A verb in the past tense of the domain: `user.created`, `organisation.updated`. */
  action: string;
  entityType: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * Appends one row to the audit trail inside the caller's transaction, so the change and its record
 * commit or roll back together. Secrets are dropped; Dates become ISO strings.
 */
export async function recordAudit(
  trx: Transaction<Database>,
  ctx: Context,
  entry: AuditEntry,
): Promise<void> {
  await recordAuditMany(trx, ctx, [entry]);
}

/**
 * The same for many entries at once (a bulk import): the chain is locked once and each row links to
 * the one before it, exactly as single writes do.
 */
export async function recordAuditMany(
  trx: Transaction<Database>,
  ctx: Context,
  entries: AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const head = await auditRepo.lockChainAndGetHead(trx);
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const at = new Date();
  const rows = entries.map((entry) => {
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
  await auditRepo.insertAuditRows(trx, rows);
}

/**
 * What JSON storage gives back for a flat row (Dates as ISO strings, no undefined, no secrets), so
 * the hash computed now matches the row read back later; nested values take the JSON round trip.
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

/** sha256 over the previous row's hash and this row's content in canonical JSON. */
export function hashAuditRow(row: Omit<AuditRow, 'hash'>): string {
  const content = canonicalJson([
    row.seq,
    new Date(row.at).toISOString(),
    row.actor_user_id,
    row.actor_token_id,
    row.actor_label,
    row.action,
    row.entity_type,
    row.entity_id,
    row.before ?? null,
    row.after ?? null,
    row.request_id,
  ]);
  return sha256Hex(`${row.prev_hash}\n${content}`);
}

export type ChainProblemKind = 'edited' | 'inserted' | 'deleted';

export interface ChainReport {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string } | null;
  firstProblem: { seq: number; kind: ChainProblemKind; detail: string } | null;
}

/**
 * Walks the chain from the first row and reports the first row that was edited (its content no longer
 * matches its hash), inserted (it does not link to the row before it) or deleted (a seq is missing,
 * or the chain's first rows are gone). Anchor the reported head hash outside the database to also
 * catch a rewrite of the whole tail.
 */
export async function verifyAuditChain(db: Kysely<Database>): Promise<ChainReport> {
  let previous: { seq: number; hash: string } | null = null;
  let checked = 0;
  const fail = (seq: number, kind: ChainProblemKind, detail: string): ChainReport => ({
    ok: false,
    checked,
    head: previous,
    firstProblem: { seq, kind, detail },
  });
  for await (const row of auditRepo.readChain(db)) {
    const expectedSeq = (previous?.seq ?? 0) + 1;
    const expectedPrev = previous?.hash ?? GENESIS_HASH;
    const selfConsistent = hashAuditRow(row) === row.hash;
    if (row.seq > expectedSeq) {
      return fail(
        expectedSeq,
        'deleted',
        `row ${expectedSeq} is missing (the next row present is ${row.seq})`,
      );
    }
    if (!selfConsistent) {
      return fail(row.seq, 'edited', `row ${row.seq} no longer matches its hash: its content was changed`);
    }
    if (row.prev_hash !== expectedPrev) {
      return fail(
        row.seq,
        'inserted',
        `row ${row.seq} does not link to row ${expectedSeq - 1}: it was not written by Nasij in this place`,
      );
    }
    previous = { seq: row.seq, hash: row.hash };
    checked += 1;
  }
  return { ok: true, checked, head: previous, firstProblem: null };
}

export interface AuditPage {
  items: AuditRow[];
  nextBefore: number | null;
}

export async function listAudit(db: Kysely<Database>, filter: auditRepo.AuditListFilter): Promise<AuditPage> {
  const items = await auditRepo.listAuditRows(db, filter);
  const last = items.at(-1);
  return { items, nextBefore: items.length === filter.limit && last ? last.seq : null };
}

export const auditSummary = auditRepo.countAuditRows;
