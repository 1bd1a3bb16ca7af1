/**
 * Request and response types derived from the OpenAPI `paths` type, so that no shape is copied
 * by hand and a server change shows up as a type error here.
 */
import type { paths } from './schema';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type JsonContent<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Operation<P extends keyof paths, M extends Method> = M extends keyof paths[P]
  ? NonNullable<paths[P][M]>
  : never;

/** JSON body of the 200/201 response of an operation. */
export type ResponseOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: infer Ok }
      ? JsonContent<Ok>
      : R extends { 201: infer Created }
        ? JsonContent<Created>
        : never
    : never;

/** JSON request body of an operation. */
export type BodyOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonContent<NonNullable<B>> : never;

export type Session = ResponseOf<'/api/auth/session', 'get'>;
export type SessionUser = Session['user'];
export type Role = SessionUser['role'];
export type Locale = SessionUser['locale'];
export type Overview = ResponseOf<'/api/overview', 'get'>;
export type Organisation = ResponseOf<'/api/organisations', 'get'>['items'][number];
export type OrganisationKind = Organisation['kind'];
export type OrganisationInput = BodyOf<'/api/organisations', 'post'>;
export type User = ResponseOf<'/api/users', 'get'>['items'][number];
export type UserInput = BodyOf<'/api/users', 'post'>;
export type ApiToken = ResponseOf<'/api/tokens', 'get'>['items'][number];
export type TokenInput = BodyOf<'/api/tokens', 'post'>;
export type CreatedToken = ResponseOf<'/api/tokens', 'post'>;
export type AuditPage = ResponseOf<'/api/audit', 'get'>;
export type AuditEntry = AuditPage['items'][number];
export type AuditVerification = ResponseOf<'/api/audit/verify', 'post'>;
