import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Static } from 'typebox';
import type { ConventionDocumentKind, ConventionStatus, Database } from '../../db/database.js';
import { AppError, fieldError, notFound } from '../../shared/errors.js';
import { type Context, can, type Permission } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { readStoredFile, type StoredFile, storePdf } from '../files/files.service.js';
import * as repo from './conventions.repository.js';
import type {
  ConventionCreate,
  ConventionListQuery,
  ConventionSchema,
  ConventionUpdate,
} from './conventions.schemas.js';
import {
  type ConventionDocument,
  type ConventionSummary,
  countCommitments,
  loadCommitments,
  summarise,
  toDocument,
  toParty,
} from './conventions.view.js';

export type Convention = Static<typeof ConventionSchema>;

/** Organisation kinds that may be a party to a convention (not the actors of the registry). */
export const PARTY_KINDS = ['state_secretariat', 'partner', 'directorate', 'chamber'] as const;
const STATUS_ORDER: Record<ConventionStatus, number> = { draft: 0, signed: 1, in_force: 2, closed: 3 };
const DEFAULT_LIMIT = 50;

export function requirePermission(ctx: Context, permission: Permission): void {
  if (!can(ctx.principal, permission))
    throw new AppError('FORBIDDEN', `You need the permission ${permission}`);
}

const unprocessable = (pointer: string, detail: string) => fieldError(pointer, detail, 'UNPROCESSABLE');

// ---- axes and partners

export async function listAxes(db: Kysely<Database>) {
  const rows = await db.selectFrom('convention_axes').selectAll().orderBy('position').execute();
  return rows.map((row) => ({
    code: row.code,
    position: row.position,
    nameFr: row.name_fr,
    nameAr: row.name_ar,
    nameEn: row.name_en,
  }));
}

/** Organisations that can be parties, with what they published: the public directory of partners. */
export async function listPartners(db: Kysely<Database>, filter: { kind?: (typeof PARTY_KINDS)[number] }) {
  const rows = await db
    .selectFrom('organisations as o')
    .select([
      'o.id',
      'o.kind',
      'o.partner_type',
      'o.name_fr',
      'o.name_ar',
      'o.acronym',
      'o.territory_code',
      'o.is_demo',
      sql<number>`(SELECT count(*) FROM convention_parties p JOIN conventions c ON c.id = p.convention_id
        WHERE p.organisation_id = o.id AND c.published)`.as('conventions'),
      sql<number>`(SELECT count(*) FROM commitments m JOIN conventions c ON c.id = m.convention_id
        WHERE m.organisation_id = o.id AND c.published)`.as('commitments'),
    ])
    .where('o.kind', 'in', filter.kind ? [filter.kind] : [...PARTY_KINDS])
    .orderBy('o.name_fr')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    partnerType: row.partner_type,
    nameFr: row.name_fr,
    nameAr: row.name_ar,
    acronym: row.acronym,
    territoryCode: row.territory_code,
    isDemo: row.is_demo,
    publishedConventions: Number(row.conventions),
    publishedCommitments: Number(row.commitments),
  }));
}

// ---- reading conventions

function decodeCursor(cursor: string): number {
  const offset = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0)
    throw fieldError('/querystring/cursor', 'pass back the nextCursor of the previous page unchanged');
  return offset;
}

