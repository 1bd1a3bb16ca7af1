import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, NoContent } from '../../http/schemas.js';
import { readUpload, registerUploads, sendStoredFile } from '../files/files.http.js';
import * as appeals from './applications.appeals.js';
import * as attachments from './applications.attachments.js';
import applicationsRoutes from './applications.routes.js';
import * as applications from './applications.service.js';
import * as notifications from './notifications.service.js';
import {
  AppealBody,
  AppealDecisionBody,
  AppealSchema,
  ApplicationCreateBody,
  ApplicationList,
  ApplicationListQuery,
  ApplicationSchema,
  AssignBody,
  AssignmentSchema,
  AttachmentList,
  AttachmentParams,
  AttachmentSchema,
  CallCreateBody,
  CallList,
  CallListQuery,
  CallSchema,
  CallUpdateBody,
  DeclarationBody,
  NotificationList,
  NotificationListQuery,
  PreviewBody,
  PreviewSchema,
  ProgrammeCreateBody,
  ProgrammeList,
  ProgrammeListQuery,
  ProgrammeSchema,
  ProgrammeUpdateBody,
  QuotaInput,
  RankingSchema,
  ScoresBody,
} from './programmes.schemas.js';
import * as programmes from './programmes.service.js';

const TAGS = ['programmes'];
const MANAGERS = 'Administrators; a partner for the programmes its organisation runs.';

