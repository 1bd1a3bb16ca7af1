// `npm run bench`: every benchmark, each figure beside its baseline measured in the same run, printed
// as one table and written to bench/results.json. `--smoke` uses tiny sizes so CI keeps the harness
// working (under two minutes); the figures worth quoting come from a full run (docs/performance.md).
//
//   npm run bench                         full run: PostgreSQL (DATABASE_URL) at 1,000,000 actors,
//                                         PGlite at 100,000 actors
//   npm run bench -- --smoke              tiny sizes, PGlite alone or with DATABASE_URL
//   flags: --actors N (PostgreSQL registry), --pglite-actors N[,N...] (one PGlite run per size),
//          --seed S, --recall-entries N / --queries N / --scan-limit-seconds N (PostgreSQL run),
//          --pglite-recall-entries N, --pglite-sections search,...,
//          --no-build (bundle sizes from the existing web/dist), --skip registry,http,pglite,postgres,bundle,analytics,selection,eligibility
//          --eligibility-actors N (default 100,000 on each engine),
//          --facts N (PostgreSQL analytics, default 10,000,000), --pglite-facts N (default 1,000,000),
//          --analytics-database NAME (default nasij_bench_facts),
//          --merge (keep the rows of bench/results.json this run does not measure, e.g. with --skip)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { duplicatesOnFixture } from './fixture-duplicates.js';
import { bundleSizes, coldStart, coldStartPostgres, databaseRoute, httpThroughput } from './http.js';
import { formatTable, peakRssMiB, RESULT_MARK, Report, type Row } from './report.js';
import { selectionBench, selectionGeneratedBench } from './selection.js';
import { round } from './stats.js';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const smoke = args.includes('--smoke');
const skip = new Set((arg('skip') ?? '').split(',').filter(Boolean));
const postgresUrl = process.env.DATABASE_URL || null;
const seed = arg('seed') ?? '1';
const pgActors = arg('actors') ?? (smoke ? '2000' : '1000000');
const pgliteActors = (arg('pglite-actors') ?? (smoke ? '2000' : '100000')).split(',');
const HTTP = smoke
  ? { seconds: 1, connections: 20, requests: 50 }
  : { seconds: 10, connections: 100, requests: 2000 };

const pgFacts = arg('facts') ?? (smoke ? '1000' : '10000000');
const pgliteFacts = arg('pglite-facts') ?? (smoke ? '1000' : '1000000');
const eligibilityActors = arg('eligibility-actors') ?? (smoke ? '2000' : '100000');

const report = new Report();
const loadAverages: number[][] = [os.loadavg()];

/** Runs bench/registry.ts in a process of its own and takes its rows. */
function registry(engine: 'postgres' | 'pglite', actors: string, extra: string[] = []): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--max-old-space-size=8192',
        '--import',
        'tsx',
        'bench/registry.ts',
        '--engine',
        engine,
        '--actors',
        actors,
        '--seed',
        seed,
        ...(smoke ? ['--smoke'] : []),
        ...extra,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => {
      // The child prints its rows after each section: keep the last line, even after a failure.
      const line = output
        .split('\n')
        .filter((l) => l.startsWith(RESULT_MARK))
        .at(-1);
      if (!line) reject(new Error(`registry benchmark on ${engine} exited ${code}\n${output}`));
      else {
        const rows = JSON.parse(line.slice(RESULT_MARK.length)) as Row[];
        if (code !== 0) {
          process.stderr.write(
            `registry benchmark on ${engine} failed (exit ${code}); keeping its ${rows.length} rows\n`,
          );
          rows.push({
            benchmark: `registry benchmark on ${engine} FAILED after these rows (exit ${code})`,
            engine,
            size: `${actors} actors`,
            figure: null,
            unit: '',
            baseline: 'see the run output',
            baselineFigure: null,
            ratio: null,
            goal: '-',
            met: false,
          });
        }
        resolve(rows);
      }
    });
  });
}

