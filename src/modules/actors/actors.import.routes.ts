import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { IdParams, Nullable, StrictObject } from '../../http/schemas.js';
import { AppError, fieldError } from '../../shared/errors.js';
import type { Principal } from '../../shared/principal.js';
import { exportCsv, exportXlsx } from './actors.export.js';
import { importActors } from './actors.import.js';
import { ENCODINGS, type Encoding } from './actors.import-read.js';
import { CSV_TYPE, type RejectsFile, XLSX_TYPE } from './actors.import-rejects.js';
import type { ColumnMapping } from './actors.import-rows.js';
import { templateCsv, templateXlsx } from './actors.import-template.js';
import { ActorListQuery } from './actors.schemas.js';

const TAGS = ['actors'];
/** Large enough for a province's whole registry (about 300,000 rows of CSV); larger files go through the CLI. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
/** Problems listed in the API answer; all of them are in the rejects file. */
const LISTED_PROBLEMS = 1000;

const Problem = Type.Object({ row: Type.Integer(), column: Nullable(Type.String()), reason: Type.String() });
const ImportReportSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
  encoding: Nullable(Type.String()),
  delimiter: Nullable(Type.String()),
  dryRun: Type.Boolean(),
  rows: Type.Integer({ description: 'Data rows read (blank rows are not counted)' }),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  errors: Type.Array(Problem, { description: `The first ${LISTED_PROBLEMS} problems` }),
  errorsTotal: Type.Integer(),
  warnings: Type.Array(Problem),
  warningsTotal: Type.Integer(),
  rejectsUrl: Nullable(
    Type.String({ description: 'The refused rows with a reason column, kept for an hour' }),
  ),
});

/** The list filters without paging: an export has every matching record. */
const ActorExportQuery = Type.Omit(ActorListQuery, ['q', 'cursor', 'limit', 'sort']);

/**
 * Rejects files of recent imports, in this server's memory for an hour, fetched by the same caller.
 * Enough for one server; several servers behind a balancer would need them in shared storage.
 */
const KEPT_MS = 60 * 60 * 1000;
const rejectsStore = new Map<string, { owner: string; at: number; file: RejectsFile }>();
const ownerOf = (p: Principal) => `${p.kind}:${p.userId ?? p.tokenId ?? p.label}`;
function keepRejects(principal: Principal, file: RejectsFile): string {
  const now = Date.now();
  for (const [id, entry] of rejectsStore) if (now - entry.at > KEPT_MS) rejectsStore.delete(id);
  const id = randomUUID();
  rejectsStore.set(id, { owner: ownerOf(principal), at: now, file });
  return id;
}

