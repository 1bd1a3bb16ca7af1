import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DatabaseHandle } from '../../db/engine.js';
import type { ActorFacts } from '../programmes/eligibility.evaluate.js';
import { programmesNamed, type Rule, scopeRule } from '../programmes/eligibility.rules.js';
import { eligibleCondition, loadActorFacts } from '../programmes/eligibility.sql.js';
import { copyLine } from './generate.columns.js';
import { type BuiltCall, buildCall, GENERATED_UNTIL } from './generate.programmes.build.js';
import {
  applicationsPerCall,
  BENCHMARK_CALL,
  CALLS,
  type CallSpec,
  PROGRAMMES,
  programmeReference,
} from './generate.programmes.catalogue.js';
import { PROGRAMME_COPY_COLUMNS, type ProgrammeCopyTable } from './generate.programmes.columns.js';
import { openCopyTarget } from './generate.service.js';
import { createPrng, hash32 } from './prng.js';

/**
 * `nasij generate --programmes [N]`: the six programmes of the catalogue, their calls and N
 * applications from the generated actors (`is_demo`), with eligibility, evaluations, selections and
 * benefits (generate.programmes.build.ts). Applicants are drawn from the registry in a seeded order
 * (md5 of the id and the seed), most among the actors the call's rules admit (the module's own SQL
 * condition), the rest among those it refuses; their facts are read with the module's loader. Calls
 * are built in date order, so the 2026 financing call sees the 2025 grants in its "not received"
 * rule. Programmes and calls are inserted as rows, the rest streamed with COPY (chunks of one
 * transaction each). Synthetic bulk data: no audit trail entries.
 */
