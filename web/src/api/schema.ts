/**
 * The one place that says which OpenAPI `paths` type the client is typed by: the one generated
 * from the server's own schemas by `npm run openapi`, so request and response types cannot drift.
 */
export type { components, paths } from './schema.gen';
