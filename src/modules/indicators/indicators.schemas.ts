import type { Selectable } from 'kysely';
import Type, { type Static } from 'typebox';
import type { IndicatorsTable, IndicatorTargetsTable } from '../../db/database.js';
import { DateTime, Nullable, StrictObject, TerritoryCode, Text, Uuid } from '../../http/schemas.js';

export type IndicatorRow = Selectable<IndicatorsTable>;
export type IndicatorTargetRow = Selectable<IndicatorTargetsTable>;

export const UNITS = [
  'number',
  'persons',
  'actors',
  'mad',
  'percent',
  'kg',
  'm3',
  'tonnes',
  'hours',
  'days',
] as const;
export const AGGREGATIONS = ['sum', 'count', 'average', 'ratio'] as const;
export const DISAGGREGATIONS = ['sex', 'age_band', 'disability', 'area', 'coastal'] as const;

export const Unit = Type.Union(
  [
    Type.Literal('number'),
    Type.Literal('persons'),
    Type.Literal('actors'),
    Type.Literal('mad'),
    Type.Literal('percent'),
    Type.Literal('kg'),
    Type.Literal('m3'),
    Type.Literal('tonnes'),
    Type.Literal('hours'),
    Type.Literal('days'),
  ],
  { description: "Unit of the values; 'mad' values are integer centimes" },
);
export const Aggregation = Type.Union(
  [Type.Literal('sum'), Type.Literal('count'), Type.Literal('average'), Type.Literal('ratio')],
  {
    description:
      'How values combine: sum, count (summed like sum), average, ratio (sum of numerators / sum of denominators)',
  },
);
export const Temporal = Type.Union([Type.Literal('flow'), Type.Literal('stock')], {
  description: 'flow: months add up into quarters and years; stock: the latest period counts',
});
export const DisaggregationName = Type.Union([
  Type.Literal('sex'),
  Type.Literal('age_band'),
  Type.Literal('disability'),
  Type.Literal('area'),
  Type.Literal('coastal'),
]);
export const Source = Type.Union([Type.Literal('reported'), Type.Literal('computed')]);
const Code = Type.String({
  pattern: '^[A-Z][A-Z0-9_.-]{1,39}$',
  description: 'Stable code: capital letters, digits, _ . - (2 to 40 characters)',
});
const AxisCode = Type.String({ maxLength: 30, description: 'Thematic axis code (convention_axes)' });
/** Periods are checked by the service (src/shared/periods.ts), so a wrong one gets a clear message. */
export const PeriodText = Type.String({
  maxLength: 20,
  description: "A year '2025', a quarter '2025Q3' or a month '2025-07'",
});

const definition = {
  nameFr: Text({ maxLength: 300 }),
  nameAr: Text({ maxLength: 300 }),
  nameEn: Text({ maxLength: 300 }),
  descriptionFr: Type.Optional(Nullable(Text({ maxLength: 3000 }))),
  descriptionAr: Type.Optional(Nullable(Text({ maxLength: 3000 }))),
  descriptionEn: Type.Optional(Nullable(Text({ maxLength: 3000 }))),
  unit: Unit,
  aggregation: Aggregation,
  temporal: Type.Optional(Temporal),
  disaggregations: Type.Optional(Type.Array(DisaggregationName, { uniqueItems: true, maxItems: 5 })),
  axisCode: Type.Optional(Nullable(AxisCode)),
};

export const IndicatorCreateBody = StrictObject({
  code: Code,
  ...definition,
  source: Type.Optional(
    Type.Union([Type.Literal('reported'), Type.Literal('computed')], {
      description: "Only 'reported' here: computed indicators are defined in code (analytics)",
    }),
  ),
});
export type IndicatorCreate = Static<typeof IndicatorCreateBody>;

export const IndicatorUpdateBody = StrictObject({
  version: Type.Integer({ minimum: 1, description: 'The version you edited (STALE_VERSION otherwise)' }),
  code: Type.Optional(Code),
  nameFr: Type.Optional(definition.nameFr),
  nameAr: Type.Optional(definition.nameAr),
  nameEn: Type.Optional(definition.nameEn),
  descriptionFr: definition.descriptionFr,
  descriptionAr: definition.descriptionAr,
  descriptionEn: definition.descriptionEn,
  unit: Type.Optional(Unit),
  aggregation: Type.Optional(Aggregation),
  temporal: Type.Optional(Temporal),
  disaggregations: definition.disaggregations,
  axisCode: definition.axisCode,
});
export type IndicatorUpdate = Static<typeof IndicatorUpdateBody>;