async function readUpload(request: FastifyRequest) {
  if (!request.isMultipart())
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the file as multipart/form-data, in a field named "file"',
    );
  let bytes: Buffer | null = null;
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || bytes !== null) {
          await part.toBuffer();
          throw fieldError(`/body/${part.fieldname}`, 'send one file, in the field named "file"');
        }
        bytes = await part.toBuffer();
      } else fields[part.fieldname] = String(part.value);
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB: split it, or import it with "nasij import actors FILE"`,
      );
    }
    throw error;
  }
  if (bytes === null) throw fieldError('/body/file', 'no file: send it in a field named "file"');
  return { bytes, mapping: parseMapping(fields.mapping), encoding: parseEncoding(fields.encoding) };
}

export function parseMapping(text: string | undefined): ColumnMapping | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw fieldError('/body/mapping', 'is not JSON: write {"file header": "apiField"}');
  }
  const valid =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => v === null || typeof v === 'string');
  if (!valid) throw fieldError('/body/mapping', 'must be an object {"file header": "apiField" or null}');
  return value as ColumnMapping;
}

function parseEncoding(text: string | undefined): Encoding | undefined {
  if (text === undefined || text === '') return undefined;
  if (!(ENCODINGS as string[]).includes(text))
    throw fieldError('/body/encoding', `must be one of ${ENCODINGS.join(', ')}`);
  return text as Encoding;
}

const attachment = (name: string) => `attachment; filename="${name}"`;

/** Import from CSV/XLSX, the import template, and export of the filtered list to CSV/XLSX. */
const actorsImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(multipart, {
    limits: { fileSize: IMPORT_MAX_BYTES, files: 2, fields: 10, fieldSize: 100_000 },
  });

  app.post(
    '/api/actors/import',
    {
      config: { permission: 'actors:create' },
      schema: {
        tags: TAGS,
        summary:
          'Import actors from a CSV or XLSX file (multipart field "file"; optional "mapping", "encoding")',
        description:
          'Rows are matched to live records by identifier and update them; others are inserted; refused rows are reported and can be downloaded as a rejects file. Territorial users import rows of their territory only. See docs/import/actors.md.',
        querystring: StrictObject({ dryRun: Type.Optional(Type.Boolean({ default: false })) }),
        response: { 200: ImportReportSchema },
      },
    },
    async (request) => {
      const upload = await readUpload(request);
      const { report, rejects } = await importActors(app.db, request.ctx, upload.bytes, {
        dryRun: request.query.dryRun ?? false,
        ...(upload.mapping ? { mapping: upload.mapping } : {}),
        ...(upload.encoding ? { encoding: upload.encoding } : {}),
      });
      const id = rejects ? keepRejects(request.ctx.principal, rejects) : randomUUID();
      return {
        ...report,
        id,
        errors: report.errors.slice(0, LISTED_PROBLEMS),
        errorsTotal: report.errors.length,
        warnings: report.warnings.slice(0, LISTED_PROBLEMS),
        warningsTotal: report.warnings.length,
        rejectsUrl: rejects ? `/api/actors/import/${id}/rejects` : null,
      };
    },
  );

  app.get(
    '/api/actors/import/:id/rejects',
    {
      config: { permission: 'actors:create' },
      schema: { tags: TAGS, summary: 'The rows an import refused, with a reason column', params: IdParams },
    },
    async (request, reply) => {
      const entry = rejectsStore.get(request.params.id);
      if (!entry || entry.owner !== ownerOf(request.ctx.principal) || Date.now() - entry.at > KEPT_MS)
        throw new AppError(
          'NOT_FOUND',
          'No rejects file with this id (they are kept for an hour, for the importer)',
        );
      return reply
        .type(entry.file.contentType)
        .header('content-disposition', attachment(`actors-rejects.${entry.file.extension}`))
        .send(entry.file.bytes);
    },
  );

  app.get(
    '/api/actors/import/template.csv',
    { config: { permission: 'actors:create' }, schema: { tags: TAGS, summary: 'The import template, CSV' } },
    async (_request, reply) =>
      reply
        .type(CSV_TYPE)
        .header('content-disposition', attachment('actors-template.csv'))
        .send(templateCsv()),
  );
  app.get(
    '/api/actors/import/template.xlsx',
    { config: { permission: 'actors:create' }, schema: { tags: TAGS, summary: 'The import template, XLSX' } },
    async (_request, reply) =>
      reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment('actors-template.xlsx'))
        .send(await templateXlsx()),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/api/actors/export.${format}`,
      {
        config: { permission: 'actors:read' },
        schema: {
          tags: TAGS,
          summary: `Export the filtered list of actors to ${format.toUpperCase()} (your scope applies)`,
          querystring: ActorExportQuery,
        },
      },
      async (request, reply) => {
        const stream = (format === 'csv' ? exportCsv : exportXlsx)(
          app.db,
          request.ctx.principal,
          request.query,
        );
        return reply
          .type(format === 'csv' ? CSV_TYPE : XLSX_TYPE)
          .header('content-disposition', attachment(`actors.${format}`))
          .send(stream);
      },
    );
  }
};

export default actorsImportRoutes;
