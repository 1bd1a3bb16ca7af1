import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { IdParams, StrictObject } from '../../http/schemas.js';
import {
  OrganisationCreateBody,
  OrganisationKind,
  OrganisationSchema,
  OrganisationUpdateBody,
  toOrganisation,
} from './accounts.schemas.js';
import * as organisationsService from './organisations.service.js';

const TAGS = ['organisations'];
const OrganisationList = Type.Object({ items: Type.Array(OrganisationSchema), total: Type.Integer() });

/** Organisations: the State Secretariat, partner institutions, directorates, chambers, actors. */
const organisationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/organisations',
    {
      config: { permission: 'organisations:read' },
      schema: {
        tags: TAGS,
        summary: 'List organisations (administrators: all; others: their own)',
        querystring: StrictObject({ kind: Type.Optional(OrganisationKind) }),
        response: { 200: OrganisationList },
      },
    },
    async (request) => {
      const rows = await organisationsService.listOrganisations(app.db, request.ctx, {
        kind: request.query.kind ?? null,
      });
      return { items: rows.map(toOrganisation), total: rows.length };
    },
  );

  app.post(
    '/api/organisations',
    {
      config: { permission: 'organisations:manage' },
      schema: {
        tags: TAGS,
        summary: 'Create an organisation',
        body: OrganisationCreateBody,
        response: { 201: OrganisationSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          toOrganisation(await organisationsService.createOrganisation(app.db, request.ctx, request.body)),
        ),
  );

  app.get(
    '/api/organisations/:id',
    {
      config: { permission: 'organisations:read' },
      schema: {
        tags: TAGS,
        summary: 'One organisation',
        params: IdParams,
        response: { 200: OrganisationSchema },
      },
    },
    async (request) =>
      toOrganisation(await organisationsService.getOrganisation(app.db, request.ctx, request.params.id)),
  );

  app.patch(
    '/api/organisations/:id',
    {
      config: { permission: 'organisations:manage' },
      schema: {
        tags: TAGS,
        summary: 'Change an organisation',
        params: IdParams,
        body: OrganisationUpdateBody,
        response: { 200: OrganisationSchema },
      },
    },
    async (request) =>
      toOrganisation(
        await organisationsService.updateOrganisation(app.db, request.ctx, request.params.id, request.body),
      ),
  );
};

export default organisationsRoutes;
