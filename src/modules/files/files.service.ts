import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';

/** 20 MB, overridden by NASIJ_MAX_UPLOAD_BYTES (config.maxUploadBytes). */
export const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const MAX_NAME = 255;

/** What other modules keep of a stored file: its id, and enough to show and check it. */
export interface StoredFileInfo {
  id: string;
  sha256: string;
  sizeBytes: number;
  originalName: string;
  contentType: 'application/pdf';
  /** False when the same bytes were already stored: the existing row is reused. */
  created: boolean;
}

export interface StoredFile extends Omit<StoredFileInfo, 'created'> {
  content: Buffer;
  createdAt: Date;
}

export interface PdfInput {
  bytes: Uint8Array;
  /** The name the uploader gave; path parts and control characters are dropped. */
  originalName: string;
  /** The uploading user, if any (null for the system or an API token). */
  createdBy?: string | null;
  /** Largest accepted size in bytes; default 20 MB. Pass `app.config.maxUploadBytes`. */
  maxBytes?: number;
}

/** True when the bytes start with the PDF header `%PDF-` (the name and declared type are not trusted). */
export function isPdf(bytes: Uint8Array): boolean {
  if (bytes.length < PDF_MAGIC.length) return false;
  return PDF_MAGIC.every((byte, i) => bytes[i] === byte);
}

/** A file name safe to store and show: no directories, no control characters, at most 255 characters. */
export function cleanFileName(name: string, fallback = 'document.pdf'): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we drop
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .normalize('NFC')
    .trim();
  const chars = Array.from(base);
  const cut = chars.length > MAX_NAME ? chars.slice(chars.length - MAX_NAME).join('') : base;
  return cut === '' || cut === '.' || cut === '..' ? fallback : cut;
}

/** Refuses what is not a non-empty PDF within the size limit, with a stable code. */
export function checkPdf(bytes: Uint8Array, maxBytes: number = DEFAULT_MAX_UPLOAD_BYTES): void {
  if (bytes.length === 0) throw new AppError('FILE_EMPTY', 'The file is empty');
  if (bytes.length > maxBytes) {
    throw new AppError(
      'FILE_TOO_LARGE',
      `The file is ${bytes.length} bytes; the largest accepted is ${maxBytes} bytes (${formatMb(maxBytes)})`,
    );
  }
  if (!isPdf(bytes)) {
    throw new AppError('FILE_NOT_PDF', 'The file is not a PDF (it does not start with "%PDF-")');
  }
}

const formatMb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export function sha256OfBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Stores a PDF inside the caller's transaction, identified by its SHA-256: the same bytes stored
 * twice give the same row (the first name given is kept). A new file is recorded in the audit trail.
 */
export async function storePdf(
  trx: Transaction<Database>,
  ctx: Context,
  input: PdfInput,
): Promise<StoredFileInfo> {
  checkPdf(input.bytes, input.maxBytes);
  const sha256 = sha256OfBytes(input.bytes);
  const originalName = cleanFileName(input.originalName);
  const inserted = await trx
    .insertInto('stored_files')
    .values({
      sha256,
      content_type: 'application/pdf',
      size_bytes: input.bytes.length,
      original_name: originalName,
      content: Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength),
      created_by: input.createdBy ?? null,
    })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .returning(['id', 'sha256', 'size_bytes', 'original_name', 'content_type'])
    .executeTakeFirst();
  if (inserted) {
    await recordAudit(trx, ctx, {
      action: 'file.stored',
      entityType: 'stored_file',
      entityId: inserted.id,
      after: { sha256, size_bytes: inserted.size_bytes, original_name: originalName },
    });
    return { ...toInfo(inserted), created: true };
  }
  const existing = await trx
    .selectFrom('stored_files')
    .select(['id', 'sha256', 'size_bytes', 'original_name', 'content_type'])
    .where('sha256', '=', sha256)
    .executeTakeFirstOrThrow();
  return { ...toInfo(existing), created: false };
}

function toInfo(row: {
  id: string;
  sha256: string;
  size_bytes: number;
  original_name: string;
  content_type: 'application/pdf';
}): Omit<StoredFileInfo, 'created'> {
  return {
    id: row.id,
    sha256: row.sha256,
    sizeBytes: row.size_bytes,
    originalName: row.original_name,
    contentType: row.content_type,
  };
}

/** The file's description without its bytes; null when there is no such file. */
export async function findStoredFile(
  db: Kysely<Database> | Transaction<Database>,
  id: string,
): Promise<Omit<StoredFileInfo, 'created'> | null> {
  const row = await db
    .selectFrom('stored_files')
    .select(['id', 'sha256', 'size_bytes', 'original_name', 'content_type'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toInfo(row) : null;
}

/** The file with its bytes (a Buffer on both engines); null when there is no such file. */
export async function readStoredFile(
  db: Kysely<Database> | Transaction<Database>,
  id: string,
): Promise<StoredFile | null> {
  const row = await db.selectFrom('stored_files').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const content = Buffer.isBuffer(row.content)
    ? row.content
    : Buffer.from(row.content.buffer, row.content.byteOffset, row.content.byteLength);
  return { ...toInfo(row), content, createdAt: row.created_at };
}
