import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import Type from 'typebox';
import { DateTime, Nullable } from '../../http/schemas.js';
import { AppError } from '../../shared/errors.js';
import { can } from '../../shared/principal.js';
import { countOrganisationsByKind } from '../accounts/organisations.repository.js';
import { countUsersByRole } from '../accounts/users.repository.js';
import { auditSummary } from '../audit/audit.service.js';

const Overview = Type.Object({
  engine: Type.Optional(Type.String()),
  organisations: Type.Object({
    total: Type.Integer(),
    byKind: Type.Array(Type.Object({ kind: Type.String(), count: Type.Integer() })),
  }),
  users: Type.Optional(
    Type.Object({
      total: Type.Integer(),
      byRole: Type.Array(Type.Object({ role: Type.String(), count: Type.Integer() })),
    }),
  ),
  audit: Type.Optional(Type.Object({ total: Type.Integer(), lastAt: Nullable(DateTime) })),
});

const Health = Type.Object({ status: Type.String() });

/** Liveness, readiness and the home page's figures. */
const systemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health/live',
    {
      config: { permission: 'public' },
      schema: { tags: ['system'], summary: 'The process is up', response: { 200: Health } },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/health/ready',
    {
      config: { permission: 'public' },
      schema: { tags: ['system'], summary: 'The database answers', response: { 200: Health } },
    },
    async () => {
      try {
        await sql`SELECT 1`.execute(app.db);
      } catch (error) {
        throw new AppError('NOT_READY', 'The database does not answer', { cause: error });
      }
      return { status: 'ok' };
    },
  );

  app.get(
    '/api/overview',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Figures for the home page; more for administrators',
        response: { 200: Overview },
      },
    },
    async (request) => {
      const byKind = await countOrganisationsByKind(app.db);
      const organisations = {
        total: byKind.reduce((sum, row) => sum + Number(row.count), 0),
        byKind: byKind.map((row) => ({ kind: row.kind, count: Number(row.count) })),
      };
      if (!can(request.principal, 'users:manage')) return { organisations };
      const byRole = await countUsersByRole(app.db);
      const audit = await auditSummary(app.db);
      return {
        engine: app.engine,
        organisations,
        users: {
          total: byRole.reduce((sum, row) => sum + Number(row.count), 0),
          byRole: byRole.map((row) => ({ role: row.role, count: Number(row.count) })),
        },
        audit: { total: audit.total, lastAt: audit.lastAt ? audit.lastAt.toISOString() : null },
      };
    },
  );
};

export default systemRoutes;
