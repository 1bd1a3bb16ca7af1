import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { IdParams, NoContent, StrictObject, Uuid } from '../../http/schemas.js';
import {
  CommitmentIndicatorsBody,
  CommitmentIndicatorsResult,
  IdOrCodeParams,
  IndicatorCreateBody,
  IndicatorDetail,
  IndicatorList,
  IndicatorListQuery,
  IndicatorSchema,
  IndicatorUpdateBody,
  TargetList,
  TargetListQuery,
  TargetsBody,
  TargetsSaved,
  toIndicator,
  toTarget,
} from './indicators.schemas.js';
import * as indicators from './indicators.service.js';
import * as targets from './indicators.targets.js';

const TAGS = ['indicators'];

/** Indicator definitions, their links to commitments, baselines and targets. */
const indicatorsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/indicators',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary: 'List indicator definitions (filters: axis, source, commitment, q)',
        querystring: IndicatorListQuery,
        response: { 200: IndicatorList },
      },
    },
    async (request) => {
      const page = await indicators.listIndicators(app.db, request.query);
      return { total: page.total, items: page.items.map(toIndicator) };
    },
  );

  app.get(
    '/api/indicators/:idOrCode',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary: 'One indicator, by id or code, with the commitments it measures',
        params: IdOrCodeParams,
        response: { 200: IndicatorDetail },
      },
    },
    async (request) => {
      const { indicator, commitmentIds } = await indicators.getIndicatorDetail(
        app.db,
        request.ctx,
        request.params.idOrCode,
      );
      return { ...toIndicator(indicator), commitmentIds };
    },
  );

  app.post(
    '/api/indicators',
    {
      config: { permission: 'indicators:manage' },
      schema: {
        tags: TAGS,
        summary: 'Define a reported indicator (computed ones are defined in code)',
        body: IndicatorCreateBody,
        response: { 201: IndicatorSchema },
      },
    },
    async (request, reply) => {
      const created = await indicators.createIndicator(app.db, request.ctx, request.body);
      return reply.code(201).send(toIndicator(created));
    },
  );

  app.patch(
    '/api/indicators/:idOrCode',
    {
      config: { permission: 'indicators:manage' },
      schema: {
        tags: TAGS,
        summary:
          'Change a reported indicator (unit, aggregation and disaggregations are fixed once values exist)',
        params: IdOrCodeParams,
        body: IndicatorUpdateBody,
        response: { 200: IndicatorSchema },
      },
    },
    async (request) =>
      toIndicator(
        await indicators.updateIndicator(app.db, request.ctx, request.params.idOrCode, request.body),
      ),
  );

  app.put(
    '/api/commitments/:id/indicators',
    {
      config: { permission: 'indicators:manage' },
      schema: {
        tags: TAGS,
        summary: 'Set the indicators that measure a commitment (the whole list)',
        params: IdParams,
        body: CommitmentIndicatorsBody,
        response: { 200: CommitmentIndicatorsResult },
      },
    },
    async (request) => ({
      commitmentId: request.params.id,
      indicatorIds: await indicators.setCommitmentIndicators(
        app.db,
        request.ctx,
        request.params.id,
        request.body.indicatorIds,
      ),
    }),
  );

  app.get(
    '/api/indicators/:idOrCode/targets',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary: "Baselines and targets of an indicator by territory ('national' for the nation) and period",
        params: IdOrCodeParams,
        querystring: TargetListQuery,
        response: { 200: TargetList },
      },
    },
    async (request) => ({
      items: (await targets.listTargets(app.db, request.ctx, request.params.idOrCode, request.query)).map(
        toTarget,
      ),
    }),
  );

  app.put(
    '/api/indicators/:idOrCode/targets',
    {
      config: { permission: 'indicators:manage' },
      schema: {
        tags: TAGS,
        summary: 'Insert or update baselines and targets, all or nothing',
        description:
          'Each row is keyed by commitment (optional), territory (null: national), period and kind. One bad row (unknown territory, impossible period, commitment not measured by the indicator, duplicate) and nothing is written; every problem is listed with its pointer.',
        params: IdOrCodeParams,
        body: TargetsBody,
        response: { 200: TargetsSaved },
      },
    },
    async (request) => {
      const saved = await targets.upsertTargets(
        app.db,
        request.ctx,
        request.params.idOrCode,
        request.body.targets,
      );
      return { inserted: saved.inserted, updated: saved.updated, items: saved.items.map(toTarget) };
    },
  );

  app.delete(
    '/api/indicators/:idOrCode/targets/:targetId',
    {
      config: { permission: 'indicators:manage' },
      schema: {
        tags: TAGS,
        summary: 'Delete one baseline or target',
        params: StrictObject({ idOrCode: Type.String({ maxLength: 60 }), targetId: Uuid }),
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await targets.deleteTarget(app.db, request.ctx, request.params.idOrCode, request.params.targetId);
      return reply.code(204).send(null);
    },
  );
};

export default indicatorsRoutes;