export interface ProgrammesOptions {
  applications: number;
  seed: number;
  replace?: boolean;
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ProgrammesSummary {
  programmes: number;
  calls: number;
  applications: number;
  statuses: Record<string, number>;
  benefits: number;
  seconds: number;
  rowsPerSecond: number;
  /** The closed call with every eligible application scored, waiting for its selection. */
  benchmarkCall: { id: string; reference: string; scored: number };
}

export const PROGRAMMES_RUNS_TABLE = 'bench_generated_programmes';
const EVALUATORS = 6;

/** The partner's name: the same as the facts generator's, so both belong to one fictional partner. */
export const examplePartnerName = (seed: number) => `Partenaire synthétique ${seed} (exemple)`;

async function ensureRunsTable(handle: DatabaseHandle): Promise<void> {
  await handle.execScript(`CREATE TABLE IF NOT EXISTS ${PROGRAMMES_RUNS_TABLE} (
    seed bigint PRIMARY KEY, applications integer NOT NULL, seconds real NOT NULL,
    generated_at timestamptz NOT NULL DEFAULT now())`);
}

/** Removes what a programmes run with this seed wrote (its programmes and everything under them). */
export async function deleteGeneratedProgrammes(handle: DatabaseHandle, seed: number): Promise<void> {
  await ensureRunsTable(handle);
  const pattern = `${programmeReference(seed, '')}%`;
  await handle.db.transaction().execute(async (trx) => {
    const ours = sql`(SELECT id FROM programmes WHERE reference LIKE ${pattern})`;
    await sql`DELETE FROM benefits WHERE programme_id IN ${ours}`.execute(trx);
    await sql`DELETE FROM applications WHERE call_id IN (SELECT id FROM calls WHERE programme_id IN ${ours})`.execute(
      trx,
    );
    await sql`DELETE FROM calls WHERE programme_id IN ${ours}`.execute(trx);
    await sql`DELETE FROM programmes WHERE reference LIKE ${pattern}`.execute(trx);
    await sql`DELETE FROM bench_generated_programmes WHERE seed = ${seed}`.execute(trx);
  });
}

/** The run recorded for this seed, if any. */
export async function findProgrammesRun(
  handle: DatabaseHandle,
  seed: number,
): Promise<{ applications: number } | null> {
  await ensureRunsTable(handle);
  const result = await sql<{
    applications: number;
  }>`SELECT applications FROM bench_generated_programmes WHERE seed = ${seed}`.execute(handle.db);
  return result.rows[0] ?? null;
}

/** Deterministic ids: a prefix per seed, a code per table, a serial. */
function idMaker(seed: number): (table: string) => string {
  const prefix = hash32(`nasij-programmes-${seed}`).toString(16).padStart(8, '0');
  const serials = new Map<string, number>();
  return (table) => {
    const n = (serials.get(table) ?? 0) + 1;
    serials.set(table, n);
    const code = (hash32(table) & 0xffff).toString(16).padStart(4, '0');
    return `${prefix}-${code}-4000-8000-${n.toString(16).padStart(12, '0')}`;
  };
}

/** The partner, its evaluators and the six programmes (inserted; a run's seed is new or replaced). */
async function setup(db: Kysely<Database>, seed: number, newId: (table: string) => string) {
  return db.transaction().execute(async (trx) => {
    const name = examplePartnerName(seed);
    const organisation =
      (await trx.selectFrom('organisations').select('id').where('name_fr', '=', name).executeTakeFirst()) ??
      (await trx
        .insertInto('organisations')
        .values({ kind: 'partner', partner_type: 'other', name_fr: name, is_demo: true })
        .returning('id')
        .executeTakeFirstOrThrow());
    const evaluators: string[] = [];
    for (let k = 1; k <= EVALUATORS; k += 1) {
      const email = `evaluateur${k}.s${seed}@exemple.invalid`;
      const user =
        (await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) ??
        (await trx
          .insertInto('users')
          .values({
            email,
            display_name: `Évaluateur ${k} (exemple)`,
            // Not a hash of any password: nobody signs in as a generated evaluator.
            password_hash: '!generated-no-login',
            role: 'partner',
            organisation_id: organisation.id,
            is_demo: true,
          })
          .returning('id')
          .executeTakeFirstOrThrow());
      evaluators.push(user.id);
    }
    const programmes = new Map<string, { id: string; reference: string; unit: string | null }>();
    for (const spec of PROGRAMMES) {
      const id = newId('programme');
      const reference = programmeReference(seed, spec.key);
      await trx
        .insertInto('programmes')
        .values({
          id,
          reference,
          organisation_id: organisation.id,
          kind: spec.kind,
          subkind: spec.subkind,
          title_fr: spec.titleFr,
          title_ar: spec.titleAr,
          title_en: spec.titleEn,
          scope: spec.territories ? 'territories' : 'national',
          material_source: spec.material?.source ?? null,
          material: spec.material?.name ?? null,
          unit: spec.material?.unit ?? null,
          starts_on: spec.startsOn,
          ends_on: spec.endsOn,
          status: 'active',
          is_demo: true,
        })
        .execute();
      if (spec.territories)
        await trx
          .insertInto('programme_territories')
          .values(spec.territories.map((code) => ({ programme_id: id, territory_code: code })))
          .execute();
      programmes.set(spec.key, { id, reference, unit: spec.material?.unit ?? null });
    }
    return { organisationId: organisation.id, evaluators, programmes };
  });
}

/**
 * The call's applicants: `eligible` drawn among the generated actors its rules admit, the rest among
 * those it refuses (fewer admitted than asked: more of the refused), in a seeded order.
 */
async function drawApplicants(
  db: Kysely<Database>,
  rule: Rule,
  scope: Rule | null,
  asOf: Date,
  count: number,
  eligible: number,
  salt: string,
): Promise<ActorFacts[]> {
  const condition = eligibleCondition(rule, asOf, scope);
  const draw = (admitted: boolean, limit: number) =>
    limit <= 0
      ? Promise.resolve([] as string[])
      : sql<{ id: string }>`SELECT a.id FROM actors a
          WHERE a.is_demo AND ${admitted ? condition : sql`NOT ${condition}`}
          ORDER BY md5(a.id::text || ${salt}) LIMIT ${limit}`
          .execute(db)
          .then((result) => result.rows.map((row) => row.id));
  const admitted = await draw(true, eligible);
  const ids = [...admitted, ...(await draw(false, count - admitted.length))];
  const facts = new Map<string, ActorFacts>();
  for (let at = 0; at < ids.length; at += 5000)
    for (const row of await loadActorFacts(db, ids.slice(at, at + 5000), rule)) facts.set(row.id, row);
  return ids.map((id) => facts.get(id) as ActorFacts);
}

async function insertCall(
  db: Kysely<Database>,
  spec: CallSpec,
  callId: string,
  programme: { id: string; unit: string | null },
  rule: Rule,
  built: BuiltCall,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('calls')
      .values({
        id: callId,
        programme_id: programme.id,
        reference: spec.key,
        title_fr: spec.titleFr,
        opens_at: spec.opensAt,
        closes_at: spec.closesAt,
        eligibility_rules: JSON.stringify(rule),
        form_fields: JSON.stringify(spec.formFields),
        scoring_grid: JSON.stringify(spec.scoringGrid),
        reserved_shares: JSON.stringify(spec.reservedShares),
        budget_centimes: built.budgetCentimes,
        capacity: built.capacity,
        allocated_centimes: built.allocatedCentimes,
        allocated_seats: built.allocatedSeats,
        quota_period: spec.quota?.period ?? null,
        evaluators_per_application: spec.evaluatorsPerApplication,
        status: spec.stage === 'decided' ? 'decided' : spec.stage === 'closed' ? 'closed' : 'published',
        is_demo: true,
        version: spec.stage === 'decided' ? 2 : 1,
        created_at: new Date(Date.parse(spec.opensAt) - 14 * 86_400_000),
        updated_at: spec.decidedAt ?? spec.opensAt,
      })
      .execute();
    if (built.quotas.length > 0 && programme.unit)
      await trx
        .insertInto('programme_quotas')
        .values(
          built.quotas.map((q) => ({
            id: q.id,
            programme_id: programme.id,
            unit: programme.unit as 'm3',
            period: spec.quota?.period ?? '',
            territory_code: q.territoryCode,
            quantity: q.quantity,
            allocated: q.allocated,
          })),
        )
        .execute();
  });
}

