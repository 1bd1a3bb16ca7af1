import { sql } from 'kysely';
import type { Disaggregation, IndicatorAggregation, IndicatorUnit } from '../../db/database.js';
import type { DatabaseHandle } from '../../db/engine.js';
import { rebuildAnalytics } from '../analytics/analytics.refresh.js';
import { copyLine } from './generate.columns.js';
import { openCopyTarget } from './generate.service.js';
import { createPrng, hash32 } from './prng.js';

/**
 * Synthetic indicator facts at national scale (`nasij generate --facts N`), for the analytics
 * benchmark: 30 reported indicators of a fictional partner ("exemple"), each measured under the same
 * few commitments, with values for the 75 provinces and prefectures, every month of 2024-2026, and
 * every cell of the indicator's disaggregations. The full grid is a little larger than N; an even
 * stride keeps exactly N of its points, so any N spreads over all indicators, provinces and months.
 * Deterministic: the same seed and N give the same rows. Streamed with COPY, then one full
 * analytics rebuild. Synthetic bulk data: marked is_demo, no audit trail entries.
 */

interface Profile {
  unit: IndicatorUnit;
  aggregation: IndicatorAggregation;
  temporal: 'flow' | 'stock';
  dims: Disaggregation[];
}

const ALL: Disaggregation[] = ['sex', 'age_band', 'disability', 'area', 'coastal'];
const PROFILES: Profile[] = [
  { unit: 'persons', aggregation: 'sum', temporal: 'flow', dims: ALL },
  { unit: 'persons', aggregation: 'sum', temporal: 'flow', dims: ['sex', 'age_band', 'area'] },
  { unit: 'number', aggregation: 'count', temporal: 'flow', dims: ['sex'] },
  { unit: 'mad', aggregation: 'sum', temporal: 'flow', dims: [] },
  { unit: 'percent', aggregation: 'ratio', temporal: 'flow', dims: ['sex', 'area'] },
  { unit: 'number', aggregation: 'average', temporal: 'flow', dims: ['area'] },
  { unit: 'persons', aggregation: 'sum', temporal: 'stock', dims: ['sex', 'age_band'] },
  { unit: 'persons', aggregation: 'sum', temporal: 'flow', dims: ['sex', 'age_band', 'disability', 'area'] },
  { unit: 'persons', aggregation: 'sum', temporal: 'flow', dims: ALL },
  { unit: 'hours', aggregation: 'sum', temporal: 'flow', dims: ALL },
];
const VALUES: Record<Disaggregation, string[]> = {
  sex: ['female', 'male'],
  age_band: ['youth', 'adult', 'elderly'],
  disability: ['yes', 'no'],
  area: ['urban', 'rural'],
  coastal: ['yes', 'no'],
};
const AXES = ['WOMEN', 'TRAINING', 'MARKETS_EXPORT', 'COASTAL', 'FINANCE_RESEARCH', 'TERRITORIAL', 'QUALITY'];
export const FACT_INDICATORS = 30;
const MONTHS = Array.from({ length: 36 }, (_, i) => {
  const year = 2024 + Math.floor(i / 12);
  return `${year}-${String((i % 12) + 1).padStart(2, '0')}-01`;
});
export const FACTS_RUNS_TABLE = 'bench_generated_facts';

/** Every combination of the dimensions' values, as full cells of the five columns. */
function cellsOf(dims: Disaggregation[]): string[][] {
  let cells: Array<Record<Disaggregation, string>> = [
    { sex: 'all', age_band: 'all', disability: 'all', area: 'all', coastal: 'all' },
  ];
  for (const dim of dims)
    cells = cells.flatMap((cell) => VALUES[dim].map((value) => ({ ...cell, [dim]: value })));
  return cells.map((cell) => ALL.map((dim) => cell[dim]));
}

export const indicatorCode = (seed: number, index: number) =>
  `GEN_S${seed}_I${String(index + 1).padStart(2, '0')}`;

export interface GeneratedFactsSetup {
  indicators: Array<{ id: string; code: string; profile: Profile; cells: string[][] }>;
  commitmentIds: string[];
  provinces: string[];
  /** Grid points (indicator × commitment × province × month × cell) before the stride. */
  grid: number;
}