/** Runs bench/analytics.ts in a process of its own and takes its rows (kept even after a failure). */
function analyticsBench(engine: 'postgres' | 'pglite', facts: string): Promise<Row[]> {
  return new Promise((resolve) => {
    const extra = arg('analytics-database') ? ['--database', arg('analytics-database') ?? ''] : [];
    const child = spawn(
      process.execPath,
      [
        '--max-old-space-size=8192',
        '--import',
        'tsx',
        'bench/analytics.ts',
        '--engine',
        engine,
        '--facts',
        facts,
        '--seed',
        seed,
        ...(smoke ? ['--smoke'] : []),
        ...extra,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => {
      const line = output
        .split('\n')
        .filter((l) => l.startsWith(RESULT_MARK))
        .at(-1);
      const rows = line ? (JSON.parse(line.slice(RESULT_MARK.length)) as Row[]) : [];
      if (code !== 0)
        rows.push({
          benchmark: `analytics benchmark on ${engine} FAILED after these rows (exit ${code})`,
          engine,
          size: `${facts} facts`,
          figure: null,
          unit: '',
          baseline: 'see the run output',
          baselineFigure: null,
          ratio: null,
          goal: '-',
          met: false,
        });
      resolve(rows);
    });
  });
}

/** Runs bench/eligibility.ts in a process of its own and takes its rows (kept even after a failure). */
function eligibilityBench(engine: 'postgres' | 'pglite', actors: string): Promise<Row[]> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/eligibility.ts',
        '--engine',
        engine,
        '--actors',
        actors,
        '--seed',
        seed,
        ...(smoke ? ['--smoke'] : []),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => {
      const line = output
        .split('\n')
        .filter((l) => l.startsWith(RESULT_MARK))
        .at(-1);
      const rows = line ? (JSON.parse(line.slice(RESULT_MARK.length)) as Row[]) : [];
      if (code !== 0)
        rows.push({
          benchmark: `eligibility benchmark on ${engine} FAILED after these rows (exit ${code})`,
          engine,
          size: `${actors} actors`,
          figure: null,
          unit: '',
          baseline: 'see the run output',
          baselineFigure: null,
          ratio: null,
          goal: '-',
          met: false,
        });
      resolve(rows);
    });
  });
}

const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? '?',
  memoryGiB: round(os.totalmem() / 2 ** 30, 1),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
};
process.stdout.write(
  `Nasij benchmarks${smoke ? ' (smoke: tiny sizes, figures not meaningful)' : ''} on ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}; PostgreSQL: ${postgresUrl ? 'DATABASE_URL' : 'not set, PGlite only'}\n`,
);
const started = Date.now();
const step = (name: string) =>
  process.stderr.write(`\n== ${name} (${Math.round((Date.now() - started) / 1000)} s)\n`);