/** The list, scoped to what the caller may see, filtered, sorted and paged. */
export async function listConventions(
  db: Kysely<Database>,
  ctx: Context,
  query: ConventionListQuery,
): Promise<{ items: ConventionSummary[]; total: number; nextCursor: string | null }> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const offset = query.cursor ? decodeCursor(query.cursor) : 0;
  let base = db.selectFrom('conventions').where(repo.visibleConventions(ctx.principal));
  if (query.status) base = base.where('conventions.status', '=', query.status);
  if (query.published !== undefined) base = base.where('conventions.published', '=', query.published);
  if (query.axis) {
    const axis = query.axis;
    base = base.where(
      sql<boolean>`EXISTS (SELECT 1 FROM convention_axis_links l WHERE l.convention_id = conventions.id AND l.axis_code = ${axis})`,
    );
  }
  if (query.partner) {
    const partner = query.partner;
    base = base.where(
      sql<boolean>`EXISTS (SELECT 1 FROM convention_parties p WHERE p.convention_id = conventions.id AND p.organisation_id = ${partner})`,
    );
  }
  if (query.territory) {
    base = base.where(
      sql<boolean>`EXISTS (SELECT 1 FROM commitments WHERE commitments.convention_id = conventions.id AND ${repo.activeIn(query.territory)})`,
    );
  }
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) =>
      eb.or([
        eb('conventions.reference', 'ilike', like),
        eb('conventions.title_fr', 'ilike', like),
        eb('conventions.title_ar', 'ilike', like),
      ]),
    );
  }
  const countRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let page = base.selectAll('conventions');
  switch (query.sort ?? 'signed') {
    case 'reference':
      page = page.orderBy(sql`lower(conventions.reference)`);
      break;
    case 'title':
      page = page.orderBy('conventions.title_fr');
      break;
    case 'created':
      page = page.orderBy('conventions.created_at', 'desc');
      break;
    default:
      page = page
        .orderBy(sql`conventions.signed_on DESC NULLS LAST`)
        .orderBy(sql`lower(conventions.reference)`);
  }
  const rows = await page
    .orderBy('conventions.id')
    .limit(limit + 1)
    .offset(offset)
    .execute();
  const shown = rows.slice(0, limit);
  const total = Number(countRow.n);
  return {
    items: await summarise(db, shown, repo.today()),
    total,
    nextCursor: rows.length > limit ? Buffer.from(String(offset + limit)).toString('base64url') : null,
  };
}

/** One convention with everything on its page; not found when the caller may not see it. */
export async function getConvention(db: Kysely<Database>, ctx: Context, id: string): Promise<Convention> {
  const row = await repo.findConvention(db, id, ctx.principal);
  if (!row) throw notFound('Convention', id);
  return describe(db, row);
}

async function describe(
  db: Kysely<Database> | Transaction<Database>,
  row: repo.ConventionRow,
): Promise<Convention> {
  const day = repo.today();
  const [summary] = await summarise(db, [row], day);
  const [signatories, documents, commitments] = await Promise.all([
    repo.signatoriesOf(db, row.id),
    repo.documentsOf(db, row.id),
    loadCommitments(db, { conventionIds: [row.id] }, day),
  ]);
  if (!summary) throw notFound('Convention', row.id);
  return {
    ...summary,
    counts: countCommitments(commitments),
    summaryFr: row.summary_fr,
    summaryAr: row.summary_ar,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    signatories: signatories.map((s) => ({
      id: s.id,
      organisationId: s.organisation_id,
      fullName: s.full_name,
      functionTitle: s.function_title,
      position: s.position,
    })),
    documents: documents.map(toDocument),
    commitments,
  };
}

// ---- writing conventions

/** What the audit trail keeps of a convention: its row and its axes, parties and signatories. */
async function snapshot(trx: Transaction<Database>, id: string): Promise<Record<string, unknown> | null> {
  const row = await trx.selectFrom('conventions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const [axes, parties, signatories] = await Promise.all([
    repo.axesOf(trx, [id]),
    trx
      .selectFrom('convention_parties')
      .select(['organisation_id', 'role'])
      .where('convention_id', '=', id)
      .orderBy('organisation_id')
      .execute(),
    trx
      .selectFrom('convention_signatories')
      .select(['organisation_id', 'full_name', 'function_title'])
      .where('convention_id', '=', id)
      .orderBy('position')
      .execute(),
  ]);
  return { ...row, axis_codes: axes.get(id) ?? [], parties, signatories };
}

type ConventionInput = Partial<ConventionCreate>;