/** The fictional partner, convention, commitments and indicators the facts belong to (idempotent). */
export async function ensureFactsSetup(
  handle: DatabaseHandle,
  seed: number,
  facts: number,
): Promise<GeneratedFactsSetup> {
  const db = handle.db;
  const provinces = (
    await db
      .selectFrom('territories')
      .select('code')
      .where('level', '=', 'province')
      .orderBy('code')
      .execute()
  ).map((row) => row.code);
  const profiles = Array.from(
    { length: FACT_INDICATORS },
    (_, i) => PROFILES[i % PROFILES.length] as Profile,
  );
  const perCommitment =
    profiles.reduce((sum, p) => sum + cellsOf(p.dims).length, 0) * provinces.length * MONTHS.length;
  const commitments = Math.max(1, Math.ceil(facts / perCommitment));
  return db.transaction().execute(async (trx) => {
    const name = `Partenaire synthétique ${seed} (exemple)`;
    let organisation = await trx
      .selectFrom('organisations')
      .select('id')
      .where('name_fr', '=', name)
      .executeTakeFirst();
    if (!organisation)
      organisation = await trx
        .insertInto('organisations')
        .values({ kind: 'partner', partner_type: 'other', name_fr: name, is_demo: true })
        .returning('id')
        .executeTakeFirstOrThrow();
    const reference = `GEN-FACTS-${seed}`;
    let convention = await trx
      .selectFrom('conventions')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirst();
    if (!convention) {
      convention = await trx
        .insertInto('conventions')
        .values({
          reference,
          title_fr: `Convention synthétique ${seed} (exemple, banc d'essai)`,
          status: 'in_force',
          signed_on: '2024-01-15',
          published: true,
          is_demo: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('convention_parties')
        .values({ convention_id: convention.id, organisation_id: organisation.id, role: 'party' })
        .execute();
    }
    const commitmentIds: string[] = [];
    for (let c = 0; c < commitments; c += 1) {
      const ref = `E${c + 1}`;
      let row = await trx
        .selectFrom('commitments')
        .select('id')
        .where('convention_id', '=', convention.id)
        .where('reference', '=', ref)
        .executeTakeFirst();
      if (!row)
        row = await trx
          .insertInto('commitments')
          .values({
            convention_id: convention.id,
            organisation_id: organisation.id,
            reference: ref,
            title_fr: `Engagement synthétique ${c + 1}`,
            axis_code: AXES[c % AXES.length] ?? 'TERRITORIAL',
            is_demo: true,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
      commitmentIds.push(row.id);
    }
    const indicators: GeneratedFactsSetup['indicators'] = [];
    for (const [index, profile] of profiles.entries()) {
      const code = indicatorCode(seed, index);
      let row = await trx.selectFrom('indicators').select('id').where('code', '=', code).executeTakeFirst();
      if (!row)
        row = await trx
          .insertInto('indicators')
          .values({
            code,
            name_fr: `Indicateur synthétique ${index + 1} (exemple)`,
            name_ar: `مؤشر تجريبي ${index + 1}`,
            name_en: `Synthetic indicator ${index + 1} (example)`,
            unit: profile.unit,
            aggregation: profile.aggregation,
            temporal: profile.temporal,
            disaggregations: sql<Disaggregation[]>`${`{${profile.dims.join(',')}}`}::text[]`,
            source: 'reported',
            is_demo: true,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
      for (const commitmentId of commitmentIds)
        await sql`INSERT INTO commitment_indicators (commitment_id, indicator_id) VALUES (${commitmentId}, ${row.id})
          ON CONFLICT DO NOTHING`.execute(trx);
      indicators.push({ id: row.id, code, profile, cells: cellsOf(profile.dims) });
    }
    const grid = perCommitment * commitments;
    return { indicators, commitmentIds, provinces, grid };
  });
}

export interface GeneratedFact {
  indicatorId: string;
  commitmentId: string;
  territory: string;
  start: string;
  cell: string[];
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** The facts, in grid order, exactly `facts` of them (an even stride over the grid). */
export function* generateFacts(
  setup: GeneratedFactsSetup,
  seed: number,
  facts: number,
): Generator<GeneratedFact> {
  const prng = createPrng(hash32(`facts:${seed}`));
  const take = Math.min(facts, setup.grid);
  let k = 0;
  for (const indicator of setup.indicators) {
    const ratio = indicator.profile.aggregation === 'ratio';
    for (const commitmentId of setup.commitmentIds) {
      for (const [p, territory] of setup.provinces.entries()) {
        // A province's level: some are busier than others, steadily over the months.
        const scale = 5 + ((p * 37 + hash32(indicator.code)) % 60);
        for (const [m, start] of MONTHS.entries()) {
          for (const cell of indicator.cells) {
            const keep = Math.floor(((k + 1) * take) / setup.grid) > Math.floor((k * take) / setup.grid);
            k += 1;
            if (!keep) continue;
            const r = prng.next();
            if (ratio) {
              const denominator = r < 0.03 ? 0 : 1 + Math.floor(r * scale * 2);
              yield {
                indicatorId: indicator.id,
                commitmentId,
                territory,
                start,
                cell,
                value: null,
                numerator: Math.floor(prng.next() * (denominator + 1)),
                denominator,
              };
            } else {
              const trend = indicator.profile.temporal === 'stock' ? 1 + m / 12 : 1;
              yield {
                indicatorId: indicator.id,
                commitmentId,
                territory,
                start,
                cell,
                value: Math.round(scale * trend * (0.5 + r)),
                numerator: null,
                denominator: null,
              };
            }
          }
        }
      }
    }
  }
}

export const FACT_COLUMNS = [
  'indicator_id',
  'commitment_id',
  'territory_code',
  'period_grain',
  'period_start',
  'sex',
  'age_band',
  'disability',
  'area',
  'coastal',
  'value',
  'numerator',
  'denominator',
  'is_demo',
] as const;

export function factCopyLine(fact: GeneratedFact): string {
  return copyLine([
    fact.indicatorId,
    fact.commitmentId,
    fact.territory,
    'month',
    fact.start,
    ...fact.cell,
    fact.value === null ? null : String(fact.value),
    fact.numerator === null ? null : String(fact.numerator),
    fact.denominator === null ? null : String(fact.denominator),
    't',
  ]);
}

export interface FactsSummary {
  facts: number;
  seconds: number;
  rowsPerSecond: number;
  rebuildSeconds: number;
  aggregateRows: number;
}

async function ensureRunsTable(handle: DatabaseHandle): Promise<void> {
  await handle.execScript(`CREATE TABLE IF NOT EXISTS ${FACTS_RUNS_TABLE} (
    seed bigint PRIMARY KEY, facts bigint NOT NULL, seconds real NOT NULL, generated_at timestamptz NOT NULL DEFAULT now())`);
}

/** The facts run recorded for this seed, if any. */
export async function findFactsRun(handle: DatabaseHandle, seed: number): Promise<{ facts: number } | null> {
  await ensureRunsTable(handle);
  const result = await sql<{
    facts: number;
  }>`SELECT facts FROM bench_generated_facts WHERE seed = ${seed}`.execute(handle.db);
  return result.rows[0] ?? null;
}

/** Removes the facts a run with this seed wrote (its indicators' facts). */
export async function deleteGeneratedFacts(handle: DatabaseHandle, seed: number): Promise<void> {
  await ensureRunsTable(handle);
  await handle.db.transaction().execute(async (trx) => {
    await sql`DELETE FROM indicator_facts WHERE indicator_id IN (SELECT id FROM indicators WHERE code LIKE ${`GEN\\_S${seed}\\_I%`})`.execute(
      trx,
    );
    await sql`DELETE FROM bench_generated_facts WHERE seed = ${seed}`.execute(trx);
  });
}

export async function generateIndicatorFacts(
  handle: DatabaseHandle,
  databaseUrl: string | null,
  options: {
    facts: number;
    seed: number;
    replace?: boolean;
    chunkSize?: number;
    rebuild?: boolean;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<FactsSummary> {
  await ensureRunsTable(handle);
  if (options.replace) await deleteGeneratedFacts(handle, options.seed);
  else if (await findFactsRun(handle, options.seed))
    throw new Error(
      `facts with seed ${options.seed} were already generated here: use --replace, or another --seed`,
    );
  const setup = await ensureFactsSetup(handle, options.seed, options.facts);
  const chunkSize = options.chunkSize ?? (handle.engine === 'pglite' ? 20_000 : 100_000);
  const started = performance.now();
  const target = await openCopyTarget(handle, databaseUrl);
  let done = 0;
  // The rows are built from ids this run just read, so the per-row foreign-key checks and the
  // analytics change triggers are skipped for the load where the session may (a superuser, as in
  // the benchmarks): the full rebuild that follows replaces what the triggers would have noted, and
  // a rebuild is marked as due first in case the run stops half-way.
  await target.query('UPDATE analytics_state SET needs_full = true');
  const fast = await target
    .query('SET session_replication_role = replica')
    .then(() => true)
    .catch(() => false);
  try {
    let lines: string[] = [];
    const flush = async () => {
      if (lines.length === 0) return;
      await target.query('BEGIN');
      await target.copy('indicator_facts', FACT_COLUMNS, lines.join(''));
      await target.query('COMMIT');
      done += lines.length;
      lines = [];
      options.onProgress?.(done, options.facts);
    };
    for (const fact of generateFacts(setup, options.seed, options.facts)) {
      lines.push(factCopyLine(fact));
      if (lines.length >= chunkSize) await flush();
    }
    await flush();
    const seconds = (performance.now() - started) / 1000;
    await target.query(
      `INSERT INTO ${FACTS_RUNS_TABLE} (seed, facts, seconds) VALUES (${Math.trunc(options.seed)}, ${done}, ${seconds})`,
    );
    if (fast) await target.query('SET session_replication_role = DEFAULT');
    await target.query('ANALYZE indicator_facts');
    await target.close();
    let rebuildSeconds = 0;
    let aggregateRows = 0;
    if (options.rebuild !== false) {
      const rebuilt = await rebuildAnalytics(handle.db);
      rebuildSeconds = rebuilt.milliseconds / 1000;
      aggregateRows = rebuilt.rows;
      await sql`ANALYZE analytics_aggregates`.execute(handle.db);
    }
    return { facts: done, seconds, rowsPerSecond: done / seconds, rebuildSeconds, aggregateRows };
  } catch (error) {
    await target.query('ROLLBACK').catch(() => {});
    if (fast) await target.query('SET session_replication_role = DEFAULT').catch(() => {});
    await target.close().catch(() => {});
    throw error;
  }
}
