import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { IdParams, NoContent } from '../../http/schemas.js';
import { ApiTokenCreateBody, ApiTokenCreated, ApiTokenSchema, toApiToken } from './accounts.schemas.js';
import * as tokensService from './tokens.service.js';

const TAGS = ['api tokens'];

/** API tokens for integrations; the secret is returned once, at creation. */
const tokensRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/tokens',
    {
      config: { permission: 'tokens:manage' },
      schema: {
        tags: TAGS,
        summary: 'List API tokens (never their secrets)',
        response: { 200: Type.Object({ items: Type.Array(ApiTokenSchema) }) },
      },
    },
    async () => ({ items: (await tokensService.listApiTokens(app.db)).map(toApiToken) }),
  );

  app.post(
    '/api/tokens',
    {
      config: { permission: 'tokens:manage' },
      schema: {
        tags: TAGS,
        summary: 'Create an API token',
        body: ApiTokenCreateBody,
        response: { 201: ApiTokenCreated },
      },
    },
    async (request, reply) => {
      const { token, secret } = await tokensService.createApiToken(app.db, request.ctx, request.body);
      return reply.code(201).send({ token: toApiToken(token), secret });
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      config: { permission: 'tokens:manage' },
      schema: { tags: TAGS, summary: 'Revoke an API token', params: IdParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await tokensService.revokeApiToken(app.db, request.ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );
};

export default tokensRoutes;
