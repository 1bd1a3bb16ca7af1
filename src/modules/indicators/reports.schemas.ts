import Type, { type Static } from 'typebox';
import { DateTime, Nullable, StrictObject, TerritoryCode, Text, Uuid } from '../../http/schemas.js';
import { PeriodText } from './indicators.schemas.js';

/** Signs and whole numbers are checked by the service (reports.values.ts), with one clear message. */
const Amount = Type.Number();

/** One disaggregation cell: the indicator's dimensions with a concrete value, the others left out. */
export const CellSchema = StrictObject({
  sex: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('female'), Type.Literal('male')])),
  ageBand: Type.Optional(
    Type.Union([Type.Literal('all'), Type.Literal('youth'), Type.Literal('adult'), Type.Literal('elderly')], {
      description: 'youth: under 35; adult: 35 to 59; elderly: 60 and over',
    }),
  ),
  disability: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('yes'), Type.Literal('no')])),
  area: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('urban'), Type.Literal('rural')])),
  coastal: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('yes'), Type.Literal('no')])),
  value: Type.Optional(Nullable(Amount)),
  numerator: Type.Optional(Nullable(Amount)),
  denominator: Type.Optional(
    Nullable(Type.Number({ description: '0 is accepted: the ratio is then not available' })),
  ),
});

const Values = Type.Array(CellSchema, {
  minItems: 1,
  maxItems: 200,
  description:
    "One cell per combination of the indicator's disaggregations; `value` (sum, count, average) or `numerator` and `denominator` (ratio)",
});
const Note = Nullable(Text({ maxLength: 3000 }));

/** The JSON sent in the `report` field of the multipart submission. */
export const ReportSubmission = StrictObject({
  indicatorId: Uuid,
  commitmentId: Uuid,
  territoryCode: Nullable(TerritoryCode),
  period: PeriodText,
  note: Type.Optional(Note),
  values: Values,
});
export type ReportSubmission = Static<typeof ReportSubmission>;

/** A correction by the owner (of a submitted or returned report). */
export const ReportCorrection = StrictObject({
  version: Type.Integer({ minimum: 1 }),
  note: Type.Optional(Note),
  values: Values,
});
export type ReportCorrection = Static<typeof ReportCorrection>;

export const ReviewBody = StrictObject({ version: Type.Integer({ minimum: 1 }) });
export const ReturnBody = StrictObject({
  version: Type.Integer({ minimum: 1 }),
  comment: Text({ maxLength: 3000, description: 'What the partner must correct (required)' }),
});

export const ReportStatus = Type.Union([
  Type.Literal('submitted'),
  Type.Literal('validated'),
  Type.Literal('returned'),
]);

export const CellOut = Type.Object({
  sex: Type.String(),
  ageBand: Type.String(),
  disability: Type.String(),
  area: Type.String(),
  coastal: Type.String(),
  value: Nullable(Type.Number()),
  numerator: Nullable(Type.Number()),
  denominator: Nullable(Type.Number()),
});

export const EvidenceSchema = Type.Object({
  id: Uuid,
  originalName: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
});

export const ReportSummary = Type.Object({
  id: Uuid,
  indicatorId: Uuid,
  indicatorCode: Type.String(),
  indicatorNameFr: Type.String(),
  indicatorNameAr: Type.String(),
  indicatorNameEn: Type.String(),
  commitmentId: Uuid,
  commitmentTitleFr: Type.String(),
  commitmentTitleAr: Nullable(Type.String()),
  conventionId: Uuid,
  organisationId: Uuid,
  territoryCode: Nullable(Type.String()),
  period: Type.String(),
  status: ReportStatus,
  note: Nullable(Type.String()),
  reviewComment: Nullable(Type.String({ description: 'The comment of the last return' })),
  submittedAt: DateTime,
  reviewedAt: Nullable(DateTime),
  isDemo: Type.Boolean(),
  version: Type.Integer(),
});

export const ReportDetail = Type.Object({
  ...ReportSummary.properties,
  evidence: Nullable(EvidenceSchema),
  values: Type.Array(CellOut),
});
export type ReportDetail = Static<typeof ReportDetail>;

export const ReportListQuery = StrictObject({
  status: Type.Optional(ReportStatus),
  indicator: Type.Optional(Uuid),
  commitment: Type.Optional(Uuid),
  period: Type.Optional(PeriodText),
  territory: Type.Optional(
    Type.String({ maxLength: 20, description: "A territory and all within it, or 'national'" }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});
export type ReportListQuery = Static<typeof ReportListQuery>;

export const ReportList = Type.Object({ total: Type.Integer(), items: Type.Array(ReportSummary) });
