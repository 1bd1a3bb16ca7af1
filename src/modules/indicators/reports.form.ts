import type { FastifyRequest } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { validationErrors } from '../../http/problem.js';
import { validatorCompiler } from '../../http/validation.js';
import { AppError, fieldError } from '../../shared/errors.js';
import type { EvidenceUpload } from './reports.service.js';

/**
 * A report travels as multipart/form-data: the field `report` holds the JSON (checked against its
 * schema here, with pointers as if it were the body: `/body/values/3/value`), the field `evidence`
 * the PDF. One request, so the file and the report are stored in one transaction or not at all.
 * A correction may also be plain JSON when it keeps the evidence already sent.
 */
export const REPORT_FIELD = 'report';
export const EVIDENCE_FIELD = 'evidence';

export interface ReportForm<T> {
  json: T;
  evidence: EvidenceUpload | null;
}

function checkJson<S extends TSchema>(schema: S, data: unknown): Static<S> {
  const validate = validatorCompiler({ schema, httpPart: 'body', method: 'POST', url: '' });
  if (validate(data) === true) return data as Static<S>;
  // A nullable field gives one issue per branch of its union: keep the first for each place.
  const errors = validationErrors(
    'body',
    (validate.errors ?? []) as Parameters<typeof validationErrors>[1],
  ).filter((error, index, all) => all.findIndex((other) => other.pointer === error.pointer) === index);
  throw new AppError(
    'VALIDATION_FAILED',
    `The report has ${errors.length} invalid field(s): ${errors.map((e) => `${e.pointer} ${e.detail}`).join('; ')}`,
    { errors },
  );
}

export async function readReportForm<S extends TSchema>(
  request: FastifyRequest,
  schema: S,
  options: { fileRequired: boolean },
): Promise<ReportForm<Static<S>>> {
  if (!request.isMultipart()) {
    if (options.fileRequired || request.body === undefined) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Send multipart/form-data with the field "${REPORT_FIELD}" (the report as JSON) and the field "${EVIDENCE_FIELD}" (the evidence PDF)`,
      );
    }
    return { json: checkJson(schema, request.body), evidence: null };
  }
  const limit = request.server.config.maxUploadBytes;
  let text: string | null = null;
  let evidence: EvidenceUpload | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== EVIDENCE_FIELD || evidence !== null) {
          await part.toBuffer();
          throw fieldError(`/body/${part.fieldname}`, `send one file, in the field "${EVIDENCE_FIELD}"`);
        }
        evidence = { bytes: await part.toBuffer(), filename: part.filename };
      } else if (part.fieldname === REPORT_FIELD) {
        if (part.valueTruncated) throw fieldError(`/body/${REPORT_FIELD}`, 'is too long for a form field');
        text = String(part.value);
      } else {
        throw fieldError(
          `/body/${part.fieldname}`,
          `is not a known field (send "${REPORT_FIELD}" and "${EVIDENCE_FIELD}")`,
        );
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(
        'FILE_TOO_LARGE',
        `The evidence file is larger than the largest accepted, ${limit} bytes`,
        {
          errors: [{ pointer: `/body/${EVIDENCE_FIELD}`, detail: `at most ${limit} bytes` }],
        },
      );
    }
    if (code === 'FST_FILES_LIMIT') throw fieldError(`/body/${EVIDENCE_FIELD}`, 'send one file only');
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new AppError('BAD_REQUEST', 'Too many form fields');
    }
    throw error;
  }
  if (text === null) throw fieldError(`/body/${REPORT_FIELD}`, 'is required: the report as JSON');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AppError(
      'MALFORMED_JSON',
      `The field "${REPORT_FIELD}" is not valid JSON: ${(error as Error).message}`,
      {
        errors: [{ pointer: `/body/${REPORT_FIELD}`, detail: 'is not valid JSON' }],
      },
    );
  }
  if (options.fileRequired && evidence === null) {
    throw fieldError(`/body/${EVIDENCE_FIELD}`, 'is required: the evidence PDF');
  }
  return { json: checkJson(schema, parsed), evidence };
}