/** Support programmes, calls for applications, applications and their evaluation. */
const programmesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerUploads(app);
  await app.register(applicationsRoutes);

  app.get(
    '/api/programmes',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary: 'List support programmes',
        description: 'Draft programmes are listed only to administrators and to the partner that runs them.',
        querystring: ProgrammeListQuery,
        response: { 200: ProgrammeList },
      },
    },
    async (request) => ({ items: await programmes.listProgrammes(app.db, request.ctx, request.query) }),
  );

  app.get(
    '/api/programmes/:id',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary: 'One programme with its territories, commitments and quotas',
        params: IdParams,
        response: { 200: ProgrammeSchema },
      },
    },
    async (request) => programmes.getProgramme(app.db, request.ctx, request.params.id),
  );

  app.post(
    '/api/programmes',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary: 'Create a programme',
        description: `${MANAGERS} A partner creates programmes for its own organisation. Raw-material programmes need materialSource, material and unit; other kinds must not have them.`,
        body: ProgrammeCreateBody,
        response: { 201: ProgrammeSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await programmes.createProgramme(app.db, request.ctx, request.body)),
  );

  app.patch(
    '/api/programmes/:id',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary: 'Change a programme',
        description: MANAGERS,
        params: IdParams,
        body: ProgrammeUpdateBody,
        response: { 200: ProgrammeSchema },
      },
    },
    async (request) => programmes.updateProgramme(app.db, request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/api/programmes/:id',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary: 'Delete a programme without calls or benefits',
        description: MANAGERS,
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await programmes.deleteProgramme(app.db, request.ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/programmes/:id/quotas',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary: 'Set the quantity of raw material available for a period and territory (null = national)',
        description: `${MANAGERS} Whole numbers for unit and bundle; never below what is already allocated.`,
        params: IdParams,
        body: QuotaInput,
        response: { 200: ProgrammeSchema },
      },
    },
    async (request) => programmes.putQuota(app.db, request.ctx, request.params.id, request.body),
  );

  app.get(
    '/api/calls',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary: 'List calls for applications',
        description: 'Draft calls are listed only to those who manage the programme.',
        querystring: CallListQuery,
        response: { 200: CallList },
      },
    },
    async (request) => ({ items: await programmes.listCalls(app.db, request.ctx, request.query) }),
  );

  app.get(
    '/api/calls/:id',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary: 'One call: dates, rules, form, grid, reserved shares, limits',
        params: IdParams,
        response: { 200: CallSchema },
      },
    },
    async (request) => programmes.getCall(app.db, request.ctx, request.params.id),
  );

  app.post(
    '/api/programmes/:id/calls',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary: 'Open a call under a programme',
        description: `${MANAGERS} The eligibility rules (and each reserved share's rule) are checked: 422 RULES_INVALID with a JSON pointer to each problem. The calls of a programme never budget more than the programme.`,
        params: IdParams,
        body: CallCreateBody,
        response: { 201: CallSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await programmes.createCall(app.db, request.ctx, request.params.id, request.body)),
  );

  app.patch(
    '/api/calls/:id',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary: 'Change a call',
        description: `${MANAGERS} Rules, form and grid are frozen once an application exists (409 CALL_HAS_APPLICATIONS).`,
        params: IdParams,
        body: CallUpdateBody,
        response: { 200: CallSchema },
      },
    },
    async (request) => programmes.updateCall(app.db, request.ctx, request.params.id, request.body),
  );

  app.delete(
    '/api/calls/:id',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary: 'Delete a call without applications',
        description: MANAGERS,
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await programmes.deleteCall(app.db, request.ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/calls/:id/eligibility-preview',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary: 'How many registry actors the rules admit now, with a sample by name',
        description: `${MANAGERS} Send eligibilityRules to try rules before saving them.`,
        params: IdParams,
        body: PreviewBody,
        response: { 200: PreviewSchema },
      },
    },
    async (request) => programmes.previewCall(app.db, request.ctx, request.params.id, request.body ?? {}),
  );

  app.get(
    '/api/calls/:id/ranking',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary: 'Scored applications of the call, best first',
        description: MANAGERS,
        params: IdParams,
        response: { 200: RankingSchema },
      },
    },
    async (request) => applications.rankCall(app.db, request.ctx, request.params.id),
  );

  app.post(
    '/api/calls/:id/applications',
    {
      config: { permission: 'applications:submit' },
      schema: {
        tags: TAGS,
        summary: 'Apply to a call',
        description:
          'An actor applies for itself (actorId optional); a territorial agent or administrator names the actor (in its territory). Before opening: 409 CALL_NOT_OPEN; after closing: 409 CALL_CLOSED; twice: 409 ALREADY_APPLIED. Eligibility is checked at once; the verdict and one explanation per rule (fr, ar, en) are stored and returned.',
        params: IdParams,
        body: ApplicationCreateBody,
        response: { 201: ApplicationSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await applications.submitApplication(app.db, request.ctx, request.params.id, request.body)),
  );

  app.get(
    '/api/applications',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: TAGS,
        summary: 'Applications the caller may see',
        description:
          'An actor its own; a partner those to its programmes and those it evaluates; a territorial user those of its territory; administrators all.',
        querystring: ApplicationListQuery,
        response: { 200: ApplicationList },
      },
    },
    async (request) => ({ items: await applications.listApplications(app.db, request.ctx, request.query) }),
  );

  app.get(
    '/api/applications/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: TAGS,
        summary: 'One application with its eligibility explanation',
        params: IdParams,
        response: { 200: ApplicationSchema },
      },
    },
    async (request) => applications.getApplication(app.db, request.ctx, request.params.id),
  );

  app.post(
    '/api/applications/:id/evaluators',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary: 'Name an evaluator (an administrator or partner user) for an eligible application',
        description: `${MANAGERS} An evaluator from the applicant's own organisation is refused (403 CONFLICT_OF_INTEREST).`,
        params: IdParams,
        body: AssignBody,
        response: { 201: AssignmentSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await applications.assignEvaluator(
            app.db,
            request.ctx,
            request.params.id,
            request.body.evaluatorId,
          ),
        ),
  );

  app.post(
    '/api/applications/:id/declaration',
    {
      config: { permission: 'applications:evaluate' },
      schema: {
        tags: TAGS,
        summary: 'Declare, once, whether you have a conflict of interest with the applicant',
        params: IdParams,
        body: DeclarationBody,
        response: { 200: AssignmentSchema },
      },
    },
    async (request) => applications.declareInterest(app.db, request.ctx, request.params.id, request.body),
  );

  app.put(
    '/api/applications/:id/scores',
    {
      config: { permission: 'applications:evaluate' },
      schema: {
        tags: TAGS,
        summary: "Score criteria of the call's grid (0..max each)",
        description:
          'Without a declaration first: 409 DECLARATION_REQUIRED; after declaring a conflict: 403 CONFLICT_OF_INTEREST. The weighted total (0..100) is kept once every criterion is scored; the application is scored when enough evaluators have finished.',
        params: IdParams,
        body: ScoresBody,
        response: { 200: AssignmentSchema },
      },
    },
    async (request) => applications.scoreApplication(app.db, request.ctx, request.params.id, request.body),
  );

  app.post(
    '/api/applications/:id/appeal',
    {
      config: { permission: 'applications:submit' },
      schema: {
        tags: TAGS,
        summary: 'Appeal an ineligible or rejected outcome, once',
        description: 'The actor itself, a territorial agent of its territory, or an administrator.',
        params: IdParams,
        body: AppealBody,
        response: { 201: AppealSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await appeals.fileAppeal(app.db, request.ctx, request.params.id, request.body)),
  );

  app.post(
    '/api/applications/:id/appeal/decision',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary: 'Uphold (back to evaluation as eligible) or dismiss (final) an appeal',
        description: MANAGERS,
        params: IdParams,
        body: AppealDecisionBody,
        response: { 200: AppealSchema },
      },
    },
    async (request) => appeals.decideAppeal(app.db, request.ctx, request.params.id, request.body),
  );

  app.post(
    '/api/applications/:id/attachments',
    {
      config: { permission: 'applications:submit' },
      schema: {
        tags: TAGS,
        summary:
          'Attach a PDF to an application (multipart: "file", optional "label") while the call is open',
        description:
          'The actor itself, a territorial agent of its territory, or an administrator; after closing 409 CALL_CLOSED.',
        params: IdParams,
        response: { 201: AttachmentSchema },
      },
    },
    async (request, reply) => {
      const upload = await readUpload(request);
      const attachment = await attachments.addAttachment(app.db, request.ctx, request.params.id, {
        bytes: upload.bytes,
        filename: upload.filename,
        ...(upload.fields.label !== undefined ? { label: upload.fields.label } : {}),
        maxBytes: app.config.maxUploadBytes,
      });
      return reply.code(201).send(attachment);
    },
  );

  app.get(
    '/api/applications/:id/attachments',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: TAGS,
        summary: "An application's attachments",
        params: IdParams,
        response: { 200: AttachmentList },
      },
    },
    async (request) => {
      await applications.getApplication(app.db, request.ctx, request.params.id);
      return { items: await attachments.listAttachments(app.db, request.params.id) };
    },
  );

  app.get(
    '/api/applications/:id/attachments/:fileId',
    {
      config: { permission: 'authenticated' },
      schema: { tags: TAGS, summary: 'Download an attachment (PDF)', params: AttachmentParams },
    },
    async (request, reply) =>
      sendStoredFile(
        request,
        reply,
        await attachments.readAttachment(app.db, request.ctx, request.params.id, request.params.fileId),
      ),
  );

  app.get(
    '/api/notifications',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: TAGS,
        summary: "The caller's in-app notifications (its own and its organisation's), newest first",
        querystring: NotificationListQuery,
        response: { 200: NotificationList },
      },
    },
    async (request) => notifications.listNotifications(app.db, request.ctx, request.query),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: TAGS,
        summary: 'Mark a notification read',
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await notifications.markNotificationRead(app.db, request.ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );
};

export default programmesRoutes;
