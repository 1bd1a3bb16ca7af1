import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, NoContent } from '../../http/schemas.js';
import { getAppealState } from './applications.appeals.js';
import { deleteDraft, submitDraft, updateDraft } from './applications.drafts.js';
import { listEvaluatorCandidates } from './applications.evaluators.js';
import {
  AppealStateSchema,
  EmptyBody,
  EvaluatorCandidateList,
  WithdrawalSchema,
} from './applications.schemas.js';
import { withdrawOwnApplication } from './applications.withdrawal.js';
import { ApplicationSchema, DraftUpdateBody } from './programmes.schemas.js';

const TAGS = ['programmes'];

const APPLICANT =
  'The actor itself, a territorial agent of its territory, or an administrator (anyone else: 404); a draft only (else 409 NOT_DRAFT).';

/**
 * The applicant's drafts (edit, submit, delete) and own withdrawal, the appeal state shown on the
 * application page, evaluator candidates.
 */
const applicationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.patch(
    '/api/applications/:id',
    {
      config: { permission: 'applications:submit' },
      schema: {
        tags: TAGS,
        summary: "Edit a draft's answers or requested amounts while the call is open",
        description: `${APPLICANT} Answers may be partial; each given one is checked against the form (422, pointers /body/answers/<code>). After closing: 409 CALL_CLOSED.`,
        params: IdParams,
        body: DraftUpdateBody,
        response: { 200: ApplicationSchema },
      },
    },
    async (request) => updateDraft(app.db, request.ctx, request.params.id, request.body),
  );

  app.post(
    '/api/applications/:id/submit',
    {
      config: { permission: 'applications:submit' },
      schema: {
        tags: TAGS,
        summary: 'Submit a draft: every answer checked, eligibility evaluated and stored, the actor notified',
        description: `${APPLICANT} Missing or wrong answers: 422 with pointers /body/answers/<code>; after closing: 409 CALL_CLOSED.`,
        params: IdParams,
        body: EmptyBody,
        response: { 200: ApplicationSchema },
      },
    },
    async (request) => submitDraft(app.db, request.ctx, request.params.id),
  );

  app.delete(
    '/api/applications/:id',
    {
      config: { permission: 'applications:submit' },
      schema: {
        tags: TAGS,
        summary: 'Delete a draft application',
        description: APPLICANT,
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await deleteDraft(app.db, request.ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/applications/:id/withdraw',
    {
      config: { permission: 'applications:submit' },
      schema: {
        tags: TAGS,
        summary:
          'The applicant withdraws its application; a selected one frees its benefit and the waiting list moves up',
        description:
          'The actor itself, a territorial agent of its territory, or an administrator; submitted, eligible, scored, waitlisted or selected applications (else 409 NOT_WITHDRAWABLE).',
        params: IdParams,
        body: EmptyBody,
        response: { 200: WithdrawalSchema },
      },
    },
    async (request) => withdrawOwnApplication(app.db, request.ctx, request.params.id),
  );

  app.get(
    '/api/applications/:id/appeal',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: TAGS,
        summary: 'The appeal of an application, or whether one can still be filed and until when',
        params: IdParams,
        response: { 200: AppealStateSchema },
      },
    },
    async (request) => getAppealState(app.db, request.ctx, request.params.id),
  );

  app.get(
    '/api/applications/:id/evaluator-candidates',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary: 'Users the manager may name to evaluate this application (administrators and partner users)',
        params: IdParams,
        response: { 200: EvaluatorCandidateList },
      },
    },
    async (request) => ({ items: await listEvaluatorCandidates(app.db, request.ctx, request.params.id) }),
  );
};

export default applicationsRoutes;
