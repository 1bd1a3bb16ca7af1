import Type, { type TObject, type TProperties, type TSchema } from 'typebox';

/** An object that rejects unknown fields instead of silently dropping them. */
export function StrictObject<T extends TProperties>(
  properties: T,
  options: { description?: string } = {},
): TObject<T> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/** No C0 control characters other than tab, newline and carriage return; no DEL. */
const NO_CONTROL_CHARS = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';

/** Free text as people type it: trimmed length bounds, no control characters. */
export function Text(options: { minLength?: number; maxLength: number; description?: string }) {
  return Type.String({ minLength: options.minLength ?? 1, pattern: NO_CONTROL_CHARS, ...options });
}

export const Uuid = Type.String({ format: 'uuid', description: 'UUID' });
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const DateTime = Type.String({ format: 'date-time' });
export const Locale = Type.Union([Type.Literal('fr'), Type.Literal('ar'), Type.Literal('en')]);
export const Role = Type.Union([
  Type.Literal('admin'),
  Type.Literal('partner'),
  Type.Literal('territorial'),
  Type.Literal('actor'),
]);
export const TerritoryCode = Type.String({
  pattern: '^[0-9]{2}(\\.[0-9]{3}(\\.[0-9]{2}\\.[0-9]{2})?)?$',
  description:
    "HCP code of a region ('01'), province or prefecture ('01.511') or prefecture of arrondissements",
});
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const IdParams = StrictObject({ id: Uuid });

/** RFC 9457 problem details, with Nasij's stable `code` and JSON pointers to bad fields. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({ pointer: Type.String(), detail: Type.String() }, { additionalProperties: false }),
      ),
    ),
  },
  { $id: 'Problem', additionalProperties: false },
);

export const NoContent = Type.Null({ description: 'No content' });