export const IndicatorSchema = Type.Object({
  id: Uuid,
  code: Type.String(),
  nameFr: Type.String(),
  nameAr: Type.String(),
  nameEn: Type.String(),
  descriptionFr: Nullable(Type.String()),
  descriptionAr: Nullable(Type.String()),
  descriptionEn: Nullable(Type.String()),
  unit: Unit,
  aggregation: Aggregation,
  temporal: Temporal,
  disaggregations: Type.Array(DisaggregationName),
  source: Source,
  computedKey: Nullable(Type.String()),
  axisCode: Nullable(Type.String()),
  isDemo: Type.Boolean(),
  version: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Indicator = Static<typeof IndicatorSchema>;

export const IndicatorDetail = Type.Object({
  ...IndicatorSchema.properties,
  commitmentIds: Type.Array(Uuid, { description: 'Commitments this indicator measures (those you may see)' }),
});

export const IndicatorListQuery = StrictObject({
  axis: Type.Optional(AxisCode),
  source: Type.Optional(Source),
  commitment: Type.Optional(Uuid),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the code or of a name' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});
export type IndicatorListQuery = Static<typeof IndicatorListQuery>;

export const IndicatorList = Type.Object({ total: Type.Integer(), items: Type.Array(IndicatorSchema) });

export const IdOrCodeParams = StrictObject({
  idOrCode: Type.String({ maxLength: 60, description: 'The indicator id (UUID) or its code' }),
});

export const CommitmentIndicatorsBody = StrictObject({
  indicatorIds: Type.Array(Uuid, { uniqueItems: true, maxItems: 200 }),
});
export const CommitmentIndicatorsResult = Type.Object({
  commitmentId: Uuid,
  indicatorIds: Type.Array(Uuid),
});

export function toIndicator(row: IndicatorRow): Indicator {
  return {
    id: row.id,
    code: row.code,
    nameFr: row.name_fr,
    nameAr: row.name_ar,
    nameEn: row.name_en,
    descriptionFr: row.description_fr,
    descriptionAr: row.description_ar,
    descriptionEn: row.description_en,
    unit: row.unit,
    aggregation: row.aggregation,
    temporal: row.temporal,
    disaggregations: row.disaggregations,
    source: row.source,
    computedKey: row.computed_key,
    axisCode: row.axis_code,
    isDemo: row.is_demo,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

// Baselines and targets.

export const TargetKind = Type.Union([Type.Literal('baseline'), Type.Literal('target')]);

export const TargetInput = StrictObject({
  territoryCode: Nullable(TerritoryCode),
  period: PeriodText,
  kind: TargetKind,
  value: Type.Number({
    description:
      "In the indicator's unit as shown: 'mad' in centimes; a ratio in percent (45) when its unit is 'percent', else as a fraction",
  }),
  commitmentId: Type.Optional(Nullable(Uuid)),
});
export type TargetInput = Static<typeof TargetInput>;

export const TargetsBody = StrictObject({
  targets: Type.Array(TargetInput, { minItems: 1, maxItems: 5000 }),
});

export const TargetSchema = Type.Object({
  id: Uuid,
  indicatorId: Uuid,
  commitmentId: Nullable(Uuid),
  territoryCode: Nullable(Type.String({ description: 'Region or province; null: national' })),
  period: Type.String(),
  kind: TargetKind,
  value: Type.Number(),
  isDemo: Type.Boolean(),
  updatedAt: DateTime,
});

export const TargetListQuery = StrictObject({
  kind: Type.Optional(TargetKind),
  territory: Type.Optional(Type.String({ maxLength: 20, description: "A territory code, or 'national'" })),
  period: Type.Optional(PeriodText),
  commitment: Type.Optional(Uuid),
});
export type TargetListQuery = Static<typeof TargetListQuery>;

export const TargetList = Type.Object({ items: Type.Array(TargetSchema) });
export const TargetsSaved = Type.Object({
  inserted: Type.Integer(),
  updated: Type.Integer(),
  items: Type.Array(TargetSchema),
});

export function toTarget(row: IndicatorTargetRow) {
  return {
    id: row.id,
    indicatorId: row.indicator_id,
    commitmentId: row.commitment_id,
    territoryCode: row.territory_code,
    period: row.period,
    kind: row.kind,
    value: Number(row.value),
    isDemo: row.is_demo,
    updatedAt: row.updated_at.toISOString(),
  };
}
