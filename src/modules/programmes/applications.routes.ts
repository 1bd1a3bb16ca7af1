import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams } from '../../http/schemas.js';
import { getAppealState } from './applications.appeals.js';
import { listEvaluatorCandidates } from './applications.evaluators.js';
import {
  AppealStateSchema,
  EmptyBody,
  EvaluatorCandidateList,
  WithdrawalSchema,
} from './applications.schemas.js';
import { withdrawOwnApplication } from './applications.withdrawal.js';

const TAGS = ['programmes'];

/** The applicant's own withdrawal, the appeal state shown on the application page, evaluator candidates. */
const applicationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