/** Rules JSON Schema cannot say, on the convention as it will be after the change. */
async function checkConvention(
  trx: Transaction<Database>,
  input: ConventionInput,
  after: {
    status: ConventionStatus;
    signed_on: string | null;
    starts_on: string | null;
    ends_on: string | null;
    published: boolean;
  },
  selfId: string | null,
): Promise<void> {
  if (input.reference !== undefined) {
    const same = await repo.findConventionByReference(trx, input.reference.trim());
    if (same && same.id !== selfId)
      throw fieldError(
        '/body/reference',
        `the reference "${same.reference}" is already used`,
        'IDENTIFIER_TAKEN',
      );
  }
  if (after.status !== 'draft' && !after.signed_on)
    throw unprocessable('/body/signedOn', `a ${after.status} convention needs its signature date`);
  if (after.starts_on && after.ends_on && after.ends_on < after.starts_on)
    throw unprocessable('/body/endsOn', 'ends before it starts');
  if (after.published && after.status === 'draft')
    throw unprocessable('/body/published', 'a draft cannot be published: sign it first');
  if (input.axisCodes?.length) {
    const known = new Set(
      (
        await trx.selectFrom('convention_axes').select('code').where('code', 'in', input.axisCodes).execute()
      ).map((a) => a.code),
    );
    const bad = input.axisCodes.findIndex((code) => !known.has(code));
    if (bad >= 0) throw unprocessable(`/body/axisCodes/${bad}`, `unknown axis ${input.axisCodes[bad]}`);
  }
  if (input.parties) {
    const ids = input.parties.map((p) => p.organisationId);
    const orgs = ids.length
      ? await trx.selectFrom('organisations').select(['id', 'kind']).where('id', 'in', ids).execute()
      : [];
    const kinds = new Map(orgs.map((o) => [o.id, o.kind]));
    for (const [i, id] of ids.entries()) {
      const kind = kinds.get(id);
      if (!kind) throw unprocessable(`/body/parties/${i}/organisationId`, `unknown organisation ${id}`);
      if (!(PARTY_KINDS as readonly string[]).includes(kind))
        throw unprocessable(
          `/body/parties/${i}/organisationId`,
          `an organisation of kind ${kind} cannot be a party`,
        );
      if (ids.indexOf(id) !== i) throw unprocessable(`/body/parties/${i}/organisationId`, 'listed twice');
    }
  }
}

