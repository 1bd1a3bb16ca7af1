/** Named functions for each API call the pages make; pages never build URLs themselves. */
import { api, request, send } from './client';
import type {
  AuditPage,
  AuditVerification,
  CreatedToken,
  Locale,
  Organisation,
  OrganisationInput,
  Session,
  TokenInput,
  User,
  UserInput,
} from './types';

export const getSession = (): Promise<Session> => request(api.GET('/api/auth/session'));

export const login = (body: { email: string; password: string }): Promise<Session> =>
  request(api.POST('/api/auth/login', { body }));

export const logout = (): Promise<void> => send(api.POST('/api/auth/logout'));

export const updateMe = (body: { locale?: Locale; displayName?: string }): Promise<User> =>
  request(api.PATCH('/api/me', { body }));

export const getOverview = () => request(api.GET('/api/overview'));

export const listOrganisations = () => request(api.GET('/api/organisations'));

export const getOrganisation = (id: string): Promise<Organisation> =>
  request(api.GET('/api/organisations/{id}', { params: { path: { id } } }));

export const createOrganisation = (body: OrganisationInput): Promise<Organisation> =>
  request(api.POST('/api/organisations', { body }));

export const updateOrganisation = (id: string, body: Partial<OrganisationInput>): Promise<Organisation> =>
  request(api.PATCH('/api/organisations/{id}', { params: { path: { id } }, body }));

export const listUsers = () => request(api.GET('/api/users'));

export const createUser = (body: UserInput): Promise<User> => request(api.POST('/api/users', { body }));

export const setUserStatus = (id: string, status: 'active' | 'disabled'): Promise<User> =>
  request(api.PATCH('/api/users/{id}', { params: { path: { id } }, body: { status } }));

export const listTokens = () => request(api.GET('/api/tokens'));

export const createToken = (body: TokenInput): Promise<CreatedToken> =>
  request(api.POST('/api/tokens', { body }));

export const revokeToken = (id: string): Promise<void> =>
  send(api.DELETE('/api/tokens/{id}', { params: { path: { id } } }));

export const listAudit = (before?: number): Promise<AuditPage> =>
  request(
    api.GET('/api/audit', {
      params: { query: before === undefined ? { limit: 50 } : { limit: 50, before } },
    }),
  );

export const verifyAudit = (): Promise<AuditVerification> => request(api.POST('/api/audit/verify'));
