import { weightedTotal } from '../programmes/applications.service.js';
import { type ActorFacts, evaluateEligibility, ruleHolds } from '../programmes/eligibility.evaluate.js';
import type { Rule } from '../programmes/eligibility.rules.js';
import {
  type Candidate,
  type SelectionConstraints,
  type SelectionResult,
  selectApplicants,
  verifySelection,
} from '../programmes/selection.js';
import type { CallSpec } from './generate.programmes.catalogue.js';
import type { Prng } from './prng.js';

/**
 * One call's applications built in memory, the way the module would have written them: eligibility
 * evaluated at submission by the module's own evaluator (explanations stored), answers that pass the
 * call's form, evaluators who declare no conflict (a few declare one and are replaced) and score
 * against the grid, totals by the module's `weightedTotal`, and for decided calls the module's own
 * `selectApplicants` (checked by `verifySelection`) with a benefit per selected applicant, some
 * disbursed or delivered, some visited. Nothing here touches the database.
 */

/** Submissions and evaluations of open calls stop here (fixed, so a seed always gives the same rows). */
export const GENERATED_UNTIL = Date.parse('2026-11-15T00:00:00Z');
const DAY = 86_400_000;

export interface QuotaPlan {
  id: string;
  territoryCode: string;
  quantity: number;
  allocated: number;
}

export interface BuildInput {
  spec: CallSpec;
  callId: string;
  programme: { id: string; reference: string; unit: string | null };
  rule: Rule;
  scope: Rule | null;
  scopeCodes: string[] | null;
  programmeLabels: ReadonlyMap<string, string>;
  /** The applicants, in the order they were drawn. */
  applicants: ActorFacts[];
  evaluators: readonly string[];
  newId: (table: string) => string;
  prng: Prng;
}

type Value = string | number | boolean | null;
export interface BuiltCall {
  budgetCentimes: number | null;
  capacity: number | null;
  allocatedCentimes: number;
  allocatedSeats: number;
  quotas: QuotaPlan[];
  /** Rows in the column order of generate.programmes.columns.ts. */
  applications: Value[][];
  assignments: Value[][];
  scores: Value[][];
  benefits: Value[][];
  deliveries: Value[][];
  visits: Value[][];
  selection: SelectionResult | null;
  statuses: Record<string, number>;
}

interface Draft {
  id: string;
  facts: ActorFacts;
  submittedAt: number;
  eligible: boolean;
  eligibility: string;
  answers: Record<string, unknown>;
  centimes: number | null;
  seats: number | null;
  quantity: number | null;
  total: number | null;
  scoredAt: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);
/** As the selection service counts quantities: in thousandths, whole numbers. */
const milli = (quantity: number | null) => Math.round((quantity ?? 0) * 1000);
/** As the selection service turns stored fractions into whole percents, rounded up. */
const percentOf = (minShare: number) => Math.min(100, Math.ceil(minShare * 100 - 1e-9));

const SUMMARIES = [
  'Achat de matériel pour augmenter la production',
  "Aménagement d'un atelier partagé",
  'Création d’une ligne de produits pour les salons',
  'Mise aux normes et formation des membres',
  'Vente en ligne et emballages',
];
const MOTIVATIONS = [
  'Améliorer la qualité de nos produits',
  'Former les jeunes membres de la coopérative',
  'Trouver de nouveaux clients',
  'Transmettre le savoir-faire',
];

function answersFor(spec: CallSpec, prng: Prng): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const field of spec.formFields) {
    if (!field.required && prng.chance(0.25)) continue;
    if (field.type === 'text')
      answers[field.code] = prng.pick(field.code === 'motivation' ? MOTIVATIONS : SUMMARIES);
    else if (field.type === 'integer')
      answers[field.code] = prng.int(field.min ?? 0, Math.min(field.max ?? 12, 12));
    else if (field.type === 'boolean') answers[field.code] = prng.chance(0.6);
    else if (field.type === 'choice') answers[field.code] = prng.pick(field.options ?? []);
  }
  return answers;
}

