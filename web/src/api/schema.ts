/** The one place that says which OpenAPI-derived `paths` type the client is typed by. */
export type { paths } from './contract';
