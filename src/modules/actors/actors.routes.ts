import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { ActorChangeRequestRow } from '../../db/database.js';
import { IdParams, Nullable, StrictObject, Text } from '../../http/schemas.js';
import {
  type ChangeRequestWithNames,
  decideChangeRequest,
  listChangeRequests,
} from './actors.change-requests.js';
import { actorHistory } from './actors.history.js';
import { listActors } from './actors.list.js';
import {
  ActorCreateBody,
  ActorList,
  ActorListQuery,
  ActorSaved,
  ActorSchema,
  ActorUpdateBody,
  ChangeRequestSchema,
  HistoryEntry,
  toActor,
} from './actors.schemas.js';
import * as actorsService from './actors.service.js';
import { listNomenclature, parseNomenclatureCsv, replaceNomenclature } from './nomenclature.js';

const TAGS = ['actors'];

const toChangeRequest = (row: ActorChangeRequestRow & Partial<ChangeRequestWithNames>) => ({
  id: row.id,
  actorId: row.actor_id,
  actorNameFr: row.actor_name_fr ?? null,
  actorNameAr: row.actor_name_ar ?? null,
  changes: row.changes as Record<string, unknown>,
  requestedLabel: row.requested_label,
  requestedAt: row.requested_at.toISOString(),
  status: row.status,
  decidedByLabel: row.decided_by_label,
  decidedAt: row.decided_at ? row.decided_at.toISOString() : null,
  decisionNote: row.decision_note,
});

const Names = { nameFr: Type.String(), nameAr: Type.String(), nameEn: Type.String() };
const Nomenclature = Type.Object({
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      family: Type.String(),
      source: Type.String(),
      ...Names,
      activities: Type.Array(Type.Object({ code: Type.String(), ...Names })),
    }),
  ),
});

/** The registry of actors: list, search, read, register, edit, history, change requests. */
const actorsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/nomenclature',
    {
      config: { permission: 'public' },
      schema: { tags: TAGS, summary: 'Craft branches and their activities', response: { 200: Nomenclature } },
    },
    async () => {
      const names = (row: { name_fr: string; name_ar: string; name_en: string }) => ({
        nameFr: row.name_fr,
        nameAr: row.name_ar,
        nameEn: row.name_en,
      });
      const branches = await listNomenclature(app.db);
      return {
        items: branches.map((branch) => ({
          code: branch.code,
          family: branch.family,
          source: branch.source,
          ...names(branch),
          activities: branch.activities.map((activity) => ({ code: activity.code, ...names(activity) })),
        })),
      };
    },
  );

  // The nomenclature travels as the CSV an administrator keeps in a spreadsheet.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 },
    (_request, body, done) => done(null, body),
  );
  app.put(
    '/api/nomenclature',
    {
      config: { permission: 'nomenclature:manage' },
      schema: {
        tags: TAGS,
        summary:
          'Replace the crafts nomenclature with a CSV file (level,code,branch,family,name_fr,name_ar,name_en)',
        body: Type.String({ description: 'text/csv' }),
        response: { 200: Type.Object({ branches: Type.Integer(), activities: Type.Integer() }) },
      },
    },
    async (request) =>
      replaceNomenclature(app.db, request.ctx, parseNomenclatureCsv(request.body), 'admin upload'),
  );

  app.get(
    '/api/actors',
    {
      config: { permission: 'actors:read' },
      schema: {
        tags: TAGS,
        summary:
          'List, filter and search actors (territorial users: their territory; actors: their own record)',
        description:
          '`q` finds a name in either script despite spelling, accents, abbreviations and Arabic/Latin transliteration, or any identifier; results are ranked by relevance. Without `q`, pages follow `nextCursor`.',
        querystring: ActorListQuery,
        response: { 200: ActorList },
      },
    },
    async (request) => {
      const page = await listActors(app.db, request.ctx, request.query);
      return {
        total: page.total,
        nextCursor: page.nextCursor,
        items: page.items.map((row) => ({
          id: row.id,
          kind: row.kind,
          nameFr: row.name_fr,
          nameAr: row.name_ar,
          provinceCode: row.province_code,
          regionCode: row.region_code,
          commune: row.commune,
          branchCode: row.branch_code,
          status: row.status,
          womenLed: row.women_led,
          coastal: row.coastal,
          score: row.score,
          matchedIdentifier: row.matched_identifier,
        })),
      };
    },
  );

  app.post(
    '/api/actors',
    {
      config: { permission: 'actors:create' },
      schema: {
        tags: TAGS,
        summary: 'Register an actor',
        body: ActorCreateBody,
        response: { 201: ActorSaved },
      },
    },
    async (request, reply) => {
      const saved = await actorsService.createActor(app.db, request.ctx, request.body);
      return reply
        .code(201)
        .send({ actor: toActor(saved.actor), warnings: saved.warnings, changeRequestId: null });
    },
  );

  app.get(
    '/api/actors/:id',
    {
      config: { permission: 'actors:read' },
      schema: { tags: TAGS, summary: 'One actor', params: IdParams, response: { 200: ActorSchema } },
    },
    async (request) => toActor(await actorsService.getActor(app.db, request.ctx, request.params.id)),
  );

  app.patch(
    '/api/actors/:id',
    {
      config: { permission: 'actors:write' },
      schema: {
        tags: TAGS,
        summary: "Change an actor (an actor's own changes to names or identifiers become a change request)",
        params: IdParams,
        body: ActorUpdateBody,
        response: { 200: ActorSaved },
      },
    },
    async (request) => {
      const saved = await actorsService.updateActor(app.db, request.ctx, request.params.id, request.body);
      return {
        actor: toActor(saved.actor),
        warnings: saved.warnings,
        changeRequestId: saved.changeRequestId,
      };
    },
  );

  app.get(
    '/api/actors/:id/history',
    {
      config: { permission: 'actors:read' },
      schema: {
        tags: TAGS,
        summary: "A record's history: who changed what, newest first",
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(HistoryEntry) }) },
      },
    },
    async (request) => {
      const entries = await actorHistory(app.db, request.ctx, request.params.id);
      return { items: entries.map((entry) => ({ ...entry, at: entry.at.toISOString() })) };
    },
  );

  app.get(
    '/api/actor-change-requests',
    {
      config: { permission: 'actors:review' },
      schema: {
        tags: TAGS,
        summary: 'Change requests from actors, newest first',
        querystring: StrictObject({
          status: Type.Optional(
            Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
          ),
        }),
        response: { 200: Type.Object({ items: Type.Array(ChangeRequestSchema) }) },
      },
    },
    async (request) => ({
      items: (await listChangeRequests(app.db, request.query.status ?? null)).map(toChangeRequest),
    }),
  );

  app.post(
    '/api/actor-change-requests/:id/decision',
    {
      config: { permission: 'actors:review' },
      schema: {
        tags: TAGS,
        summary: 'Approve or reject a change request',
        params: IdParams,
        body: StrictObject({
          approve: Type.Boolean(),
          note: Type.Optional(Nullable(Text({ maxLength: 1000 }))),
        }),
        response: { 200: ChangeRequestSchema },
      },
    },
    async (request) =>
      toChangeRequest(
        await decideChangeRequest(app.db, request.ctx, request.params.id, {
          approve: request.body.approve,
          note: request.body.note ?? null,
        }),
      ),
  );
};

export default actorsRoutes;
