import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, NoContent } from '../../http/schemas.js';
import { readUpload, registerUploads, sendStoredFile } from '../files/files.http.js';
import * as commitments from './commitments.service.js';
import { ConventionHistory, conventionHistory } from './conventions.history.js';
import {
  AxisList,
  CommitmentCreateBody,
  CommitmentDetail,
  CommitmentSchema,
  CommitmentUpdateBody,
  ConventionCreateBody,
  ConventionList,
  ConventionListQuery,
  ConventionSchema,
  ConventionUpdateBody,
  ConvergenceSchema,
  DocumentParams,
  DocumentSchema,
  MilestoneInput,
  MilestoneSchema,
  MilestoneUpdateBody,
  PartnerList,
  PartnerListQuery,
  TerritoryParams,
} from './conventions.schemas.js';
import * as conventions from './conventions.service.js';

const TAGS = ['conventions'];
const VISIBILITY =
  'Anonymous visitors and actors see published conventions; partners also those their organisation is a party to; territorial users also those with a commitment in their territory; administrators all.';

/** Partnership conventions, their parties, documents, commitments and milestones; the convergence view. */
const conventionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerUploads(app);

  app.get(
    '/api/axes',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary: 'The ten thematic axes of the conventions',
        response: { 200: AxisList },
      },
    },
    async () => ({ items: await conventions.listAxes(app.db) }),
  );

  app.get(
    '/api/partners',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary:
          'Organisations that can be parties to conventions, with their published conventions and commitments',
        querystring: PartnerListQuery,
        response: { 200: PartnerList },
      },
    },
    async (request) => ({
      items: await conventions.listPartners(app.db, request.query.kind ? { kind: request.query.kind } : {}),
    }),
  );

  app.get(
    '/api/conventions',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary: 'List and filter conventions',
        description: VISIBILITY,
        querystring: ConventionListQuery,
        response: { 200: ConventionList },
      },
    },
    async (request) => conventions.listConventions(app.db, request.ctx, request.query),
  );

  app.get(
    '/api/conventions/:id',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary:
          'One convention: parties, signatories, axes, documents, commitments, milestones, overdue items',
        description: `${VISIBILITY} A convention the caller may not see is not found.`,
        params: IdParams,
        response: { 200: ConventionSchema },
      },
    },
    async (request) => conventions.getConvention(app.db, request.ctx, request.params.id),
  );

  app.get(
    '/api/conventions/:id/history',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: TAGS,
        summary: 'History of a convention, its commitments and milestones: who changed what, newest first',
        description: `Signed-in users who may see the convention (${VISIBILITY}).`,
        params: IdParams,
        response: { 200: ConventionHistory },
      },
    },
    async (request) => ({ items: await conventionHistory(app.db, request.ctx, request.params.id) }),
  );

  app.post(
    '/api/conventions',
    {
      config: { permission: 'conventions:manage' },
      schema: {
        tags: TAGS,
        summary: 'Create a convention with its axes, parties and signatories',
        body: ConventionCreateBody,
        response: { 201: ConventionSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await conventions.createConvention(app.db, request.ctx, request.body)),
  );

  app.patch(
    '/api/conventions/:id',
    {
      config: { permission: 'conventions:manage' },
      schema: {
        tags: TAGS,
        summary:
          'Change a convention: fields, status, publication; axes, parties and signatories are replaced when given',
        description:
          'Status moves forward only (draft → signed → in_force → closed; closed → in_force reopens); any status but draft needs signedOn; a draft cannot be published. Send `version` to refuse a stale edit.',
        params: IdParams,
        body: ConventionUpdateBody,
        response: { 200: ConventionSchema },
      },
    },
    async (request) => conventions.updateConvention(app.db, request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/api/conventions/:id',
    {
      config: { permission: 'conventions:manage' },
      schema: {
        tags: TAGS,
        summary: 'Delete a draft convention (with its commitments); others are closed instead',
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await conventions.deleteConvention(app.db, request.ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/conventions/:id/documents',
    {
      config: { permission: 'conventions:manage' },
      schema: {
        tags: TAGS,
        summary: 'Attach a PDF document (multipart: "file", optional "kind" and "title")',
        description:
          'kind: signed_convention (default), annex, amendment, report, other. The file must be a PDF (checked by its content) of at most NASIJ_MAX_UPLOAD_BYTES; it is stored with its SHA-256.',
        params: IdParams,
        response: { 201: DocumentSchema },
      },
    },
    async (request, reply) => {
      const upload = await readUpload(request);
      const document = await conventions.addDocument(app.db, request.ctx, request.params.id, {
        bytes: upload.bytes,
        filename: upload.filename,
        ...(upload.fields.kind !== undefined ? { kind: upload.fields.kind } : {}),
        ...(upload.fields.title !== undefined ? { title: upload.fields.title } : {}),
        maxBytes: app.config.maxUploadBytes,
      });
      return reply.code(201).send(document);
    },
  );

  app.get(
    '/api/conventions/:id/documents/:documentId',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary: 'Download a document of a convention (PDF; SHA-256 in the ETag and x-content-sha256)',
        description: VISIBILITY,
        params: DocumentParams,
      },
    },
    async (request, reply) => {
      const { file, filename } = await conventions.readDocument(
        app.db,
        request.ctx,
        request.params.id,
        request.params.documentId,
      );
      return sendStoredFile(request, reply, file, { filename });
    },
  );

  app.delete(
    '/api/conventions/:id/documents/:documentId',
    {
      config: { permission: 'conventions:manage' },
      schema: {
        tags: TAGS,
        summary: 'Remove a document from a convention',
        params: DocumentParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await conventions.deleteDocument(app.db, request.ctx, request.params.id, request.params.documentId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/conventions/:id/commitments',
    {
      config: { permission: 'conventions:manage' },
      schema: {
        tags: TAGS,
        summary: 'Add a commitment of one of the parties, with its territories and milestones',
        description:
          'organisationId must be a party; territoryCodes are regions or provinces (empty: national); budgetCentimes in MAD centimes; startsOn ≤ endsOn.',
        params: IdParams,
        body: CommitmentCreateBody,
        response: { 201: CommitmentSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await commitments.createCommitment(app.db, request.ctx, request.params.id, request.body)),
  );

  app.get(
    '/api/commitments/:id',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary: 'One commitment with its milestones (visible with its convention)',
        description: VISIBILITY,
        params: IdParams,
        response: { 200: CommitmentDetail },
      },
    },
    async (request) => commitments.getCommitment(app.db, request.ctx, request.params.id),
  );

  app.patch(
    '/api/commitments/:id',
    {
      config: { permission: 'commitments:edit' },
      schema: {
        tags: TAGS,
        summary: 'Change a commitment (a partner: only the description of its own commitments)',
        description:
          'Administrators change everything; a partner only `description` (and `version`) of its own organisation\u2019s commitments, 403 otherwise. territoryCodes replaces the territories.',
        params: IdParams,
        body: CommitmentUpdateBody,
        response: { 200: CommitmentSchema },
      },
    },
    async (request) => commitments.updateCommitment(app.db, request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/api/commitments/:id',
    {
      config: { permission: 'conventions:manage' },
      schema: {
        tags: TAGS,
        summary: 'Delete a commitment and its milestones (refused once indicator values were reported)',
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await commitments.deleteCommitment(app.db, request.ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/commitments/:id/milestones',
    {
      config: { permission: 'conventions:manage' },
      schema: {
        tags: TAGS,
        summary: 'Add a milestone to a commitment',
        params: IdParams,
        body: MilestoneInput,
        response: { 201: MilestoneSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await commitments.createMilestone(app.db, request.ctx, request.params.id, request.body)),
  );

  app.patch(
    '/api/milestones/:id',
    {
      config: { permission: 'commitments:edit' },
      schema: {
        tags: TAGS,
        summary: 'Change a milestone (a partner: only status and done date, on its own commitments)',
        description: 'Status done needs a done date (today when omitted), never in the future.',
        params: IdParams,
        body: MilestoneUpdateBody,
        response: { 200: MilestoneSchema },
      },
    },
    async (request) => commitments.updateMilestone(app.db, request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/api/milestones/:id',
    {
      config: { permission: 'conventions:manage' },
      schema: { tags: TAGS, summary: 'Delete a milestone', params: IdParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await commitments.deleteMilestone(app.db, request.ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/territories/:code/convergence',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary: 'Convergence in one region or province: every convention and commitment active there',
        description: `Active there: national commitments, and those scoped to the territory, to its region or to a province inside it. Counts of each convention are those of these commitments. ${VISIBILITY}`,
        params: TerritoryParams,
        response: { 200: ConvergenceSchema },
      },
    },
    async (request) => commitments.convergence(app.db, request.ctx, request.params.code),
  );
};

export default conventionsRoutes;
