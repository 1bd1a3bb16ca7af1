// The analytics benchmarks on one engine, in a process of their own (so peak memory is the engine's):
// synthetic indicator facts (`nasij generate --facts`), the analytics question of issue 5 ("one
// indicator, by region, by quarter, two years, one disaggregation") through the API and from the
// aggregates vs the same answer computed from the raw facts, and the incremental refresh after a
// change to one period vs a full rebuild.
//   node --import tsx bench/analytics.ts --engine postgres|pglite --facts N [--seed S] [--smoke]
//     [--database nasij_bench_facts] [--queries N] [--raw-queries N] [--changes N]
// Prints progress on stderr and, last, one line `@@bench-rows [...]` for bench/run.ts.
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { type DatabaseHandle, openDatabase } from '../src/db/engine.js';
import { migrate } from '../src/db/migrator.js';
import { loadStarterNomenclature } from '../src/modules/actors/nomenclature.js';
import { insertFacts } from '../src/modules/analytics/analytics.fixtures.js';
import {
  type AnalyticsSpec,
  cellKey,
  queryAggregates,
  queryRawFacts,
} from '../src/modules/analytics/analytics.query.js';
import { rebuildAnalytics, refreshAnalytics } from '../src/modules/analytics/analytics.refresh.js';
import {
  deleteGeneratedFacts,
  ensureFactsSetup,
  findFactsRun,
  generateIndicatorFacts,
  indicatorCode,
} from '../src/modules/generate/generate.facts.js';
import { loadTerritoryReference } from '../src/modules/territory/territory.reference.js';
import { peakRssMiB, RESULT_MARK, Report } from './report.js';
import { percentile, round, timeSequential } from './stats.js';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const engine = arg('engine') === 'postgres' ? 'postgres' : 'pglite';
const smoke = args.includes('--smoke');
const facts = Number(arg('facts') ?? (smoke ? 1000 : engine === 'postgres' ? 10_000_000 : 1_000_000));
const seed = Number(arg('seed') ?? 1);
const queries = Number(arg('queries') ?? (smoke ? 10 : 100));
const rawQueries = Number(arg('raw-queries') ?? (smoke ? 5 : 20));
const changes = Number(arg('changes') ?? (smoke ? 2 : 5));
const size = `${facts.toLocaleString('en')} facts`;
const report = new Report();
const note = (line: string) => process.stderr.write(`[analytics ${engine}] ${line}\n`);
const flush = () => process.stdout.write(`${RESULT_MARK}${JSON.stringify(report.rows)}\n`);

/** PostgreSQL: its own database on the DATABASE_URL server (kept between runs; smoke: recreated). */
async function openBenchDatabase(): Promise<{ handle: DatabaseHandle; url: string | null }> {
  if (engine === 'pglite')
    return { handle: await openDatabase({ databaseUrl: null, dataDir: 'memory://' }), url: null };
  const server = process.env.DATABASE_URL;
  if (!server) throw new Error('--engine postgres needs DATABASE_URL');
  const name = smoke ? 'nasij_bench_facts_smoke' : (arg('database') ?? 'nasij_bench_facts');
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  if (smoke) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    handle: await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://' }),
    url: url.toString(),
  };
}

/** The full rebuild that ended the generation, when this run generated the facts (the baseline). */
let generatedRebuildMs: number | null = null;

async function generate(handle: DatabaseHandle, url: string | null): Promise<void> {
  const existing = await findFactsRun(handle, seed);
  if (existing && Number(existing.facts) === facts) {
    note(`reusing the ${facts} facts generated earlier with seed ${seed}`);
    await refreshAnalytics(handle.db);
    return;
  }
  if (existing) await deleteGeneratedFacts(handle, seed);
  note(`generating ${facts} facts (seed ${seed})...`);
  let last = 0;
  const summary = await generateIndicatorFacts(handle, url, {
    facts,
    seed,
    onProgress: (done, total) => {
      if (done - last >= 500_000 || done === total) {
        last = done;
        note(`  ${done} / ${total}`);
      }
    },
  });
  generatedRebuildMs = summary.rebuildSeconds * 1000;
  report.add({
    benchmark:
      'generate indicator facts (COPY, indexes in place, per-row foreign-key checks and triggers skipped, then ANALYZE)',
    engine,
    size,
    figure: round(summary.rowsPerSecond, 0),
    unit: 'rows/s',
    baseline: `${round(summary.seconds, 1)} s in all; the first full rebuild after it ${round(summary.rebuildSeconds, 1)} s, ${summary.aggregateRows} aggregate rows`,
    baselineFigure: null,
    goal: '-',
    met: null,
  });
}

