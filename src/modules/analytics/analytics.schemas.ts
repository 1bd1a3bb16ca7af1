import Type, { type Static } from 'typebox';
import { Nullable, StrictObject, TerritoryCode, Uuid } from '../../http/schemas.js';

export const DISAGGREGATION_VALUES = {
  sex: ['female', 'male'],
  age_band: ['youth', 'adult', 'elderly'],
  disability: ['yes', 'no'],
  area: ['urban', 'rural'],
  coastal: ['yes', 'no'],
} as const;

/** At most this many cells (territories × periods × breakdown values) in one answer. */
export const MAX_CELLS = 10_000;

const Level = Type.Union([Type.Literal('nation'), Type.Literal('region'), Type.Literal('province')]);
const Grain = Type.Union([Type.Literal('year'), Type.Literal('quarter'), Type.Literal('month')]);
const Breakdown = Type.Union([
  Type.Literal('sex'),
  Type.Literal('age_band'),
  Type.Literal('disability'),
  Type.Literal('area'),
  Type.Literal('coastal'),
]);

const PeriodText = Type.String({
  minLength: 1,
  maxLength: 20,
  description: "A period: '2025', '2025Q3' or '2025-07' (any grain: it is read at the grain asked for)",
});

export const AnalyticsQuerySchema = StrictObject({
  indicator: Type.String({ minLength: 1, maxLength: 40, description: 'Indicator code' }),
  level: Type.Optional(Level),
  grain: Type.Optional(Grain),
  from: PeriodText,
  to: PeriodText,
  territory: Type.Optional(TerritoryCode),
  breakdown: Type.Optional(Breakdown),
  values: Type.Optional(
    Type.String({
      maxLength: 100,
      description: "Only these values of the breakdown, comma-separated ('female' or 'youth,adult')",
    }),
  ),
  convention: Type.Optional(Uuid),
  axis: Type.Optional(Type.String({ maxLength: 30, description: 'Thematic axis code' })),
  partner: Type.Optional(Uuid),
});
export type AnalyticsQuery = Static<typeof AnalyticsQuerySchema>;

export const AnalyticsRowSchema = Type.Object({
  territoryCode: Nullable(Type.String({ description: 'null for the nation' })),
  territoryLevel: Level,
  territoryNameFr: Type.String(),
  territoryNameAr: Type.String(),
  period: Type.String(),
  breakdownValue: Nullable(Type.String()),
  actual: Nullable(Type.Number()),
  target: Nullable(Type.Number()),
  baseline: Nullable(Type.Number()),
  progressPercent: Nullable(Type.Number({ description: 'actual / target × 100; null without a target' })),
  numerator: Nullable(Type.Number({ description: 'ratio indicators: Σ numerators' })),
  denominator: Nullable(Type.Number({ description: 'ratio indicators: Σ denominators' })),
  facts: Type.Integer({ description: 'How many facts the value adds up' }),
  available: Type.Boolean(),
  status: Type.Union([Type.Literal('ok'), Type.Literal('no_data'), Type.Literal('zero_denominator')]),
});
export type AnalyticsRow = Static<typeof AnalyticsRowSchema>;

export const AnalyticsResultSchema = Type.Object({
  indicator: Type.Object({
    id: Uuid,
    code: Type.String(),
    nameFr: Type.String(),
    nameAr: Type.String(),
    nameEn: Type.String(),
    unit: Type.String(),
    aggregation: Type.String(),
    temporal: Type.String(),
    source: Type.String(),
    disaggregations: Type.Array(Type.String()),
  }),
  level: Level,
  grain: Grain,
  from: Type.String(),
  to: Type.String(),
  territory: Nullable(Type.String()),
  breakdown: Nullable(Breakdown),
  rows: Type.Array(AnalyticsRowSchema),
});
export type AnalyticsResult = Static<typeof AnalyticsResultSchema>;
