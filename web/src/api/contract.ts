/**
 * Hand-written stand-in for `schema.gen.ts`, in the shape openapi-typescript generates.
 * It exists only until the server publishes its OpenAPI document; `schema.ts` chooses which one
 * the client uses. Delete this file once `npm run openapi` has produced `schema.gen.ts`.
 */

type Json<T> = { content: { 'application/json': T } };
type Problem = {
  headers: { [name: string]: unknown };
  content: {
    'application/problem+json': {
      type: string;
      title: string;
      status: number;
      detail?: string;
      code: string;
      instance?: string;
      requestId?: string;
      errors?: { pointer: string; detail: string }[];
    };
  };
};
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type IdParams = { query?: never; header?: never; path: { id: string }; cookie?: never };
type Op<Params, Body, Ok, Status extends number = 200> = {
  parameters: Params;
  requestBody: Json<Body>;
  responses: { [S in Status]: Json<Ok> } & { default: Problem };
};
type Get<Ok, Params = NoParams> = {
  parameters: Params;
  requestBody?: never;
  responses: { 200: Json<Ok>; default: Problem };
};
type NoContent<Params> = {
  parameters: Params;
  requestBody?: never;
  responses: { 204: { headers: { [name: string]: unknown }; content?: never }; default: Problem };
};

type Role = 'admin' | 'partner' | 'territorial' | 'actor';
type Locale = 'fr' | 'ar' | 'en';
type OrgKind = 'state_secretariat' | 'partner' | 'directorate' | 'chamber' | 'actor';
type SessionUser = {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisationId: string | null;
  organisationName: { fr: string; ar: string | null } | null;
  territoryCode: string | null;
  locale: Locale;
};
type Session = { user: SessionUser; csrfToken: string; expiresAt: string };
type User = SessionUser & { status: 'active' | 'disabled'; createdAt: string; lastLoginAt: string | null };
type Organisation = {
  id: string;
  kind: OrgKind;
  nameFr: string;
  nameAr: string | null;
  acronym: string | null;
  territoryCode: string | null;
  createdAt: string;
  updatedAt: string;
};
type OrganisationInput = {
  kind: OrgKind;
  nameFr: string;
  nameAr?: string;
  acronym?: string;
  territoryCode?: string;
};
type ApiToken = {
  id: string;
  name: string;
  role: Role;
  organisationId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  expiresAt: string | null;
};
type AuditEntry = {
  seq: number;
  at: string;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
};
type Overview = {
  organisations: { total: number; byKind: { kind: OrgKind; count: number }[] };
  users?: { total: number; byRole: { role: Role; count: number }[] };
  audit?: { total: number; lastAt: string | null };
};

export interface paths {
  '/api/auth/login': { post: Op<NoParams, { email: string; password: string }, Session> };
  '/api/auth/session': { get: Get<Session> };
  '/api/auth/logout': { post: NoContent<NoParams> };
  '/api/me': { patch: Op<NoParams, { locale?: Locale; displayName?: string }, SessionUser> };
  '/api/overview': { get: Get<Overview> };
  '/api/organisations': {
    get: Get<{ items: Organisation[]; total: number }>;
    post: Op<NoParams, OrganisationInput, Organisation, 201>;
  };
  '/api/organisations/{id}': {
    get: Get<Organisation, IdParams>;
    patch: Op<IdParams, Partial<OrganisationInput>, Organisation>;
  };
  '/api/users': {
    get: Get<{ items: User[]; total: number }>;
    post: Op<
      NoParams,
      {
        email: string;
        displayName: string;
        role: Role;
        organisationId?: string;
        territoryCode?: string;
        locale?: Locale;
        password: string;
      },
      User,
      201
    >;
  };
  '/api/users/{id}': {
    patch: Op<IdParams, { displayName?: string; role?: Role; status?: 'active' | 'disabled' }, User>;
  };
  '/api/tokens': {
    get: Get<{ items: ApiToken[] }>;
    post: Op<
      NoParams,
      { name: string; role: Role; organisationId?: string; expiresAt?: string },
      { token: ApiToken; secret: string },
      201
    >;
  };
  '/api/tokens/{id}': { delete: NoContent<IdParams> };
  '/api/audit': {
    get: Get<
      { items: AuditEntry[]; nextBefore: number | null },
      { query?: { limit?: number; before?: number }; header?: never; path?: never; cookie?: never }
    >;
  };
  '/api/audit/verify': {
    post: {
      parameters: NoParams;
      requestBody?: never;
      responses: {
        200: Json<{
          ok: boolean;
          checked: number;
          firstProblem: null | { seq: number; kind: 'edited' | 'inserted' | 'deleted'; detail: string };
        }>;
        default: Problem;
      };
    };
  };
}
