import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { DateTime, Nullable, StrictObject } from '../../http/schemas.js';
import * as auditService from './audit.service.js';

const TAGS = ['audit'];

const AuditEntrySchema = Type.Object({
  seq: Type.Integer(),
  at: DateTime,
  actorLabel: Type.String(),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: Nullable(Type.String()),
  hash: Type.String(),
});

const ChainReportSchema = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  head: Nullable(Type.Object({ seq: Type.Integer(), hash: Type.String() })),
  firstProblem: Nullable(
    Type.Object({
      seq: Type.Integer(),
      kind: Type.Union([Type.Literal('edited'), Type.Literal('inserted'), Type.Literal('deleted')]),
      detail: Type.String(),
    }),
  ),
});

/** The audit trail: read it, newest first, and check that its hash chain is intact. */
const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: TAGS,
        summary: 'Audit trail, newest first',
        querystring: StrictObject({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
          before: Type.Optional(Type.Integer({ minimum: 1 })),
          entityType: Type.Optional(Type.String({ maxLength: 100 })),
          entityId: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(AuditEntrySchema), nextBefore: Nullable(Type.Integer()) }),
        },
      },
    },
    async (request) => {
      const page = await auditService.listAudit(app.db, {
        limit: request.query.limit ?? 50,
        before: request.query.before ?? null,
        entityType: request.query.entityType ?? null,
        entityId: request.query.entityId ?? null,
      });
      return {
        nextBefore: page.nextBefore,
        items: page.items.map((row) => ({
          seq: row.seq,
          at: row.at.toISOString(),
          actorLabel: row.actor_label,
          action: row.action,
          entityType: row.entity_type,
          entityId: row.entity_id,
          before: row.before,
          after: row.after,
          requestId: row.request_id,
          hash: row.hash,
        })),
      };
    },
  );

  app.post(
    '/api/audit/verify',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: TAGS,
        summary: 'Check the hash chain of the whole audit trail',
        response: { 200: ChainReportSchema },
      },
    },
    async () => auditService.verifyAuditChain(app.db),
  );
};

export default auditRoutes;