function quotaFor(facts: ActorFacts, quotas: readonly QuotaPlan[]): QuotaPlan | null {
  return (
    quotas.find((q) => q.territoryCode === facts.province_code) ??
    quotas.find((q) => q.territoryCode === facts.region_code) ??
    null
  );
}

export function buildCall(input: BuildInput): BuiltCall {
  const { spec, prng } = input;
  const opens = Date.parse(spec.opensAt);
  const until = Math.min(Date.parse(spec.closesAt), GENERATED_UNTIL);
  const drafts: Draft[] = input.applicants.map((facts) => {
    // Whole seconds, as a form submission would be stored and compared.
    const submittedAt = Math.floor((opens + prng.next() * (until - opens)) / 1000) * 1000;
    const result = evaluateEligibility(facts, input.rule, {
      asOf: new Date(submittedAt),
      programmeLabels: input.programmeLabels,
      scope: input.scope,
      ...(input.scopeCodes ? { scopeCodes: input.scopeCodes } : {}),
    });
    const { amount, seats, quantity } = spec.request;
    return {
      id: input.newId('application'),
      facts,
      submittedAt,
      eligible: result.eligible,
      eligibility: JSON.stringify(result),
      answers: answersFor(spec, prng),
      centimes: amount ? prng.int(amount[0] / 500, amount[1] / 500) * 50_000 : null,
      seats: seats ? prng.int(seats[0], seats[1]) : null,
      quantity: quantity ? prng.int(quantity[0] * 10, quantity[1] * 10) / 10 : null,
      total: null,
      scoredAt: null,
    };
  });
  const eligible = drafts.filter((d) => d.eligible);
  const sum = (list: Draft[], pick: (d: Draft) => number) => list.reduce((s, d) => s + pick(d), 0);
  // The call's limits, set for the demand it received; never below one request (a request above the
  // call's budget is refused at submission).
  const budgetCentimes =
    spec.budgetShare === null
      ? null
      : Math.max(
          Math.floor((sum(eligible, (d) => d.centimes ?? 0) * spec.budgetShare) / 100_000) * 100_000,
          ...drafts.map((d) => d.centimes ?? 0),
        );
  const capacity =
    spec.capacityShare === null
      ? null
      : Math.max(Math.ceil(sum(eligible, (d) => d.seats ?? 1) * spec.capacityShare), 3);
  const quotas: QuotaPlan[] = [];
  if (spec.quota)
    for (const region of [...new Set(eligible.map((d) => d.facts.region_code))].sort()) {
      const demand = sum(
        eligible.filter((d) => d.facts.region_code === region),
        (d) => d.quantity ?? 0,
      );
      quotas.push({
        id: input.newId('quota'),
        territoryCode: region,
        quantity: Math.max(Math.round(demand * spec.quota.share), 5),
        allocated: 0,
      });
    }

  const out: BuiltCall = {
    budgetCentimes,
    capacity,
    allocatedCentimes: 0,
    allocatedSeats: 0,
    quotas,
    applications: [],
    assignments: [],
    scores: [],
    benefits: [],
    deliveries: [],
    visits: [],
    selection: null,
    statuses: {},
  };
  const evaluationStart = spec.stage === 'open' ? null : Date.parse(spec.closesAt);
  for (const [index, draft] of eligible.entries()) evaluate(input, out, draft, index, evaluationStart);

  const decidedAt = spec.decidedAt ? Date.parse(spec.decidedAt) : null;
  const placed = new Map<string, { status: string; rank: number; position: number | null }>();
  if (decidedAt !== null) {
    out.selection = select(input, out, eligible, decidedAt);
    for (const p of out.selection.selected)
      placed.set(p.id, { status: 'selected', rank: p.rank, position: null });
    for (const [i, p] of out.selection.waitlisted.entries())
      placed.set(p.id, { status: 'waitlisted', rank: p.rank, position: i + 1 });
    for (const p of out.selection.rejected)
      placed.set(p.id, { status: 'rejected', rank: p.rank, position: null });
  }
  for (const d of drafts) {
    const decision = placed.get(d.id);
    const status =
      decision?.status ?? (!d.eligible ? 'ineligible' : d.total !== null ? 'scored' : 'eligible');
    out.statuses[status] = (out.statuses[status] ?? 0) + 1;
    const version = 1 + (d.total !== null ? 1 : 0) + (decision ? 1 : 0);
    const updated = decision && decidedAt !== null ? decidedAt : (d.scoredAt ?? d.submittedAt);
    const onBehalf = prng.chance(0.25);
    out.applications.push([
      d.id,
      input.callId,
      d.facts.id,
      null,
      onBehalf ? 'Agent territorial (données synthétiques)' : 'Demandeur (données synthétiques)',
      onBehalf,
      status,
      JSON.stringify(d.answers),
      d.eligible,
      d.eligibility,
      iso(d.submittedAt),
      d.centimes,
      d.seats,
      d.quantity,
      d.total,
      decision?.rank ?? null,
      decision?.position ?? null,
      iso(d.submittedAt),
      decision && decidedAt !== null ? iso(decidedAt) : null,
      version,
      iso(d.submittedAt),
      iso(updated),
    ]);
  }
  return out;
}

