import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { DateTime, IdParams, Nullable, StrictObject, Uuid } from '../../http/schemas.js';
import {
  dismissDuplicatePair,
  findLikelyDuplicates,
  listDuplicatePairs,
  refreshDuplicatePairs,
} from './actors.duplicates.service.js';
import { listMerges, mergeActors, undoMerge } from './actors.merge.js';
import {
  ACTOR_FIELDS,
  ActorCreateBody,
  type ActorFields,
  ActorKind,
  ActorSchema,
  toActor,
} from './actors.schemas.js';
import { emptyActorFields, prepareActor } from './actors.validate.js';

const TAGS = ['actors: duplicates'];

const Reason = Type.Object({
  code: Type.String(),
  field: Type.Optional(Type.String()),
  similarity: Type.Optional(Type.Number()),
});
const Side = Type.Object({
  id: Uuid,
  nameFr: Nullable(Type.String()),
  nameAr: Nullable(Type.String()),
  provinceCode: Type.String(),
  kind: ActorKind,
});
const PairSchema = Type.Object({
  id: Uuid,
  score: Type.Number(),
  reasons: Type.Array(Reason),
  status: Type.String(),
  foundAt: DateTime,
  a: Side,
  b: Side,
});
const Likely = Type.Object({
  id: Uuid,
  nameFr: Nullable(Type.String()),
  nameAr: Nullable(Type.String()),
  provinceCode: Type.String(),
  kind: Type.String(),
  score: Type.Number(),
  reasons: Type.Array(Reason),
});
const FieldName = Type.Union(ACTOR_FIELDS.map((field) => Type.Literal(field)));

/** Finding duplicates before and after saving, and merging two records into one (undoable). */
const duplicatesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/actors/duplicates/check',
    {
      config: { permission: 'actors:create' },
      schema: {
        tags: TAGS,
        summary: 'Records that look like this draft, before it is saved',
        body: ActorCreateBody,
        response: { 200: Type.Object({ items: Type.Array(Likely), likelyThreshold: Type.Number() }) },
      },
    },
    async (request) => {
      const draft: ActorFields = { ...emptyActorFields(), ...(request.body as Partial<ActorFields>) };
      const prepared = await prepareActor(app.db, draft);
      const items = await findLikelyDuplicates(app.db, request.ctx, prepared.columns);
      return { items, likelyThreshold: 0.75 };
    },
  );

  app.get(
    '/api/actors/duplicates',
    {
      config: { permission: 'actors:review' },
      schema: {
        tags: TAGS,
        summary: 'Candidate duplicate pairs from the last scan, best first',
        querystring: StrictObject({
          status: Type.Union([Type.Literal('open'), Type.Literal('dismissed'), Type.Literal('merged')], {
            default: 'open',
          }),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(PairSchema) }) },
      },
    },
    async (request) => {
      const rows = await listDuplicatePairs(app.db, request.query.status, request.query.limit);
      return {
        items: rows.map((row) => ({
          id: row.id,
          score: Number(row.score),
          reasons: row.reasons as Array<{ code: string }>,
          status: row.status,
          foundAt: row.found_at.toISOString(),
          a: {
            id: row.a_id,
            nameFr: row.a_name_fr,
            nameAr: row.a_name_ar,
            provinceCode: row.a_province,
            kind: row.a_kind,
          },
          b: {
            id: row.b_id,
            nameFr: row.b_name_fr,
            nameAr: row.b_name_ar,
            provinceCode: row.b_province,
            kind: row.b_kind,
          },
        })),
      };
    },
  );

  app.post(
    '/api/actors/duplicates/scan',
    {
      config: { permission: 'actors:review' },
      schema: {
        tags: TAGS,
        summary:
          'Scan the whole registry for duplicates now (the CLI does the same: nasij actors duplicates)',
        response: { 200: Type.Object({ found: Type.Integer(), stored: Type.Integer() }) },
      },
    },
    async (request) => {
      const result = await refreshDuplicatePairs(app.db, request.ctx);
      return { found: result.pairs.length, stored: result.stored };
    },
  );

  app.post(
    '/api/actors/duplicates/:id/dismiss',
    {
      config: { permission: 'actors:review' },
      schema: {
        tags: TAGS,
        summary: 'Mark a pair as not duplicates',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await dismissDuplicatePair(app.db, request.ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/actors/merge',
    {
      config: { permission: 'actors:review' },
      schema: {
        tags: TAGS,
        summary: 'Merge one record into another; every reference moves to the survivor',
        body: StrictObject({
          survivorId: Uuid,
          mergedId: Uuid,
          take: Type.Array(FieldName, {
            description: 'Fields the survivor takes from the merged record',
            uniqueItems: true,
          }),
        }),
        response: { 200: Type.Object({ mergeId: Uuid, survivor: ActorSchema }) },
      },
    },
    async (request) => {
      const result = await mergeActors(app.db, request.ctx, request.body);
      return { mergeId: result.mergeId, survivor: toActor(result.survivor) };
    },
  );

  app.get(
    '/api/actors/merges',
    {
      config: { permission: 'actors:review' },
      schema: {
        tags: TAGS,
        summary: 'Merges, newest first (with actorId: those of one record), to find one to undo',
        querystring: StrictObject({ actorId: Type.Optional(Uuid) }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Uuid,
                survivorId: Uuid,
                mergedId: Uuid,
                mergedByLabel: Type.String(),
                mergedAt: DateTime,
                undoneAt: Nullable(DateTime),
                undoneByLabel: Nullable(Type.String()),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      items: (await listMerges(app.db, request.query.actorId ?? null)).map((row) => ({
        id: row.id,
        survivorId: row.survivor_id,
        mergedId: row.merged_id,
        mergedByLabel: row.merged_by_label,
        mergedAt: row.merged_at.toISOString(),
        undoneAt: row.undone_at ? row.undone_at.toISOString() : null,
        undoneByLabel: row.undone_by_label,
      })),
    }),
  );

  app.post(
    '/api/actors/merges/:id/undo',
    {
      config: { permission: 'actors:review' },
      schema: { tags: TAGS, summary: 'Undo a merge', params: IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await undoMerge(app.db, request.ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );
};

export default duplicatesRoutes;
