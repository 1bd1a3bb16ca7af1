import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CSV_TYPE, XLSX_TYPE } from '../actors/actors.import-rejects.js';
import { analyticsCsv, analyticsXlsx } from './analytics.export.js';
import { AnalyticsQuerySchema, AnalyticsResultSchema } from './analytics.schemas.js';
import { getAnalytics } from './analytics.service.js';

const TAGS = ['analytics'];
const attachment = (code: string, extension: string) =>
  `attachment; filename="analytics-${code.replaceAll(/[^A-Za-z0-9_.-]/g, '_')}.${extension}"`;

/** Public: facts hold only validated and computed values (see the service). */
const analyticsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/analytics',
    {
      config: { permission: 'public' },
      schema: {
        tags: TAGS,
        summary:
          'Indicator values by territory, period and breakdown value, with target, baseline and progress',
        querystring: AnalyticsQuerySchema,
        response: { 200: AnalyticsResultSchema },
      },
    },
    async (request) => getAnalytics(app.db, request.ctx, request.query),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/api/analytics.${format}`,
      {
        config: { permission: 'public' },
        schema: {
          tags: TAGS,
          summary: `The same table as GET /api/analytics, as ${format.toUpperCase()}`,
          querystring: AnalyticsQuerySchema,
        },
      },
      async (request, reply) => {
        const result = await getAnalytics(app.db, request.ctx, request.query);
        return reply
          .type(format === 'csv' ? CSV_TYPE : XLSX_TYPE)
          .header('content-disposition', attachment(result.indicator.code, format))
          .send(format === 'csv' ? analyticsCsv(result) : await analyticsXlsx(result));
      },
    );
  }
};

export default analyticsRoutes;