async function writeLinks(
  trx: Transaction<Database>,
  id: string,
  input: ConventionInput,
  isNew: boolean,
): Promise<void> {
  if (input.axisCodes) {
    if (!isNew) await trx.deleteFrom('convention_axis_links').where('convention_id', '=', id).execute();
    if (input.axisCodes.length)
      await trx
        .insertInto('convention_axis_links')
        .values(input.axisCodes.map((code) => ({ convention_id: id, axis_code: code })))
        .execute();
  }
  if (input.parties) {
    const keep = input.parties.map((p) => p.organisationId);
    if (!isNew) {
      const committed = await trx
        .selectFrom('commitments')
        .select('organisation_id')
        .distinct()
        .where('convention_id', '=', id)
        .execute();
      const orphan = committed.find((c) => !keep.includes(c.organisation_id));
      if (orphan)
        throw unprocessable(
          '/body/parties',
          `organisation ${orphan.organisation_id} has commitments in this convention: remove them before removing the party`,
        );
      let removal = trx.deleteFrom('convention_parties').where('convention_id', '=', id);
      if (keep.length) removal = removal.where('organisation_id', 'not in', keep);
      await removal.execute();
    }
    if (input.parties.length)
      await trx
        .insertInto('convention_parties')
        .values(
          input.parties.map((p) => ({
            convention_id: id,
            organisation_id: p.organisationId,
            role: p.role ?? 'party',
          })),
        )
        .onConflict((oc) =>
          oc.columns(['convention_id', 'organisation_id']).doUpdateSet({ role: sql`excluded.role` }),
        )
        .execute();
  }
  if (input.signatories) {
    const parties = new Set(
      (
        await trx
          .selectFrom('convention_parties')
          .select('organisation_id')
          .where('convention_id', '=', id)
          .execute()
      ).map((p) => p.organisation_id),
    );
    const bad = input.signatories.findIndex((s) => !parties.has(s.organisationId));
    if (bad >= 0)
      throw unprocessable(
        `/body/signatories/${bad}/organisationId`,
        'a signatory signs for one of the parties of the convention',
      );
    if (!isNew) await trx.deleteFrom('convention_signatories').where('convention_id', '=', id).execute();
    if (input.signatories.length)
      await trx
        .insertInto('convention_signatories')
        .values(
          input.signatories.map((s, position) => ({
            convention_id: id,
            organisation_id: s.organisationId,
            full_name: s.fullName.trim(),
            function_title: s.functionTitle?.trim() ?? null,
            position,
          })),
        )
        .execute();
  }
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

export async function createConvention(
  db: Kysely<Database>,
  ctx: Context,
  input: ConventionCreate,
  options: { isDemo?: boolean } = {},
): Promise<Convention> {
  requirePermission(ctx, 'conventions:manage');
  const after = {
    status: input.status ?? 'draft',
    signed_on: input.signedOn ?? null,
    starts_on: input.startsOn ?? null,
    ends_on: input.endsOn ?? null,
    published: input.published ?? false,
  };
  try {
    return await db.transaction().execute(async (trx) => {
      await checkConvention(trx, input, after, null);
      const row = await trx
        .insertInto('conventions')
        .values({
          reference: input.reference.trim(),
          title_fr: input.titleFr.trim(),
          title_ar: input.titleAr?.trim() ?? null,
          summary_fr: input.summaryFr ?? null,
          summary_ar: input.summaryAr ?? null,
          status: after.status,
          signed_on: after.signed_on,
          signed_place: input.signedPlace ?? null,
          signing_event: input.signingEvent ?? null,
          starts_on: after.starts_on,
          ends_on: after.ends_on,
          published: after.published,
          is_demo: options.isDemo ?? false,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeLinks(trx, row.id, input, true);
      await recordAudit(trx, ctx, {
        action: 'convention.created',
        entityType: 'convention',
        entityId: row.id,
        after: await snapshot(trx, row.id),
      });
      return describe(trx, row);
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw fieldError(
        '/body/reference',
        `the reference "${input.reference}" is already used`,
        'IDENTIFIER_TAKEN',
      );
    throw error;
  }
}

export async function updateConvention(
  db: Kysely<Database>,
  ctx: Context,
  id: string,
  patch: ConventionUpdate,
): Promise<Convention> {
  requirePermission(ctx, 'conventions:manage');
  try {
    return await db.transaction().execute(async (trx) => {
      const current = await repo.lockConvention(trx, id);
      if (!current) throw notFound('Convention', id);
      if (patch.version !== undefined && patch.version !== current.version)
        throw new AppError(
          'STALE_VERSION',
          `The convention is at version ${current.version}; you edited version ${patch.version}. Reload it.`,
        );
      const status = patch.status ?? current.status;
      if (
        STATUS_ORDER[status] < STATUS_ORDER[current.status] &&
        !(current.status === 'closed' && status === 'in_force')
      )
        throw unprocessable(
          '/body/status',
          `a ${current.status} convention cannot go back to ${status} (only closed → in_force reopens)`,
        );
      const after = {
        status,
        signed_on: patch.signedOn === undefined ? current.signed_on : patch.signedOn,
        starts_on: patch.startsOn === undefined ? current.starts_on : patch.startsOn,
        ends_on: patch.endsOn === undefined ? current.ends_on : patch.endsOn,
        published: patch.published ?? current.published,
      };
      await checkConvention(trx, patch, after, id);
      const before = await snapshot(trx, id);
      const changes = {
        ...(patch.reference !== undefined ? { reference: patch.reference.trim() } : {}),
        ...(patch.titleFr !== undefined ? { title_fr: patch.titleFr.trim() } : {}),
        ...(patch.titleAr !== undefined ? { title_ar: patch.titleAr?.trim() ?? null } : {}),
        ...(patch.summaryFr !== undefined ? { summary_fr: patch.summaryFr } : {}),
        ...(patch.summaryAr !== undefined ? { summary_ar: patch.summaryAr } : {}),
        ...(patch.signedPlace !== undefined ? { signed_place: patch.signedPlace } : {}),
        ...(patch.signingEvent !== undefined ? { signing_event: patch.signingEvent } : {}),
        ...after,
      };
      const row = await trx
        .updateTable('conventions')
        .set({ ...changes, version: current.version + 1, updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeLinks(trx, id, patch, false);
      await recordAudit(trx, ctx, {
        action:
          patch.published !== undefined && patch.published !== current.published
            ? patch.published
              ? 'convention.published'
              : 'convention.unpublished'
            : 'convention.updated',
        entityType: 'convention',
        entityId: id,
        before,
        after: await snapshot(trx, id),
      });
      return describe(trx, row);
    });
  } catch (error) {
    if (isUniqueViolation(error) && patch.reference)
      throw fieldError(
        '/body/reference',
        `the reference "${patch.reference}" is already used`,
        'IDENTIFIER_TAKEN',
      );
    throw error;
  }
}

/** Only a draft may be deleted (with its commitments); a signed convention is closed instead. */
export async function deleteConvention(db: Kysely<Database>, ctx: Context, id: string): Promise<void> {
  requirePermission(ctx, 'conventions:manage');
  await db.transaction().execute(async (trx) => {
    const current = await repo.lockConvention(trx, id);
    if (!current) throw notFound('Convention', id);
    if (current.status !== 'draft')
      throw new AppError(
        'CONFLICT',
        `Only a draft can be deleted; this convention is ${current.status}: close it instead`,
      );
    const before = await snapshot(trx, id);
    try {
      await trx.deleteFrom('commitments').where('convention_id', '=', id).execute();
      await trx.deleteFrom('conventions').where('id', '=', id).execute();
    } catch (error) {
      if ((error as { code?: string }).code === '23503')
        throw new AppError(
          'CONFLICT',
          'Indicator values were reported against its commitments: it cannot be deleted',
        );
      throw error;
    }
    await recordAudit(trx, ctx, {
      action: 'convention.deleted',
      entityType: 'convention',
      entityId: id,
      before,
    });
  });
}

// ---- documents

export const DOCUMENT_KINDS: ConventionDocumentKind[] = [
  'signed_convention',
  'annex',
  'amendment',
  'report',
  'other',
];

export async function addDocument(
  db: Kysely<Database>,
  ctx: Context,
  conventionId: string,
  input: { bytes: Uint8Array; filename: string; kind?: string; title?: string; maxBytes: number },
): Promise<ConventionDocument> {
  requirePermission(ctx, 'conventions:manage');
  const kind = (input.kind?.trim() || 'signed_convention') as ConventionDocumentKind;
  if (!DOCUMENT_KINDS.includes(kind))
    throw fieldError('/body/kind', `must be one of ${DOCUMENT_KINDS.join(', ')}`);
  const title = input.title?.trim();
  const control = (c: string) => {
    const code = c.charCodeAt(0);
    return (code < 32 && c !== '\t' && c !== '\n' && c !== '\r') || code === 127;
  };
  if (title !== undefined && (Array.from(title).length > 300 || Array.from(title).some(control)))
    throw fieldError('/body/title', 'at most 300 characters, without control characters');
  return db.transaction().execute(async (trx) => {
    const convention = await repo.lockConvention(trx, conventionId);
    if (!convention) throw notFound('Convention', conventionId);
    const file = await storePdf(trx, ctx, {
      bytes: input.bytes,
      originalName: input.filename,
      createdBy: ctx.principal.userId,
      maxBytes: input.maxBytes,
    });
    const existing = await trx
      .selectFrom('convention_documents')
      .select(['id', 'title'])
      .where('convention_id', '=', conventionId)
      .where('file_id', '=', file.id)
      .executeTakeFirst();
    if (existing)
      throw fieldError(
        '/body/file',
        `this file is already attached to the convention as "${existing.title}"`,
        'CONFLICT',
      );
    const row = await trx
      .insertInto('convention_documents')
      .values({
        convention_id: conventionId,
        file_id: file.id,
        kind,
        title: title || file.originalName.replace(/\.pdf$/i, '') || 'Document',
        created_by: ctx.principal.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'convention.document_added',
      entityType: 'convention',
      entityId: conventionId,
      after: { document_id: row.id, kind, title: row.title, file_id: file.id, sha256: file.sha256 },
    });
    const [document] = (await repo.documentsOf(trx, conventionId)).filter((d) => d.id === row.id);
    if (!document) throw notFound('Document', row.id);
    return toDocument(document);
  });
}

/** The document's file, for whoever may see the convention. */
export async function readDocument(
  db: Kysely<Database>,
  ctx: Context,
  conventionId: string,
  documentId: string,
): Promise<{ file: StoredFile; filename: string }> {
  const convention = await repo.findConvention(db, conventionId, ctx.principal);
  if (!convention) throw notFound('Convention', conventionId);
  const document = await db
    .selectFrom('convention_documents')
    .select(['file_id', 'title'])
    .where('id', '=', documentId)
    .where('convention_id', '=', conventionId)
    .executeTakeFirst();
  const file = document ? await readStoredFile(db, document.file_id) : null;
  if (!document || !file) throw notFound('Document', documentId);
  return { file, filename: file.originalName };
}

export async function deleteDocument(
  db: Kysely<Database>,
  ctx: Context,
  conventionId: string,
  documentId: string,
): Promise<void> {
  requirePermission(ctx, 'conventions:manage');
  await db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('convention_documents')
      .where('id', '=', documentId)
      .where('convention_id', '=', conventionId)
      .returningAll()
      .executeTakeFirst();
    if (!removed) throw notFound('Document', documentId);
    await recordAudit(trx, ctx, {
      action: 'convention.document_removed',
      entityType: 'convention',
      entityId: conventionId,
      before: { document_id: removed.id, kind: removed.kind, title: removed.title, file_id: removed.file_id },
    });
  });
}

export { toParty };
