import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, fieldError } from '../../shared/errors.js';
import type { StoredFile } from './files.service.js';

/**
 * Registers @fastify/multipart in the calling plugin (encapsulated: call it inside your own routes
 * plugin, once), with the upload size limit of the configuration.
 */
export async function registerUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    limits: { fileSize: app.config.maxUploadBytes, files: 2, fields: 20, fieldSize: 10_000 },
  });
}

export interface Upload {
  /** The file's bytes, at most `config.maxUploadBytes`. */
  bytes: Buffer;
  /** The name the browser sent (untrusted: storePdf cleans it). */
  filename: string;
  /** The other (text) fields of the form. */
  fields: Record<string, string>;
}

/**
 * Reads a multipart/form-data request with exactly one file, in `fieldName` (default "file"), and
 * its text fields. Refuses another content type (415), a missing or second file (400) and a file over
 * the limit (FILE_TOO_LARGE, 413). The PDF check itself is storePdf's.
 */
export async function readUpload(
  request: FastifyRequest,
  options: { fieldName?: string } = {},
): Promise<Upload> {
  const fieldName = options.fieldName ?? 'file';
  if (!request.isMultipart())
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Send the file as multipart/form-data, in a field named "${fieldName}"`,
    );
  const limit = request.server.config.maxUploadBytes;
  let bytes: Buffer | null = null;
  let filename = '';
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== fieldName || bytes !== null) {
          await part.toBuffer();
          throw fieldError(`/body/${part.fieldname}`, `send one file, in the field named "${fieldName}"`);
        }
        bytes = await part.toBuffer();
        filename = part.filename;
      } else fields[part.fieldname] = String(part.value);
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError(
        'FILE_TOO_LARGE',
        `The file is larger than the largest accepted, ${limit} bytes (${Math.round(limit / 1024 / 102.4) / 10} MB)`,
      );
    if (code === 'FST_FILES_LIMIT')
      throw fieldError(`/body/${fieldName}`, `send one file, in the field named "${fieldName}"`);
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT')
      throw new AppError('BAD_REQUEST', 'Too many form fields');
    throw error;
  }
  if (bytes === null)
    throw fieldError(`/body/${fieldName}`, `no file: send it in a field named "${fieldName}"`);
  return { bytes, filename, fields };
}

/** An ASCII-only stand-in for a name (the RFC 5987 `filename*` carries the real one). */
function asciiFallback(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\;]/g, '_')
    .trim();
  return /[A-Za-z0-9]/.test(ascii.replace(/\.pdf$/i, '')) ? ascii : 'document.pdf';
}

/** RFC 5987 / RFC 8187 value: UTF-8, percent-encoded, including the characters encodeURIComponent leaves. */
function encodeRfc5987(name: string): string {
  return encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `attachment; filename="ascii"; filename*=UTF-8''…` for any name, Arabic included. */
export function contentDisposition(name: string): string {
  const withExtension = /\.pdf$/i.test(name) ? name : `${name}.pdf`;
  const fallback = asciiFallback(withExtension);
  const plain = fallback === withExtension;
  return plain
    ? `attachment; filename="${fallback}"`
    : `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(withExtension)}`;
}

/**
 * Sends a stored file as a download: application/pdf, attachment with a safe file name (the stored
 * name unless `filename` is given), its SHA-256 in `x-content-sha256` and as the ETag; a matching
 * If-None-Match gets 304. Private caching only: visibility depends on who asks.
 */
export function sendStoredFile(
  request: FastifyRequest,
  reply: FastifyReply,
  file: StoredFile,
  options: { filename?: string } = {},
): FastifyReply {
  const etag = `"${file.sha256}"`;
  reply
    .header('etag', etag)
    .header('x-content-sha256', file.sha256)
    .header('cache-control', 'private, no-cache')
    .header('x-content-type-options', 'nosniff');
  const match = request.headers['if-none-match'];
  if (match?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    return reply.code(304).send();
  }
  return reply
    .type(file.contentType)
    .header('content-disposition', contentDisposition(options.filename ?? file.originalName))
    .header('content-length', String(file.content.length))
    .send(file.content);
}