const TABLE_ROWS: Array<[ProgrammeCopyTable, keyof BuiltCall]> = [
  ['applications', 'applications'],
  ['evaluator_assignments', 'assignments'],
  ['application_scores', 'scores'],
  ['benefits', 'benefits'],
  ['benefit_deliveries', 'deliveries'],
  ['follow_up_visits', 'visits'],
];

export async function generateProgrammes(
  handle: DatabaseHandle,
  databaseUrl: string | null,
  options: ProgrammesOptions,
): Promise<ProgrammesSummary> {
  await ensureRunsTable(handle);
  if (options.replace) await deleteGeneratedProgrammes(handle, options.seed);
  else if (await findProgrammesRun(handle, options.seed))
    throw new Error(
      `programmes with seed ${options.seed} were already generated here: use --replace, or another --seed`,
    );
  const started = performance.now();
  const { db } = handle;
  const actors = await sql<{ n: number }>`SELECT count(*)::int AS n FROM actors WHERE is_demo`.execute(db);
  if (options.applications > 0 && Number(actors.rows[0]?.n ?? 0) === 0)
    throw new Error('the applicants are drawn from generated actors: generate some first (--actors N)');
  const newId = idMaker(options.seed);
  const { evaluators, programmes } = await setup(db, options.seed, newId);
  const perCall = applicationsPerCall(options.applications);
  const chunkSize = options.chunkSize ?? 5000;
  const statuses: Record<string, number> = {};
  const budgets = new Map<string, { budget: number; capacity: number }>();
  let done = 0;
  let benefits = 0;
  let benchmark = { id: '', reference: BENCHMARK_CALL, scored: 0 };
  for (const spec of CALLS) {
    const programme = programmes.get(spec.programme);
    const programmeSpec = PROGRAMMES.find((p) => p.key === spec.programme);
    if (!programme || !programmeSpec) throw new Error(`call ${spec.key} of an unknown programme`);
    const rule = spec.rules({ programme: (key) => programmes.get(key)?.id ?? '' });
    const scope = scopeRule(programmeSpec.territories);
    const count = perCall.get(spec.key) ?? 0;
    const asOf = new Date(Math.min(Date.parse(spec.closesAt), GENERATED_UNTIL));
    const salt = `${options.seed}:${spec.key}`;
    const applicants = await drawApplicants(
      db,
      rule,
      scope,
      asOf,
      count,
      Math.round(count * spec.eligibleShare),
      salt,
    );
    const labels = new Map(
      [...programmes.values()]
        .filter((p) => programmesNamed(rule).includes(p.id))
        .map((p) => [p.id, p.reference] as const),
    );
    const callId = newId('call');
    const built = buildCall({
      spec,
      callId,
      programme,
      rule,
      scope,
      scopeCodes: programmeSpec.territories,
      programmeLabels: labels,
      applicants,
      evaluators,
      newId,
      prng: createPrng(hash32(`programmes:${salt}`)),
    });
    await insertCall(db, spec, callId, programme, rule, built);
    const target = await openCopyTarget(handle, databaseUrl);
    try {
      for (const [table, key] of TABLE_ROWS) {
        const rows = built[key] as unknown[][];
        for (let at = 0; at < rows.length; at += chunkSize) {
          const text = rows
            .slice(at, at + chunkSize)
            .map((row) => copyLine(row as Parameters<typeof copyLine>[0]))
            .join('');
          await target.query('BEGIN');
          await target.copy(table, PROGRAMME_COPY_COLUMNS[table], text);
          await target.query('COMMIT');
        }
      }
    } catch (error) {
      await target.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      await target.close();
    }
    for (const [status, n] of Object.entries(built.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
    const total = budgets.get(spec.programme) ?? { budget: 0, capacity: 0 };
    total.budget += built.budgetCentimes ?? 0;
    total.capacity = Math.max(total.capacity, built.capacity ?? 0);
    budgets.set(spec.programme, total);
    benefits += built.benefits.length;
    done += built.applications.length;
    if (spec.key === BENCHMARK_CALL)
      benchmark = { id: callId, reference: spec.key, scored: built.statuses.scored ?? 0 };
    options.onProgress?.(done, options.applications);
  }
  // The programmes' budgets and capacities hold their calls' (the module refuses calls above them).
  for (const spec of PROGRAMMES) {
    const total = budgets.get(spec.key);
    const programme = programmes.get(spec.key);
    if (!total || !programme) continue;
    await db
      .updateTable('programmes')
      .set({
        budget_centimes: total.budget > 0 ? Math.ceil((total.budget * 1.25) / 1e7) * 1e7 : null,
        capacity: total.capacity > 0 ? total.capacity * 2 : null,
      })
      .where('id', '=', programme.id)
      .execute();
  }
  const seconds = (performance.now() - started) / 1000;
  await sql`INSERT INTO bench_generated_programmes (seed, applications, seconds)
    VALUES (${options.seed}, ${done}, ${seconds})`.execute(db);
  await handle.execScript(
    'ANALYZE applications; ANALYZE evaluator_assignments; ANALYZE application_scores; ANALYZE benefits',
  );
  return {
    programmes: PROGRAMMES.length,
    calls: CALLS.length,
    applications: done,
    statuses,
    benefits,
    seconds,
    rowsPerSecond: done / seconds,
    benchmarkCall: benchmark,
  };
}