/** The question for indicator `index`: by region, by quarter, 2025-2026, broken down by sex. */
function question(indicatorId: string): AnalyticsSpec {
  return {
    indicatorId,
    level: 'region',
    grain: 'quarter',
    fromStart: '2025-01-01',
    toStart: '2026-10-01',
    toEndExclusive: '2027-01-01',
    within: null,
    dim: 'sex',
    dimValues: null,
    commitmentKeys: null,
  };
}

async function queryLatency(handle: DatabaseHandle): Promise<void> {
  const setup = await ensureFactsSetup(handle, seed, facts);
  const bySex = setup.indicators.filter((i) => i.profile.dims.includes('sex'));
  const app = await buildApp({ db: handle.db, engine: handle.engine, config: loadConfig({}), webDir: null });
  await app.ready();
  try {
    const url = (i: number) =>
      `/api/analytics?indicator=${bySex[i % bySex.length]?.code}&level=region&grain=quarter&from=2025Q1&to=2026Q4&breakdown=sex`;
    // Warm up, and check the API answers and that the two computations agree.
    const first = await app.inject({ method: 'GET', url: url(0) });
    if (first.statusCode !== 200)
      throw new Error(`analytics API answered ${first.statusCode}: ${first.body}`);
    const rows = (first.json() as { rows: unknown[] }).rows.length;
    let mismatches = 0;
    for (const indicator of bySex.slice(0, 3)) {
      const a = await queryAggregates(handle.db, question(indicator.id));
      const b = new Map(
        (await queryRawFacts(handle.db, question(indicator.id))).map((r) => [
          cellKey(r.territory_code, r.period_start, r.dim_value),
          r,
        ]),
      );
      for (const row of a) {
        const raw = b.get(cellKey(row.territory_code, row.period_start, row.dim_value));
        if (
          !raw ||
          raw.n_facts !== row.n_facts ||
          raw.value_sum !== row.value_sum ||
          raw.num_sum !== row.num_sum
        )
          mismatches += 1;
      }
      if (a.length !== b.size) mismatches += Math.abs(a.length - b.size);
    }
    const api = await timeSequential(queries, (i) => app.inject({ method: 'GET', url: url(i) }));
    const aggregates = await timeSequential(queries, (i) =>
      queryAggregates(handle.db, question(bySex[i % bySex.length]?.id ?? '')),
    );
    const raw = await timeSequential(rawQueries, (i) =>
      queryRawFacts(handle.db, question(bySex[i % bySex.length]?.id ?? '')),
    );
    const rawP95 = round(percentile(raw, 95));
    report.add({
      benchmark:
        'analytics p95 through the API (GET /api/analytics: one indicator, by region, by quarter, 2 years, by sex; in-process inject)',
      engine,
      size,
      figure: round(percentile(api, 95)),
      unit: 'ms',
      baseline: 'same answer computed from the raw facts',
      baselineFigure: rawP95,
      goal: '<= 50 ms',
      met: percentile(api, 95) <= 50,
      details: {
        queries,
        rawQueries,
        rowsPerAnswer: rows,
        apiP50: round(percentile(api, 50)),
        aggregatesSqlP50: round(percentile(aggregates, 50)),
        aggregatesSqlP95: round(percentile(aggregates, 95)),
        rawP50: round(percentile(raw, 50)),
        cellsDifferingAggregatesVsRaw: mismatches,
      },
    });
    report.add({
      benchmark: 'analytics p95 of the aggregate query alone (SQL through Kysely)',
      engine,
      size,
      figure: round(percentile(aggregates, 95)),
      unit: 'ms',
      baseline: 'same answer computed from the raw facts',
      baselineFigure: rawP95,
      goal: '-',
      met: null,
    });
  } finally {
    await app.close();
  }
}

