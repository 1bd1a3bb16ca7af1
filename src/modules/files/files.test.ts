import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { loadConfig } from '../../config.js';
import type { Database } from '../../db/database.js';
import { sendProblem, toProblem } from '../../http/problem.js';
import { AppError } from '../../shared/errors.js';
import { systemContext } from '../../shared/principal.js';
import { multipartBody, tinyPdf } from './files.fixtures.js';
import { contentDisposition, readUpload, registerUploads, sendStoredFile } from './files.http.js';
import { cleanFileName, isPdf, readStoredFile, storePdf } from './files.service.js';

const ctx = systemContext('test');

describe('stored files', () => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.handle.db;
    app = Fastify();
    app.decorate('db', db);
    app.decorate('config', { ...loadConfig({}), maxUploadBytes: 4096 });
    app.setErrorHandler((error, request, reply) => sendProblem(reply, toProblem(error, request)));
    await app.register(async (scope) => {
      await registerUploads(scope);
      scope.post('/upload', async (request) => {
        const upload = await readUpload(request);
        return db.transaction().execute((trx) =>
          storePdf(trx, ctx, {
            bytes: upload.bytes,
            originalName: upload.filename,
            maxBytes: scope.config.maxUploadBytes,
          }),
        );
      });
      scope.get<{ Params: { id: string } }>('/files/:id', async (request, reply) => {
        const file = await readStoredFile(db, request.params.id);
        if (!file) throw new AppError('NOT_FOUND', 'no file');
        return sendStoredFile(request, reply, file);
      });
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  it('builds a real PDF for the tests', () => {
    const pdf = tinyPdf('x');
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    expect(isPdf(pdf)).toBe(true);
    expect(isPdf(Buffer.from('%PDF'))).toBe(false);
  });

  it('stores a PDF once per content, records it in the audit trail, and reads it back byte for byte', async () => {
    const bytes = tinyPdf('store once');
    const first = await db
      .transaction()
      .execute((trx) => storePdf(trx, ctx, { bytes, originalName: 'C:\\docs\\convention.pdf' }));
    expect(first).toMatchObject({ created: true, sizeBytes: bytes.length, originalName: 'convention.pdf' });
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = await db
      .transaction()
      .execute((trx) => storePdf(trx, ctx, { bytes: Uint8Array.from(bytes), originalName: 'other.pdf' }));
    expect(again).toMatchObject({
      id: first.id,
      sha256: first.sha256,
      created: false,
      originalName: 'convention.pdf',
    });
    const rows = await db
      .selectFrom('stored_files')
      .select('id')
      .where('sha256', '=', first.sha256)
      .execute();
    expect(rows).toHaveLength(1);
    const audit = await db.selectFrom('audit_log').selectAll().where('entity_id', '=', first.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['file.stored']);
    const read = await readStoredFile(db, first.id);
    expect(Buffer.isBuffer(read?.content)).toBe(true);
    expect(read?.content.equals(bytes)).toBe(true);
    expect(await readStoredFile(db, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('refuses a file that is not a PDF whatever its name, an empty file and a too large file, storing nothing', async () => {
    const before = await db
      .selectFrom('stored_files')
      .select(db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const attempt = (bytes: Uint8Array, maxBytes?: number) =>
      db
        .transaction()
        .execute((trx) =>
          storePdf(trx, ctx, { bytes, originalName: 'fake.pdf', ...(maxBytes ? { maxBytes } : {}) }),
        );
    await expect(attempt(Buffer.from('<html>not a pdf</html>'))).rejects.toMatchObject({
      code: 'FILE_NOT_PDF',
      status: 415,
    });
    await expect(attempt(Buffer.alloc(0))).rejects.toMatchObject({ code: 'FILE_EMPTY', status: 422 });
    await expect(attempt(tinyPdf('big'), 100)).rejects.toMatchObject({ code: 'FILE_TOO_LARGE', status: 413 });
    const after = await db
      .selectFrom('stored_files')
      .select(db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('cleans names', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b\nc.pdf')).toBe('abc.pdf');
    expect(cleanFileName('   ')).toBe('document.pdf');
    expect(cleanFileName(`${'x'.repeat(300)}.pdf`)).toHaveLength(255);
  });

  it('uploads through multipart and downloads with a safe name, the SHA-256 and an ETag', async () => {
    const bytes = tinyPdf('upload');
    const up = await app.inject({
      method: 'POST',
      url: '/upload',
      ...multipartBody({ title: 'x' }, { name: 'اتفاقية الشراكة.pdf', bytes }),
    });
    expect(up.statusCode).toBe(200);
    const stored = up.json() as { id: string; sha256: string; originalName: string };
    expect(stored.originalName).toBe('اتفاقية الشراكة.pdf');
    const down = await app.inject({ method: 'GET', url: `/files/${stored.id}` });
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.headers['x-content-sha256']).toBe(stored.sha256);
    expect(down.headers.etag).toBe(`"${stored.sha256}"`);
    expect(down.headers['content-disposition']).toBe(
      `attachment; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent('اتفاقية الشراكة.pdf')}`,
    );
    expect(down.rawPayload.equals(bytes)).toBe(true);
    const cached = await app.inject({
      method: 'GET',
      url: `/files/${stored.id}`,
      headers: { 'if-none-match': `"${stored.sha256}"` },
    });
    expect(cached.statusCode).toBe(304);
  });

  it('answers a clear 4xx to a bad upload', async () => {
    const notPdf = await app.inject({
      method: 'POST',
      url: '/upload',
      ...multipartBody({}, { name: 'looks.pdf', bytes: Buffer.from('GIF89a fake') }),
    });
    expect(notPdf.statusCode).toBe(415);
    expect(notPdf.json()).toMatchObject({ code: 'FILE_NOT_PDF' });
    const tooLarge = await app.inject({
      method: 'POST',
      url: '/upload',
      ...multipartBody(
        {},
        { name: 'big.pdf', bytes: Buffer.concat([tinyPdf('big'), Buffer.alloc(5000, 32)]) },
      ),
    });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toMatchObject({ code: 'FILE_TOO_LARGE' });
    const empty = await app.inject({
      method: 'POST',
      url: '/upload',
      ...multipartBody({}, { name: 'e.pdf', bytes: Buffer.alloc(0) }),
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.json()).toMatchObject({ code: 'FILE_EMPTY' });
    const noFile = await app.inject({ method: 'POST', url: '/upload', ...multipartBody({ a: 'b' }, null) });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json()).toMatchObject({ errors: [{ pointer: '/body/file' }] });
    const wrongField = await app.inject({
      method: 'POST',
      url: '/upload',
      ...multipartBody({}, { field: 'document', name: 'a.pdf', bytes: tinyPdf('w') }),
    });
    expect(wrongField.statusCode).toBe(400);
    const json = await app.inject({ method: 'POST', url: '/upload', payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
  });

  it('gives plain ASCII names as they are and a fallback for names without letters', () => {
    expect(contentDisposition('convention-2025.pdf')).toBe('attachment; filename="convention-2025.pdf"');
    expect(contentDisposition('a"b')).toBe(`attachment; filename="a_b.pdf"; filename*=UTF-8''a%22b.pdf`);
    expect(contentDisposition('été (v2)')).toBe(
      `attachment; filename="ete (v2).pdf"; filename*=UTF-8''%C3%A9t%C3%A9%20%28v2%29.pdf`,
    );
    expect(contentDisposition('وثيقة.pdf')).toMatch(
      /^attachment; filename="document.pdf"; filename\*=UTF-8''%D9/,
    );
  });
});