/**
 * Evaluators named in turn; about 2 % declare a conflict and another is named. Decided and closed
 * calls are fully scored; open calls partly (scored, half-scored, not yet assigned).
 */
function evaluate(input: BuildInput, out: BuiltCall, draft: Draft, index: number, start: number | null) {
  const { spec, prng, evaluators } = input;
  const r = prng.next();
  const full = start !== null || r < spec.scoredShare;
  const partial = !full && r < spec.scoredShare + 0.2;
  if (!full && !partial) return;
  let at = start ?? draft.submittedAt;
  at += prng.int(1, 5) * DAY;
  // Open calls: evaluated by the generation's end, never before the submission.
  if (start === null) at = Math.max(Math.min(at, GENERATED_UNTIL - DAY), draft.submittedAt + 3_600_000);
  const quality = (prng.next() + prng.next() + prng.next()) / 3;
  const totals: number[] = [];
  let named = 0;
  for (
    let k = 0;
    totals.length < (full ? spec.evaluatorsPerApplication : 1) && k < evaluators.length;
    k += 1
  ) {
    const evaluator = evaluators[(index + k) % evaluators.length] as string;
    named += 1;
    const declaredAt = at + prng.int(1, 48) * 3_600_000;
    if (prng.chance(0.02) && named <= evaluators.length - spec.evaluatorsPerApplication) {
      out.assignments.push([
        draft.id,
        evaluator,
        'Gestionnaire exemple (données synthétiques)',
        iso(at),
        true,
        'Lien de parenté avec un membre du demandeur',
        iso(declaredAt),
        null,
      ]);
      continue;
    }
    const scoredAt = declaredAt + prng.int(1, 72) * 3_600_000;
    const scores = new Map<string, number>();
    const grid = full ? spec.scoringGrid : spec.scoringGrid.slice(0, 1);
    for (const criterion of grid) {
      const noisy = Math.min(1, Math.max(0, quality + (prng.next() - 0.5) * 0.3));
      const score = Math.round(noisy * criterion.max * 2) / 2;
      scores.set(criterion.code, score);
      out.scores.push([draft.id, evaluator, criterion.code, score, null, iso(scoredAt)]);
    }
    const total = weightedTotal(spec.scoringGrid, scores);
    out.assignments.push([
      draft.id,
      evaluator,
      'Gestionnaire exemple (données synthétiques)',
      iso(at),
      false,
      null,
      iso(declaredAt),
      total,
    ]);
    if (total !== null) totals.push(total);
    draft.scoredAt = Math.max(draft.scoredAt ?? 0, scoredAt);
  }
  if (full && totals.length >= spec.evaluatorsPerApplication)
    draft.total = Math.round((totals.reduce((s, t) => s + t, 0) / totals.length) * 1000) / 1000;
}