/**
 * A change to one period, as a validated report writes it: one indicator, one commitment, one
 * province, one month, every cell; then the incremental refresh. Baseline: a full rebuild.
 */
async function refreshTimes(handle: DatabaseHandle): Promise<void> {
  const setup = await ensureFactsSetup(handle, seed, facts);
  const indicator = setup.indicators[0];
  const commitmentId = setup.commitmentIds[0];
  if (!indicator || !commitmentId) throw new Error('no generated indicator');
  const timings: number[] = [];
  let keys = 0;
  let rows = 0;
  for (let i = 0; i < changes; i += 1) {
    const territory = setup.provinces[(i * 17) % setup.provinces.length] ?? '01.511';
    const start = `2025-${String((i % 12) + 1).padStart(2, '0')}-01`;
    await sql`DELETE FROM indicator_facts WHERE indicator_id = ${indicator.id} AND commitment_id = ${commitmentId}
      AND territory_code = ${territory} AND period_start = ${start}`.execute(handle.db);
    await insertFacts(
      handle.db,
      indicator.cells.map((cell) => ({
        indicatorId: indicator.id,
        commitmentId,
        territory,
        grain: 'month' as const,
        start,
        sex: cell[0],
        ageBand: cell[1],
        disability: cell[2],
        area: cell[3],
        coastal: cell[4],
        value: 7 + i,
      })),
    );
    const result = await refreshAnalytics(handle.db);
    if (result.mode !== 'incremental') throw new Error(`expected an incremental refresh, got ${result.mode}`);
    timings.push(result.milliseconds);
    keys = result.keys;
    rows = result.rows;
  }
  // The full rebuild that ended the generation in this run is the baseline (at 10 million facts it
  // takes minutes); with facts reused from an earlier run, one is measured now.
  let full = { milliseconds: generatedRebuildMs ?? 0, rows: 0 };
  if (generatedRebuildMs === null || args.includes('--rebuild-again')) {
    note('full rebuild...');
    full = await rebuildAnalytics(handle.db);
  } else {
    const counted = await sql<{ n: number }>`SELECT count(*)::int AS n FROM analytics_aggregates`.execute(
      handle.db,
    );
    full.rows = counted.rows[0]?.n ?? 0;
  }
  const incremental = percentile(timings, 50);
  report.add({
    benchmark: `incremental refresh after a change to one period (${indicator.cells.length} facts of one indicator, province and month; median of ${changes})`,
    engine,
    size,
    figure: round(incremental, 1),
    unit: 'ms',
    baseline: `full rebuild of the aggregates${generatedRebuildMs !== null && !args.includes('--rebuild-again') ? ' (the one that ended the generation, same run)' : ''}`,
    baselineFigure: round(full.milliseconds, 1),
    goal: '<= 10% of a full rebuild',
    met: incremental <= 0.1 * full.milliseconds,
    details: {
      incrementalRuns: timings.map((t) => round(t, 1)),
      keysRecomputed: keys,
      rowsWrittenIncremental: rows,
      rowsWrittenFull: full.rows,
      indicator: indicatorCode(seed, 0),
    },
  });
}

const { handle, url } = await (async () => {
  const opened = await openBenchDatabase();
  await migrate(opened.handle);
  await loadTerritoryReference(opened.handle.db);
  await loadStarterNomenclature(opened.handle.db);
  return opened;
})();
try {
  await generate(handle, url);
  flush();
  await queryLatency(handle);
  flush();
  await refreshTimes(handle);
  flush();
  report.add({
    benchmark: 'peak memory of the analytics benchmark process (maxRSS)',
    engine,
    size,
    figure: peakRssMiB(),
    unit: 'MiB',
    baseline: '-',
    baselineFigure: null,
    goal: '-',
    met: null,
  });
} finally {
  await handle.close();
}
flush();
