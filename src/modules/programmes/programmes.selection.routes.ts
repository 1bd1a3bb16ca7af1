import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { IdParams, StrictObject } from '../../http/schemas.js';
import type { Placed, SelectionResult } from './selection.js';
import { getSelection, runSelection, withdrawApplication } from './selection.service.js';

const TAGS = ['programme selection'];

const ReasonSchema = Type.Object({
  kind: Type.String(),
  group: Type.Optional(Type.String()),
  limit: Type.Optional(Type.String()),
  after: Type.Optional(Type.String()),
});
const PlacedSchema = Type.Object({
  id: Type.String(),
  rank: Type.Integer(),
  reason: ReasonSchema,
});
const ShareSchema = Type.Object({
  group: Type.String(),
  minPercent: Type.Number(),
  selected: Type.Integer(),
  required: Type.Integer(),
  candidates: Type.Integer(),
  met: Type.Boolean(),
  shortfall: Type.Integer(),
  explanation: Type.String(),
});
const SelectionSchema = Type.Object({
  selected: Type.Array(PlacedSchema),
  waitlisted: Type.Array(PlacedSchema),
  rejected: Type.Array(PlacedSchema),
  totals: Type.Object({
    amountCentimes: Type.Integer(),
    seats: Type.Integer(),
    quantity: Type.Number(),
    count: Type.Integer(),
  }),
  shares: Type.Array(ShareSchema),
});

const StoredSelectionSchema = Type.Object({
  callId: Type.String(),
  status: Type.String(),
  allocatedCentimes: Type.Integer(),
  allocatedSeats: Type.Integer(),
  applications: Type.Array(
    Type.Object({
      id: Type.String(),
      actorId: Type.String(),
      status: Type.String(),
      rank: Type.Union([Type.Integer(), Type.Null()]),
      waitlistPosition: Type.Union([Type.Integer(), Type.Null()]),
      totalScore: Type.Union([Type.Number(), Type.Null()]),
      reason: Type.Union([ReasonSchema, Type.Null()], {
        description: 'Why it was placed so (from the selection, or promoted / withdrawn since); null before',
      }),
    }),
  ),
  shares: Type.Array(ShareSchema, {
    description: 'The reserved shares after the selection or last withdrawal',
  }),
});

const toPlaced = (p: Placed) => ({ id: p.id, rank: p.rank, reason: { ...p.reason } });
const toSelection = (r: SelectionResult) => ({
  selected: r.selected.map(toPlaced),
  waitlisted: r.waitlisted.map(toPlaced),
  rejected: r.rejected.map(toPlaced),
  totals: {
    amountCentimes: r.totals.amount,
    seats: r.totals.seats,
    quantity: r.totals.quantity / 1000,
    count: r.totals.count,
  },
  shares: r.shares,
});

/** Selection of a call's scored applicants and withdrawals with promotion from the waiting list. */
const selectionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/calls/:id/selection',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary:
          'Select within budget, capacity and quota, honouring reserved shares; stores statuses and benefits in one transaction',
        params: IdParams,
        body: Type.Optional(StrictObject({})),
        response: { 200: SelectionSchema },
      },
    },
    async (request) => toSelection((await runSelection(app.db, request.ctx, request.params.id)).result),
  );

  app.get(
    '/api/calls/:id/selection',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary:
          'The stored selection of a call: decided applications in rank order, waiting-list positions, each reason, the reserved shares',
        params: IdParams,
        response: { 200: StoredSelectionSchema },
      },
    },
    async (request) => getSelection(app.db, request.ctx, request.params.id),
  );

  app.post(
    '/api/applications/:id/withdrawal',
    {
      config: { permission: 'programmes:manage' },
      schema: {
        tags: TAGS,
        summary: 'A selected applicant withdraws: its benefit is given back and the waiting list moves up',
        params: IdParams,
        body: Type.Optional(StrictObject({})),
        response: { 200: Type.Object({ promoted: Type.Array(Type.String()), selection: SelectionSchema }) },
      },
    },
    async (request) => {
      const out = await withdrawApplication(app.db, request.ctx, request.params.id);
      return { promoted: out.promoted, selection: toSelection(out.result) };
    },
  );
};

export default selectionRoutes;
