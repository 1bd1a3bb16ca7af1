import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

/**
 * Two validators: JSON bodies are checked strictly (a number where a string is expected is an error,
 * not silently converted), while query strings, params and headers, which arrive as text, are
 * coerced to the declared types. Neither drops unknown fields: schemas reject them.
 */
const common: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false };
const strictAjv = addFormats.default(new Ajv({ ...common, coerceTypes: false }));
const coercingAjv = addFormats.default(new Ajv({ ...common, coerceTypes: 'array' }));

export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strictAjv : coercingAjv).compile(schema as object);
