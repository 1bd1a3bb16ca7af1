/**
 * Attachments of an application (PDF, e.g. statutes, a quote, the members' list): added by the
 * applicant (or its territorial agent, or an administrator) while the call is open; downloaded by
 * whoever may see the application. Stored once by SHA-256 in stored_files (files module).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError, fieldError, notFound } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { readStoredFile, type StoredFile, storePdf } from '../files/files.service.js';
import { actsForApplicant, getApplication } from './applications.service.js';
import { findCall, requirePermission } from './programmes.service.js';

export interface AttachmentView {
  fileId: string;
  label: string;
  originalName: string;
  sizeBytes: number;
  sha256: string;
}

export async function listAttachments(
  db: Kysely<Database>,
  applicationId: string,
): Promise<AttachmentView[]> {
  const rows = await db
    .selectFrom('application_attachments')
    .innerJoin('stored_files', 'stored_files.id', 'application_attachments.file_id')
    .select([
      'application_attachments.file_id',
      'application_attachments.label',
      'stored_files.original_name',
      'stored_files.size_bytes',
      'stored_files.sha256',
    ])
    .where('application_attachments.application_id', '=', applicationId)
    .orderBy('application_attachments.created_at')
    .execute();
  return rows.map((row) => ({
    fileId: row.file_id,
    label: row.label,
    originalName: row.original_name,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
  }));
}

export async function addAttachment(
  db: Kysely<Database>,
  ctx: Context,
  applicationId: string,
  input: { bytes: Uint8Array; filename: string; label?: string; maxBytes: number },
): Promise<AttachmentView> {
  requirePermission(ctx, 'applications:submit');
  const label = input.label?.trim() || input.filename.replace(/\.pdf$/i, '').trim() || 'Document';
  if (Array.from(label).length > 200) throw fieldError('/body/label', 'at most 200 characters');
  return db.transaction().execute(async (trx) => {
    const application = await trx
      .selectFrom('applications')
      .innerJoin('actors', 'actors.id', 'applications.actor_id')
      .select([
        'applications.id',
        'applications.call_id',
        'actors.organisation_id',
        'actors.province_code',
        'actors.region_code',
      ])
      .where('applications.id', '=', applicationId)
      .forUpdate()
      .executeTakeFirst();
    const { principal } = ctx;
    const mayAct = application !== undefined && actsForApplicant(ctx.principal, application);
    if (!application || !mayAct) throw notFound('Application', applicationId);
    const call = await findCall(trx, application.call_id);
    if (call?.status !== 'published' || new Date(call.closes_at) <= new Date())
      throw new AppError('CALL_CLOSED', 'The call is closed; attachments can no longer be added');
    const file = await storePdf(trx, ctx, {
      bytes: input.bytes,
      originalName: input.filename,
      createdBy: principal.userId,
      maxBytes: input.maxBytes,
    });
    const existing = await trx
      .selectFrom('application_attachments')
      .select('label')
      .where('application_id', '=', applicationId)
      .where('file_id', '=', file.id)
      .executeTakeFirst();
    if (existing)
      throw fieldError('/body/file', `this file is already attached as "${existing.label}"`, 'CONFLICT');
    await trx
      .insertInto('application_attachments')
      .values({ application_id: applicationId, file_id: file.id, label })
      .execute();
    await recordAudit(trx, ctx, {
      action: 'application.attachment_added',
      entityType: 'application',
      entityId: applicationId,
      after: { fileId: file.id, label, sha256: file.sha256 },
    });
    return {
      fileId: file.id,
      label,
      originalName: file.originalName,
      sizeBytes: file.sizeBytes,
      sha256: file.sha256,
    };
  });
}

/** The file, when the caller may see the application and the file is attached to it. */
export async function readAttachment(
  db: Kysely<Database>,
  ctx: Context,
  applicationId: string,
  fileId: string,
): Promise<StoredFile> {
  await getApplication(db, ctx, applicationId);
  const link = await db
    .selectFrom('application_attachments')
    .select('file_id')
    .where('application_id', '=', applicationId)
    .where('file_id', '=', fileId)
    .executeTakeFirst();
  const file = link ? await readStoredFile(db, fileId) : null;
  if (!file) throw notFound('Attachment', fileId);
  return file;
}
