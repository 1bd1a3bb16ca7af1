// Eligibility of one call against the whole registry (issue 6: 100,000 actors in <= 2 s), on one
// engine, in a process of its own. The registry is generated like `nasij generate` does
// (generateRegistry); ~5 % of the actors get a benefit of the programme the rules name. The call has
// six rules (kind, region, share of women, members, founding date, not received in 3 years). Figure:
// the preview the API runs (rules compiled to one parameterised SQL condition: count + a sample of
// 20 by name), median of several runs. Baseline in the same run: the same rules evaluated in
// TypeScript over the rows loaded from the database (the load timed apart). Both must agree.
//   node --import tsx bench/eligibility.ts --engine postgres|pglite --actors N [--seed S] [--smoke]
// Prints progress on stderr and, last, one line `@@bench-rows [...]` for bench/run.ts.
import { sql } from 'kysely';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../src/db/engine.js';
import { migrate } from '../src/db/migrator.js';
import { loadStarterNomenclature } from '../src/modules/actors/nomenclature.js';
import { findGeneratedRun, generateRegistry } from '../src/modules/generate/generate.service.js';
import { isEligible } from '../src/modules/programmes/eligibility.evaluate.js';
import { type Rule, validateRule } from '../src/modules/programmes/eligibility.rules.js';
import {
  eligibleCondition,
  loadActorFacts,
  previewEligible,
} from '../src/modules/programmes/eligibility.sql.js';
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
const actors = Number(arg('actors') ?? (smoke ? 2000 : 100_000));
const seed = Number(arg('seed') ?? 1);
const runs = Number(arg('runs') ?? (smoke ? 3 : 7));
const size = `${actors.toLocaleString('en')} actors`;
const report = new Report();
const note = (line: string) => process.stderr.write(`[eligibility ${engine}] ${line}\n`);
const flush = () => process.stdout.write(`${RESULT_MARK}${JSON.stringify(report.rows)}\n`);
const PROGRAMME_REFERENCE = 'BENCH-ELIGIBILITY';

/** PostgreSQL: its own database on the DATABASE_URL server (kept between runs; smoke: recreated). */
async function openBenchDatabase(): Promise<{ handle: DatabaseHandle; url: string | null }> {
  if (engine === 'pglite')
    return { handle: await openDatabase({ databaseUrl: null, dataDir: 'memory://' }), url: null };
  const server = process.env.DATABASE_URL;
  if (!server) throw new Error('--engine postgres needs DATABASE_URL');
  const name = smoke ? 'nasij_bench_eligibility_smoke' : 'nasij_bench_eligibility';
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

/** The registry (reused on PostgreSQL when this seed and size were generated before) and the programme. */
async function prepare(handle: DatabaseHandle, url: string | null): Promise<string> {
  const { db } = handle;
  await migrate(handle);
  await loadTerritoryReference(db);
  await loadStarterNomenclature(db);
  const run = await findGeneratedRun(handle, seed);
  if (!run || Number(run.actors) !== actors) {
    note(`generating ${actors} actors (seed ${seed})...`);
    await db.deleteFrom('benefits').execute();
    const summary = await generateRegistry(handle, url, {
      actors,
      seed,
      duplicatesShare: 0.02,
      replace: true,
    });
    note(`  ${summary.actors} actors in ${round(summary.seconds, 1)} s`);
  } else note(`reusing the ${actors} actors generated earlier with seed ${seed}`);
  let programme = await db
    .selectFrom('programmes')
    .select('id')
    .where('reference', '=', PROGRAMME_REFERENCE)
    .executeTakeFirst();
  if (!programme) {
    const organisation = await db
      .insertInto('organisations')
      .values({ kind: 'partner', partner_type: 'agency', name_fr: 'Bench partner', is_demo: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    programme = await db
      .insertInto('programmes')
      .values({
        reference: PROGRAMME_REFERENCE,
        organisation_id: organisation.id,
        kind: 'financing',
        title_fr: 'Programme du benchmark',
        is_demo: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }
  await db.deleteFrom('benefits').where('programme_id', '=', programme.id).execute();
  // About one actor in twenty received the programme at some point of the last six years.
  await sql`
    INSERT INTO benefits (programme_id, actor_id, amount_centimes, granted_by_label, granted_at)
    SELECT ${programme.id}::uuid, id, 1000000, 'bench',
           now() - make_interval(days => (('x' || substr(md5(id::text), 3, 4))::bit(16)::int % 2190))
    FROM actors WHERE ('x' || substr(md5(id::text), 1, 2))::bit(8)::int < 13`.execute(db);
  await sql`ANALYZE benefits`.execute(db);
  return programme.id;
}

async function main(): Promise<void> {
  const { handle, url } = await openBenchDatabase();
  try {
    const programmeId = await prepare(handle, url);
    const { db } = handle;
    const rule: Rule = {
      all: [
        { field: 'kind', op: 'in', value: ['cooperative', 'association', 'artisan'] },
        { field: 'region', op: 'not_in', value: ['12'] },
        { field: 'women_share', op: '>=', value: 30 },
        { field: 'members_count', op: '>=', value: 3 },
        { field: 'founded_on', op: '<', value: '2024-01-01' },
        { notReceived: { programmeId, years: 3 } },
      ],
    };
    const problems = validateRule(rule);
    if (problems.length) throw new Error(`bench rules invalid: ${JSON.stringify(problems)}`);
    const asOf = new Date();
    const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM actors`.execute(db);

    note('SQL: the preview (count + sample)...');
    let count = 0;
    await previewEligible(db, rule, asOf); // warm-up
    const sqlTimes = await timeSequential(runs, async () => {
      count = (await previewEligible(db, rule, asOf)).count;
    });
    const idsOnly = await timeSequential(runs, () =>
      sql`SELECT a.id FROM actors a WHERE ${eligibleCondition(rule, asOf)}`.execute(db),
    );

    note('TypeScript: load the rows, then evaluate...');
    const loadStart = process.hrtime.bigint();
    const facts = await loadActorFacts(db, null, rule);
    const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
    let tsCount = 0;
    const tsTimes = await timeSequential(runs, async () => {
      tsCount = 0;
      for (const actor of facts) if (isEligible(actor, rule, asOf)) tsCount += 1;
    });
    const figure = round(percentile(sqlTimes, 50), 1);
    const agree = tsCount === count;
    report.add({
      benchmark: 'eligibility of one call (6 rules) against the registry: SQL preview, count + sample',
      engine,
      size,
      figure,
      unit: 'ms',
      baseline: `TypeScript evaluator over the loaded rows (loading them took ${round(loadMs, 0)} ms more)`,
      baselineFigure: round(percentile(tsTimes, 50), 1),
      goal: '<= 2000 ms',
      met: figure <= 2000 && agree,
      details: {
        runs,
        registryRows: total.rows[0]?.n ?? null,
        eligible: count,
        eligibleTypeScript: tsCount,
        agree,
        idsOnlyMedianMs: round(percentile(idsOnly, 50), 1),
        sqlP95Ms: round(percentile(sqlTimes, 95), 1),
        typeScriptWithLoadMs: round(loadMs + percentile(tsTimes, 50), 0),
        peakRssMiB: peakRssMiB(),
      },
    });
    note(`eligible ${count} (TypeScript ${tsCount}); SQL median ${figure} ms`);
  } finally {
    flush();
    await handle.close();
  }
}

main().catch((error: unknown) => {
  note(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  flush();
  process.exit(1);
});