if (!skip.has('registry')) {
  if (postgresUrl && !skip.has('postgres')) {
    step(`registry on PostgreSQL, ${pgActors} actors`);
    const extra = ['recall-entries', 'queries', 'scan-limit-seconds'].flatMap((name) =>
      arg(name) ? [`--${name}`, arg(name) ?? ''] : [],
    );
    for (const row of await registry('postgres', pgActors, extra)) report.rows.push(row);
    loadAverages.push(os.loadavg());
  }
  if (!skip.has('pglite')) {
    for (const size of pgliteActors) {
      step(`registry on PGlite, ${size} actors`);
      const sections = [
        ...(arg('pglite-sections') ? ['--sections', arg('pglite-sections') ?? ''] : []),
        ...(arg('pglite-recall-entries') ? ['--recall-entries', arg('pglite-recall-entries') ?? ''] : []),
      ];
      for (const row of await registry('pglite', size, sections)) report.rows.push(row);
      loadAverages.push(os.loadavg());
    }
  }
  step('duplicate detection on the fixture');
  await duplicatesOnFixture(report, smoke ? 60 : Number.POSITIVE_INFINITY);
  if (!report.rows.some((r) => r.benchmark.startsWith('import'))) {
    report.notYet('import rows/s', '>= 20000 rows/s', 'the import service is not there');
  }
}
if (!skip.has('http')) {
  step('HTTP throughput');
  await httpThroughput(report, HTTP);
  step('DB route in-process');
  await databaseRoute(report, 'pglite', HTTP);
  if (postgresUrl) await databaseRoute(report, 'postgres', HTTP);
  step('cold start');
  await coldStart(report);
  if (postgresUrl && !smoke && !skip.has('postgres')) {
    const url = new URL(postgresUrl);
    url.pathname = '/nasij_bench';
    await coldStartPostgres(report, url.toString(), `${Number(pgActors).toLocaleString('en')} actors`);
  }
  loadAverages.push(os.loadavg());
}
if (!skip.has('bundle')) {
  step('web bundle sizes');
  bundleSizes(report, !smoke && !args.includes('--no-build'));
}
if (!skip.has('analytics')) {
  if (postgresUrl && !skip.has('postgres')) {
    step(`analytics on PostgreSQL, ${pgFacts} facts`);
    for (const row of await analyticsBench('postgres', pgFacts)) report.rows.push(row);
    loadAverages.push(os.loadavg());
  }
  if (!skip.has('pglite')) {
    step(`analytics on PGlite, ${pgliteFacts} facts`);
    for (const row of await analyticsBench('pglite', pgliteFacts)) report.rows.push(row);
    loadAverages.push(os.loadavg());
  }
}
if (!skip.has('selection')) {
  step('programme selection with reserved shares');
  selectionBench(report, { smoke, seed: Number(seed) });
  // On the rows `nasij generate --programmes` writes (50,000 actors, 25,000 applications; smoke: tiny).
  for (const engine of ['pglite', 'postgres'] as const) {
    if (skip.has(engine) || (engine === 'postgres' && !postgresUrl)) continue;
    step(`selection of a generated call on ${engine}`);
    await selectionGeneratedBench(report, { smoke, seed: Number(seed), engine, databaseUrl: postgresUrl });
  }
}
if (!skip.has('eligibility')) {
  if (postgresUrl && !skip.has('postgres')) {
    step(`programme eligibility on PostgreSQL, ${eligibilityActors} actors`);
    for (const row of await eligibilityBench('postgres', eligibilityActors)) report.rows.push(row);
    loadAverages.push(os.loadavg());
  }
  if (!skip.has('pglite')) {
    step(`programme eligibility on PGlite, ${eligibilityActors} actors`);
    for (const row of await eligibilityBench('pglite', eligibilityActors)) report.rows.push(row);
    loadAverages.push(os.loadavg());
  }
}
report.add({
  benchmark: 'peak memory of the harness process (maxRSS; registry runs report their own)',
  engine: '-',
  figure: peakRssMiB(),
  unit: 'MiB',
  baseline: '-',
  baselineFigure: null,
  goal: '-',
  met: null,
});

process.stdout.write(`\n${formatTable(report.rows)}\n`);
// --merge: the rows of the previous results this run did not measure stay (a run of one section).
function previousRows(): Row[] {
  try {
    return (JSON.parse(fs.readFileSync('bench/results.json', 'utf8')) as { results?: Row[] }).results ?? [];
  } catch {
    return []; // no previous results, or not readable: nothing to keep
  }
}
const measured = new Set(report.rows.map((row) => `${row.benchmark}|${row.engine}`));
const kept: Row[] =
  args.includes('--merge') && fs.existsSync('bench/results.json')
    ? previousRows().filter(
        (row) =>
          !measured.has(`${row.benchmark}|${row.engine}`) &&
          !row.benchmark.startsWith('peak memory of the harness') &&
          !row.baseline.startsWith('not yet (issue 5'),
      )
    : [];
fs.writeFileSync(
  'bench/results.json',
  `${JSON.stringify(
    {
      at: new Date().toISOString(),
      smoke,
      seconds: Math.round((Date.now() - started) / 1000),
      machine,
      loadAverages: loadAverages.map((l) => l.map((v) => round(v, 2))),
      results: [...kept, ...report.rows],
    },
    null,
    2,
  )}\n`,
);
process.stdout.write(`\nwritten to bench/results.json in ${Math.round((Date.now() - started) / 1000)} s\n`);
