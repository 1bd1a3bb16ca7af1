import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Selectable } from 'kysely';
import type { BenefitDeliveriesTable, BenefitsTable, FollowUpVisitsTable } from '../../db/database.js';
import { IdParams } from '../../http/schemas.js';
import {
  Benefit,
  BenefitCancel,
  BenefitCreate,
  BenefitDetail,
  BenefitList,
  BenefitListQuery,
  Delivery,
  DeliveryCreate,
  Visit,
  VisitCreate,
} from './benefits.schemas.js';
import * as benefits from './benefits.service.js';

const TAGS = ['programme benefits'];

const toBenefit = (row: Selectable<BenefitsTable> & { actor_name: string }) => ({
  id: row.id,
  programmeId: row.programme_id,
  callId: row.call_id,
  applicationId: row.application_id,
  actorId: row.actor_id,
  actorName: row.actor_name,
  amountCentimes: row.amount_centimes === null ? null : Number(row.amount_centimes),
  seats: row.seats,
  quantity: row.quantity === null ? null : Number(row.quantity),
  unit: row.unit,
  quotaId: row.quota_id,
  status: row.status,
  grantedAt: row.granted_at.toISOString(),
  grantedBy: row.granted_by_label,
  note: row.status_note,
  version: row.version,
});

const toDelivery = (row: Selectable<BenefitDeliveriesTable>) => ({
  id: row.id,
  kind: row.kind,
  deliveredOn: row.delivered_on,
  amountCentimes: row.amount_centimes === null ? null : Number(row.amount_centimes),
  quantity: row.quantity === null ? null : Number(row.quantity),
  note: row.note,
  recordedBy: row.recorded_by_label,
});

const toVisit = (row: Selectable<FollowUpVisitsTable>) => ({
  id: row.id,
  visitedOn: row.visited_on,
  visitor: row.visitor_label,
  notes: row.notes,
});

/** Benefits of a programme: grants (never past a budget, capacity or quota), deliveries, visits. */
const benefitsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/programmes/:id/benefits',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary:
          'Grant a benefit (amount, seats, quantity from a quota); 409 when a budget, capacity or quota would be passed',
        params: IdParams,
        body: BenefitCreate,
        response: { 201: Benefit },
      },
    },
    async (request, reply) => {
      const row = await benefits.grantBenefit(app.db, request.ctx, request.params.id, request.body);
      return reply.code(201).send(toBenefit(await benefits.withActorName(app.db, row)));
    },
  );

  app.get(
    '/api/programmes/:id/benefits',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary: "A programme's benefits (one call's with ?callId=), with each beneficiary's name",
        params: IdParams,
        querystring: BenefitListQuery,
        response: { 200: BenefitList },
      },
    },
    async (request) => ({
      items: (
        await benefits.listProgrammeBenefits(
          app.db,
          request.ctx,
          request.params.id,
          request.query.callId ?? null,
        )
      ).map(toBenefit),
    }),
  );

  app.get(
    '/api/benefits/:id',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary: 'One benefit with its deliveries and follow-up visits',
        params: IdParams,
        response: { 200: BenefitDetail },
      },
    },
    async (request) => {
      const found = await benefits.getBenefit(app.db, request.ctx, request.params.id);
      return {
        benefit: toBenefit(found.benefit),
        deliveries: found.deliveries.map(toDelivery),
        visits: found.visits.map(toVisit),
      };
    },
  );

  app.post(
    '/api/benefits/:id/cancel',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary: 'Cancel a benefit: what it held goes back to the call and the quota',
        params: IdParams,
        body: BenefitCancel,
        response: { 200: Benefit },
      },
    },
    async (request) =>
      toBenefit(
        await benefits.withActorName(
          app.db,
          await benefits.cancelBenefit(app.db, request.ctx, request.params.id, request.body.note ?? null),
        ),
      ),
  );

  app.post(
    '/api/benefits/:id/deliveries',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary: 'Record a disbursement, delivery, attendance or completion (never more than granted)',
        params: IdParams,
        body: DeliveryCreate,
        response: { 201: Delivery },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          toDelivery(await benefits.recordDelivery(app.db, request.ctx, request.params.id, request.body)),
        ),
  );

  app.post(
    '/api/benefits/:id/visits',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary: 'Record a follow-up visit with its notes',
        params: IdParams,
        body: VisitCreate,
        response: { 201: Visit },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(toVisit(await benefits.recordVisit(app.db, request.ctx, request.params.id, request.body))),
  );
};

export default benefitsRoutes;
