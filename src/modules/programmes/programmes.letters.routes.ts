import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { IdParams } from '../../http/schemas.js';
import { renderLetter } from './letters.pdf.js';
import { getLetterData } from './letters.service.js';

const TAGS = ['applications'];

const LetterQuery = Type.Object(
  {
    lang: Type.Optional(
      Type.Union([Type.Literal('fr'), Type.Literal('ar')], {
        description: 'Language of the letter (default fr)',
      }),
    ),
  },
  { additionalProperties: false },
);

const lettersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/applications/:id/decision-letter',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: TAGS,
        summary: 'Decision letter of a decided application, as a PDF in French or Arabic',
        description:
          "The applicant's own organisation, the organisation that runs the programme, or an administrator (404 for anyone else). 409 NOT_DECIDED unless the application is selected, waitlisted, rejected or ineligible.",
        params: IdParams,
        querystring: LetterQuery,
      },
    },
    async (request, reply) => {
      const lang = request.query.lang ?? 'fr';
      const data = await getLetterData(app.db, request.ctx, request.params.id);
      const pdf = await renderLetter(data, lang);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="${data.reference.replaceAll(/[^A-Za-z0-9_.-]/g, '_')}-${lang}.pdf"`,
        )
        .send(pdf);
    },
  );
};

export default lettersRoutes;
