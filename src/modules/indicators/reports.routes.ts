import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams } from '../../http/schemas.js';
import { registerUploads, sendStoredFile } from '../files/files.http.js';
import { EVIDENCE_FIELD, REPORT_FIELD, readReportForm } from './reports.form.js';
import type { ReportView } from './reports.repository.js';
import { returnReport, validateReport } from './reports.review.js';
import {
  ReportCorrection,
  ReportDetail,
  ReportList,
  ReportListQuery,
  ReportSubmission,
  ReturnBody,
  ReviewBody,
} from './reports.schemas.js';
import * as reports from './reports.service.js';

const TAGS = ['indicator reports'];

const toSummary = (row: ReportView) => ({
  id: row.id,
  indicatorId: row.indicator_id,
  indicatorCode: row.indicator_code,
  indicatorNameFr: row.indicator_name_fr,
  indicatorNameAr: row.indicator_name_ar,
  indicatorNameEn: row.indicator_name_en,
  commitmentId: row.commitment_id,
  commitmentTitleFr: row.commitment_title_fr,
  commitmentTitleAr: row.commitment_title_ar,
  conventionId: row.convention_id,
  organisationId: row.organisation_id,
  territoryCode: row.territory_code,
  period: row.period,
  status: row.status,
  note: row.note,
  reviewComment: row.review_comment,
  submittedAt: row.submitted_at.toISOString(),
  reviewedAt: row.reviewed_at ? row.reviewed_at.toISOString() : null,
  isDemo: row.is_demo,
  version: row.version,
});

const toDetail = (found: reports.ReportWithValues) => ({
  ...toSummary(found.report),
  evidence: found.evidence,
  values: found.cells.map((cell) => ({
    sex: cell.sex,
    ageBand: cell.age_band,
    disability: cell.disability,
    area: cell.area,
    coastal: cell.coastal,
    value: cell.value,
    numerator: cell.numerator,
    denominator: cell.denominator,
  })),
});

/**
 * Documentation of the multipart form (Fastify does not validate it: a multipart body is read by
 * the route). Without `type`, the validator accepts the absent parsed body.
 */
const multipartForm = (fileRequired: boolean) => ({
  description: `Field \`${REPORT_FIELD}\`: the report as JSON; field \`${EVIDENCE_FIELD}\`: the evidence PDF${fileRequired ? '' : ' (optional: the previous one is kept)'}`,
  properties: {
    [REPORT_FIELD]: { type: 'string', description: 'JSON' },
    [EVIDENCE_FIELD]: { type: 'string', format: 'binary', description: 'application/pdf' },
  },
  required: fileRequired ? [REPORT_FIELD, EVIDENCE_FIELD] : [REPORT_FIELD],
});

/** The reporting workflow: partners submit values with evidence, administrators validate or return them. */
const reportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerUploads(app);
  const maxBytes = app.config.maxUploadBytes;

  app.post(
    '/api/indicator-reports',
    {
      config: { permission: 'indicators:report' },
      schema: {
        tags: TAGS,
        summary: "Submit values for one of your organisation's commitments, with an evidence PDF",
        description: `multipart/form-data: \`${REPORT_FIELD}\` = JSON ${'`{ indicatorId, commitmentId, territoryCode, period, note?, values: [{ sex?, ageBand?, disability?, area?, coastal?, value | numerator+denominator }] }`'}, \`${EVIDENCE_FIELD}\` = the PDF. One cell per combination of the indicator's disaggregations. 409 REPORT_EXISTS (or PERIOD_LOCKED) when a report exists for the same indicator, commitment, territory and period; its id is in the detail.`,
        consumes: ['multipart/form-data'],
        body: { content: { 'multipart/form-data': { schema: multipartForm(true) } } },
        response: { 201: ReportDetail },
      },
    },
    async (request, reply) => {
      const form = await readReportForm(request, ReportSubmission, { fileRequired: true });
      const saved = await reports.submitReport(app.db, request.ctx, form.json, form.evidence, { maxBytes });
      return reply.code(201).send(toDetail(saved));
    },
  );

  app.put(
    '/api/indicator-reports/:id',
    {
      config: { permission: 'indicators:report' },
      schema: {
        tags: TAGS,
        summary:
          'Correct a submitted or returned report (same report, next version); validated ones are locked',
        description: `JSON \`{ version, note?, values }\`, or multipart/form-data with \`${REPORT_FIELD}\` (that JSON) and a new \`${EVIDENCE_FIELD}\` PDF.`,
        params: IdParams,
        body: {
          content: {
            'application/json': { schema: ReportCorrection },
            'multipart/form-data': { schema: multipartForm(false) },
          },
        },
        response: { 200: ReportDetail },
      },
    },
    async (request) => {
      const form = await readReportForm(request, ReportCorrection, { fileRequired: false });
      return toDetail(
        await reports.correctReport(app.db, request.ctx, request.params.id, form.json, form.evidence, {
          maxBytes,
        }),
      );
    },
  );

  app.post(
    '/api/indicator-reports/:id/validate',
    {
      config: { permission: 'indicators:review' },
      schema: {
        tags: TAGS,
        summary: 'Validate a submitted report: its values become facts and its period is locked',
        params: IdParams,
        body: ReviewBody,
        response: { 200: ReportDetail },
      },
    },
    async (request) =>
      toDetail(await validateReport(app.db, request.ctx, request.params.id, request.body.version)),
  );

  app.post(
    '/api/indicator-reports/:id/return',
    {
      config: { permission: 'indicators:review' },
      schema: {
        tags: TAGS,
        summary: 'Return a submitted report to its organisation with a comment',
        params: IdParams,
        body: ReturnBody,
        response: { 200: ReportDetail },
      },
    },
    async (request) =>
      toDetail(
        await returnReport(
          app.db,
          request.ctx,
          request.params.id,
          request.body.version,
          request.body.comment,
        ),
      ),
  );

  app.get(
    '/api/indicator-reports',
    {
      config: { permission: 'indicators:read-reports' },
      schema: {
        tags: TAGS,
        summary:
          "Reports in every status: administrators all, partners their organisation's, territorial users their territory's",
        querystring: ReportListQuery,
        response: { 200: ReportList },
      },
    },
    async (request) => {
      const page = await reports.listReports(app.db, request.ctx, request.query);
      return { total: page.total, items: page.items.map(toSummary) };
    },
  );

  app.get(
    '/api/indicator-reports/:id',
    {
      config: { permission: 'indicators:read-reports' },
      schema: {
        tags: TAGS,
        summary: 'One report with its values',
        params: IdParams,
        response: { 200: ReportDetail },
      },
    },
    async (request) => toDetail(await reports.getReport(app.db, request.ctx, request.params.id)),
  );

  app.get(
    '/api/indicator-reports/:id/evidence',
    {
      config: { permission: 'indicators:read-reports' },
      schema: {
        tags: TAGS,
        summary: 'Download the evidence PDF of a report you may see',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const { file } = await reports.getEvidence(app.db, request.ctx, request.params.id);
      return sendStoredFile(request, reply, file);
    },
  );
};

export default reportsRoutes;
