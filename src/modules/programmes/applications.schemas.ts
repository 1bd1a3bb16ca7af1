/** Schemas of the applicant-side routes added after the first cut (applications.routes.ts). */
import Type from 'typebox';
import { DateTime, Nullable, StrictObject, Uuid } from '../../http/schemas.js';

export const WithdrawalSchema = Type.Object({
  applicationId: Uuid,
  status: Type.Literal('withdrawn'),
  promoted: Type.Array(Uuid, { description: 'Waitlisted applications that moved up into the selection' }),
});

export const AppealStateSchema = Type.Object({
  appealDays: Type.Integer({ description: "The call's appeal days after the decision" }),
  deadline: Type.Union([DateTime, Type.Null()], {
    description: 'Until when an appeal is taken; null when the outcome is not appealable or one was filed',
  }),
  open: Type.Boolean({ description: 'An appeal can be filed now' }),
  appeal: Nullable(
    Type.Object({
      reason: Type.String(),
      filedByLabel: Type.String(),
      filedAt: DateTime,
      outcome: Nullable(Type.String({ description: 'upheld, dismissed, or null while pending' })),
      decisionNote: Nullable(Type.String()),
      decidedAt: Nullable(DateTime),
    }),
  ),
});

export const EvaluatorCandidateList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      displayName: Type.String(),
      organisationName: Nullable(Type.String()),
      assigned: Type.Boolean(),
    }),
  ),
});

export const EmptyBody = Type.Optional(StrictObject({}));
