import Type from 'typebox';
import { DateTime, Nullable, StrictObject, Text, Uuid } from '../../http/schemas.js';

const Centimes = Type.Integer({ minimum: 0, maximum: 9_000_000_000_000_000, description: 'MAD centimes' });
const Seats = Type.Integer({ minimum: 0, maximum: 1_000_000 });
/** Material quantity: >= 0, up to 3 decimals; whole for pieces and bundles (checked by the service). */
const Quantity = Type.Number({ minimum: 0, maximum: 9_999_999_999_999 });
const Day = Type.String({ format: 'date' });

export const BenefitCreate = StrictObject({
  applicationId: Type.Optional(Nullable(Uuid)),
  actorId: Type.Optional(Nullable(Uuid)),
  amountCentimes: Type.Optional(Nullable(Centimes)),
  seats: Type.Optional(Nullable(Seats)),
  quantity: Type.Optional(Nullable(Quantity)),
  quotaId: Type.Optional(Nullable(Uuid)),
  note: Type.Optional(Nullable(Text({ maxLength: 2000 }))),
});

export const BenefitCancel = StrictObject({ note: Type.Optional(Nullable(Text({ maxLength: 2000 }))) });

export const DeliveryCreate = StrictObject({
  kind: Type.Union([
    Type.Literal('disbursement'),
    Type.Literal('delivery'),
    Type.Literal('attendance'),
    Type.Literal('completion'),
  ]),
  deliveredOn: Day,
  amountCentimes: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 9_000_000_000_000_000 }))),
  quantity: Type.Optional(Nullable(Quantity)),
  note: Type.Optional(Nullable(Text({ maxLength: 2000 }))),
});

export const VisitCreate = StrictObject({ visitedOn: Day, notes: Text({ maxLength: 5000 }) });

export const Benefit = Type.Object({
  id: Uuid,
  programmeId: Uuid,
  callId: Nullable(Uuid),
  applicationId: Nullable(Uuid),
  actorId: Uuid,
  actorName: Type.String(),
  amountCentimes: Nullable(Type.Integer()),
  seats: Nullable(Type.Integer()),
  quantity: Nullable(Type.Number()),
  unit: Nullable(Type.String()),
  quotaId: Nullable(Uuid),
  status: Type.String(),
  grantedAt: DateTime,
  grantedBy: Type.String(),
  note: Nullable(Type.String()),
  version: Type.Integer(),
});

export const Delivery = Type.Object({
  id: Uuid,
  kind: Type.String(),
  deliveredOn: Type.String(),
  amountCentimes: Nullable(Type.Integer()),
  quantity: Nullable(Type.Number()),
  note: Nullable(Type.String()),
  recordedBy: Type.String(),
});

export const Visit = Type.Object({
  id: Uuid,
  visitedOn: Type.String(),
  visitor: Type.String(),
  notes: Type.String(),
});

export const BenefitDetail = Type.Object({
  benefit: Benefit,
  deliveries: Type.Array(Delivery),
  visits: Type.Array(Visit),
});
export const BenefitList = Type.Object({ items: Type.Array(Benefit) });
export const BenefitListQuery = StrictObject({
  callId: Type.Optional(Uuid),
});
