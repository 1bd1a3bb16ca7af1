import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { IdParams } from '../../http/schemas.js';
import { toUser, UserCreateBody, UserSchema, UserUpdateBody } from './accounts.schemas.js';
import * as usersService from './users.service.js';

const TAGS = ['users'];
const UserList = Type.Object({ items: Type.Array(UserSchema), total: Type.Integer() });

/** Accounts of people, managed by administrators. */
const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/users',
    {
      config: { permission: 'users:manage' },
      schema: { tags: TAGS, summary: 'List user accounts', response: { 200: UserList } },
    },
    async () => {
      const users = await usersService.listUsers(app.db);
      return { items: users.map(toUser), total: users.length };
    },
  );

  app.post(
    '/api/users',
    {
      config: { permission: 'users:manage' },
      schema: {
        tags: TAGS,
        summary: 'Create a user account',
        body: UserCreateBody,
        response: { 201: UserSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(toUser(await usersService.createUser(app.db, request.ctx, request.body))),
  );

  app.get(
    '/api/users/:id',
    {
      config: { permission: 'users:manage' },
      schema: { tags: TAGS, summary: 'One user account', params: IdParams, response: { 200: UserSchema } },
    },
    async (request) => toUser(await usersService.getUser(app.db, request.params.id)),
  );

  app.patch(
    '/api/users/:id',
    {
      config: { permission: 'users:manage' },
      schema: {
        tags: TAGS,
        summary: 'Change a user account (role, scope, status)',
        params: IdParams,
        body: UserUpdateBody,
        response: { 200: UserSchema },
      },
    },
    async (request) =>
      toUser(await usersService.updateUser(app.db, request.ctx, request.params.id, request.body)),
  );
};

export default usersRoutes;