/** The module's selection on the scored applications, then a benefit per selected applicant. */
function select(input: BuildInput, out: BuiltCall, eligible: Draft[], decidedAt: number): SelectionResult {
  const { spec, prng } = input;
  const byId = new Map(eligible.map((d) => [d.id, d]));
  const asOf = new Date(decidedAt);
  const candidates: Candidate[] = eligible
    .filter((d) => d.total !== null)
    .map((d) => ({
      id: d.id,
      score: d.total ?? 0,
      submittedAt: d.submittedAt,
      amount: d.centimes ?? 0,
      seats: d.seats ?? 1,
      quantity: milli(d.quantity),
      groups: spec.reservedShares.filter((s) => ruleHolds(d.facts, s.rule as Rule, asOf)).map((s) => s.code),
      pool: spec.quota ? (quotaFor(d.facts, out.quotas)?.id ?? null) : null,
    }));
  const constraints: SelectionConstraints = {
    budget: out.budgetCentimes,
    seats: out.capacity,
    quota: null,
    pools: spec.quota ? Object.fromEntries(out.quotas.map((q) => [q.id, milli(q.quantity)])) : null,
    maxSelected: null,
    reservedShares: spec.reservedShares.map((s) => ({ group: s.code, minPercent: percentOf(s.minShare) })),
  };
  const result = selectApplicants(candidates, constraints);
  const problems = verifySelection(candidates, constraints, result);
  if (problems.length > 0)
    throw new Error(`generated selection of ${spec.key} is unsound: ${problems.join('; ')}`);
  for (const placed of result.selected) {
    const d = byId.get(placed.id) as Draft;
    const quota = spec.quota ? quotaFor(d.facts, out.quotas) : null;
    const seats = d.seats ?? 1;
    out.allocatedCentimes += d.centimes ?? 0;
    out.allocatedSeats += seats;
    if (quota && d.quantity !== null)
      quota.allocated = Math.round((quota.allocated + d.quantity) * 1000) / 1000;
    const benefitId = input.newId('benefit');
    const delivered = deliveries(input, out, benefitId, d, decidedAt);
    out.benefits.push([
      benefitId,
      input.programme.id,
      input.callId,
      d.id,
      d.facts.id,
      d.centimes,
      seats,
      quota ? d.quantity : null,
      quota ? input.programme.unit : null,
      quota?.id ?? null,
      delivered ? 'delivered' : 'granted',
      iso(decidedAt),
      'Gestionnaire exemple (données synthétiques)',
      null,
      delivered ? 2 : 1,
      iso(decidedAt),
      iso(decidedAt),
    ]);
    if (prng.chance(0.15))
      out.visits.push([
        benefitId,
        day(Math.min(decidedAt + 90 * DAY, GENERATED_UNTIL)),
        null,
        'Conseiller de suivi (données synthétiques)',
        prng.pick(['Atelier en activité', 'Équipement installé et utilisé', 'Production en hausse']),
        iso(Math.min(decidedAt + 90 * DAY, GENERATED_UNTIL)),
      ]);
  }
  return result;
}

/** Disbursements, deliveries and attendance as recordDelivery would take them; true when complete. */
function deliveries(
  input: BuildInput,
  out: BuiltCall,
  benefitId: string,
  d: Draft,
  decidedAt: number,
): boolean {
  const { prng } = input;
  const on = (days: number) => Math.min(decidedAt + days * DAY, GENERATED_UNTIL);
  const row = (
    kind: string,
    at: number,
    amount: number | null,
    quantity: number | null,
    note: string | null,
  ) =>
    out.deliveries.push([
      benefitId,
      kind,
      day(at),
      amount,
      quantity,
      note,
      'Gestionnaire exemple (données synthétiques)',
      iso(at),
    ]);
  const r = prng.next();
  if (d.centimes) {
    if (r >= 0.85) return false;
    const first = Math.floor((d.centimes * 0.6) / 100) * 100;
    row('disbursement', on(30), first, null, 'Première tranche');
    if (r >= 0.6 || d.centimes - first <= 0) return d.centimes - first <= 0;
    row('disbursement', on(120), d.centimes - first, null, 'Solde');
    return true;
  }
  if (d.quantity) {
    if (r >= 0.8) return false;
    row('delivery', on(20), null, d.quantity, 'Retrait au dépôt forestier');
    return true;
  }
  row('attendance', on(15), null, null, 'Présence aux premières séances');
  if (r < 0.7) row('completion', on(60), null, null, 'Parcours achevé');
  return false;
}
