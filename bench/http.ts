// HTTP and start-up benchmarks: a validated route without database vs bare node:http (autocannon,
// loopback), a database route in-process vs its SQL, cold start, and the web bundle sizes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/engine.js';
import { migrate } from '../src/db/migrator.js';
import { loadTerritoryReference } from '../src/modules/territory/territory.reference.js';
import { load, startProcess, stopProcess } from './processes.js';
import type { Report } from './report.js';
import { percentile, round, timeSequential } from './stats.js';

export interface HttpSizes {
  seconds: number;
  connections: number;
  requests: number;
}

/** A validated Fastify route without database against bare node:http, both in their own process. */
export async function httpThroughput(report: Report, sizes: HttpSizes): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nasij-bench-'));
  const nasij = await startProcess(
    ['bin/nasij.js', 'serve', '--port', '0'],
    { NASIJ_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', NASIJ_DEMO: '0' },
    /serving at http:\/\/localhost:(\d+)/,
  );
  const bare = await startProcess(['--import', 'tsx', 'bench/bare-server.ts'], {}, /listening (\d+)/);
  try {
    const options = { connections: sizes.connections, seconds: sizes.seconds };
    await load(`http://127.0.0.1:${bare.port}/`, options); // warm-up
    await load(`http://127.0.0.1:${nasij.port}/health/live`, options);
    const baseline = await load(`http://127.0.0.1:${bare.port}/`, options);
    const route = await load(`http://127.0.0.1:${nasij.port}/health/live`, options);
    report.add({
      benchmark: `HTTP throughput, validated route without DB (GET /health/live, ${sizes.connections} connections, ${sizes.seconds} s)`,
      engine: '-',
      figure: round(route.rps, 0),
      unit: 'req/s',
      baseline: 'bare node:http',
      baselineFigure: round(baseline.rps, 0),
      goal: '>= 0.8x baseline',
      met: route.rps >= 0.8 * baseline.rps,
    });
    report.add({
      benchmark: 'HTTP latency p97.5 under load, validated route without DB',
      engine: '-',
      figure: route.p97_5,
      unit: 'ms',
      baseline: 'bare node:http',
      baselineFigure: baseline.p97_5,
      goal: '-',
      met: null,
    });
  } finally {
    await stopProcess(nasij.child);
    await stopProcess(bare.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A database route through the whole API stack against the same SQL run directly, on one engine. */
export async function databaseRoute(
  report: Report,
  engine: 'pglite' | 'postgres',
  sizes: HttpSizes,
): Promise<void> {
  // A database of its own on the server (never the server's default database), dropped afterwards.
  const server = engine === 'postgres' ? (process.env.DATABASE_URL ?? null) : null;
  const url = server ? await freshDatabase(server, 'nasij_bench_route') : null;
  const handle = await openDatabase({ databaseUrl: url, dataDir: 'memory://' });
  try {
    await migrate(handle);
    await loadTerritoryReference(handle.db);
    const app = await buildApp({
      db: handle.db,
      engine: handle.engine,
      config: loadConfig({}),
      webDir: null,
    });
    await app.ready();
    const direct = () =>
      handle.db
        .selectFrom('territories')
        .selectAll()
        .where('parent_code', '=', '09')
        .orderBy('code')
        .execute();
    const viaApi = () => app.inject({ method: 'GET', url: '/api/territories?parent=09' });
    await timeSequential(50, direct);
    await timeSequential(50, viaApi);
    const sqlTimes = await timeSequential(sizes.requests, direct);
    const apiTimes = await timeSequential(sizes.requests, viaApi);
    const apiP95 = percentile(apiTimes, 95);
    const sqlP95 = percentile(sqlTimes, 95);
    report.add({
      benchmark: 'DB route p95 (GET /api/territories?parent=09, in-process)',
      engine,
      figure: round(apiP95, 3),
      unit: 'ms',
      baseline: 'same SQL via Kysely',
      baselineFigure: round(sqlP95, 3),
      goal: '<= 1.3x baseline + 2 ms',
      met: apiP95 <= 1.3 * sqlP95 + 2,
    });
    await app.close();
  } finally {
    await handle.close();
    if (server) await dropDatabase(server, 'nasij_bench_route');
  }
}

async function adminQuery(server: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function freshDatabase(server: string, name: string): Promise<string> {
  await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(server, `CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(server: string, name: string): Promise<void> {
  await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Cold start of the embedded engine: a new process, an existing data directory, until the first page. */
export async function coldStart(report: Report): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nasij-cold-'));
  const env = { NASIJ_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', NASIJ_DEMO: '1' };
  const serve = ['bin/nasij.js', 'serve', '--port', '0'];
  const ready = /serving at http:\/\/localhost:(\d+)/;
  const first = Date.now();
  const initial = await startProcess(serve, env, ready);
  const firstMs = Date.now() - first;
  await stopProcess(initial.child);
  const again = Date.now();
  const warm = await startProcess(serve, env, ready);
  const page = await fetch(`http://127.0.0.1:${warm.port}/`);
  await page.text();
  const secondMs = Date.now() - again;
  await stopProcess(warm.child);
  fs.rmSync(dataDir, { recursive: true, force: true });
  report.add({
    benchmark: 'start to first page, existing data (PGlite)',
    engine: 'pglite',
    figure: secondMs,
    unit: 'ms',
    baseline: 'very first start (creates DB, demo data)',
    baselineFigure: firstMs,
    goal: '<= 15000 ms',
    met: secondMs <= 15_000,
  });
}

/** Start to first page on a PostgreSQL database that already holds the generated registry. */
export async function coldStartPostgres(report: Report, url: string, size: string): Promise<void> {
  const started = Date.now();
  const server = await startProcess(
    ['bin/nasij.js', 'serve', '--port', '0'],
    {
      DATABASE_URL: url,
      LOG_LEVEL: 'warn',
      NASIJ_DEMO: '0',
      NASIJ_ADMIN_PASSWORD: 'bench-only-password-1234',
    },
    /serving at http:\/\/localhost:(\d+)/,
  );
  const page = await fetch(`http://127.0.0.1:${server.port}/`);
  await page.text();
  const ms = Date.now() - started;
  await stopProcess(server.child);
  report.add({
    benchmark: 'start to first page, existing registry (PostgreSQL)',
    engine: 'postgres',
    size,
    figure: ms,
    unit: 'ms',
    baseline: '-',
    baselineFigure: null,
    goal: '<= 15000 ms',
    met: ms <= 15_000,
  });
}

/** Gzipped sizes from web/scripts/bundle-size.mjs (builds the web app first unless told not to). */
export function bundleSizes(report: Report, build: boolean): void {
  if (!fs.existsSync('web/scripts/bundle-size.mjs')) {
    report.notYet('web bundle, first visit JS (gzip)', '<= 250 KB', 'no web/scripts/bundle-size.mjs');
    return;
  }
  if (build) {
    const built = spawnSync('npm', ['run', 'build:web', '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (built.status !== 0) {
      report.notYet('web bundle, first visit JS (gzip)', '<= 250 KB', 'npm run build:web failed');
      return;
    }
  }
  const result = spawnSync(process.execPath, ['web/scripts/bundle-size.mjs'], { encoding: 'utf8' });
  if (result.status !== 0) {
    report.notYet('web bundle, first visit JS (gzip)', '<= 250 KB', 'no build: run npm run build:web');
    return;
  }
  const sizes = JSON.parse(result.stdout) as {
    budgetGzipBytes: number;
    initialLoad: { jsGzipBytes: number; cssGzipBytes: number; withinBudget: boolean };
    shellJsGzipBytes: number;
    totalJsGzipBytes: number;
  };
  const kb = (bytes: number) => round(bytes / 1000, 1);
  report.add({
    benchmark: 'web bundle, first visit JS (gzip, / with its imports)',
    engine: '-',
    figure: kb(sizes.initialLoad.jsGzipBytes),
    unit: 'KB',
    baseline: 'budget',
    baselineFigure: kb(sizes.budgetGzipBytes),
    goal: '<= budget',
    met: sizes.initialLoad.withinBudget,
    details: { cssGzipKB: kb(sizes.initialLoad.cssGzipBytes), shellJsGzipKB: kb(sizes.shellJsGzipBytes) },
  });
  report.add({
    benchmark: 'web bundle, all JS chunks (gzip)',
    engine: '-',
    figure: kb(sizes.totalJsGzipBytes),
    unit: 'KB',
    baseline: '-',
    baselineFigure: null,
    goal: '-',
    met: null,
  });
}
