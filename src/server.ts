import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/engine.js';
import { migrate } from './db/migrator.js';
import { openConfiguredDatabase } from './db/open.js';
import { ensureSearchKeysCurrent } from './modules/actors/actors.rekey.js';
import { loadStarterNomenclature } from './modules/actors/nomenclature.js';
import { ensureComputedIndicators } from './modules/analytics/analytics.computed.js';
import { startAnalyticsTimer } from './modules/analytics/analytics.maintenance.js';
import { seedDemo } from './modules/demo/demo.seed.js';
import { ensureFirstAdmin } from './modules/system/first-start.js';
import { loadTerritoryReference } from './modules/territory/territory.reference.js';

export const WEB_DIST = fileURLToPath(new URL('../web/dist/', import.meta.url));

export interface PreparedDatabase {
  handle: DatabaseHandle;
  /** True when this run created the schema: the database was empty. */
  firstStart: boolean;
}

/** Opens the database, applies migrations and refreshes the reference data. */
export async function prepareDatabase(
  config: Config,
  say: (line: string) => void,
): Promise<PreparedDatabase> {
  const handle = await openConfiguredDatabase(config);
  try {
    say(`database: ${handle.engine} at ${handle.location}`);
    const result = await migrate(handle, undefined, (migration) =>
      say(`applying migration ${migration.version} ${migration.name}`),
    );
    const firstStart = result.applied.some((migration) => migration.version === 1);
    await loadTerritoryReference(handle.db);
    await loadStarterNomenclature(handle.db);
    const computed = await ensureComputedIndicators(handle.db);
    if (computed.conflicts.length > 0)
      say(
        `computed indicators not written (their code is another indicator's): ${computed.conflicts.join(', ')}`,
      );
    const keys = await ensureSearchKeysCurrent(handle.db, (done) =>
      say(`recomputing search keys: ${done} records`),
    );
    if (keys.rekeyed > 0)
      say(`search keys recomputed for ${keys.rekeyed} records (normalisation rules changed)`);
    return { handle, firstStart };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * First start: the first administrator (password printed once) and, unless NASIJ_DEMO=0, the demo
 * data. Later starts change nothing.
 */
export async function initialiseData(
  prepared: PreparedDatabase,
  config: Config,
  say: (line: string) => void,
): Promise<void> {
  const admin = await ensureFirstAdmin(prepared.handle.db, { password: config.adminPassword });
  if (admin) {
    say('');
    say('  First administrator created. Sign in with:');
    say(`    email:    ${admin.email}`);
    say(`    password: ${config.adminPassword ? '(the NASIJ_ADMIN_PASSWORD you set)' : admin.password}`);
    say('  This password is shown only once: keep it now.');
    say('');
  }
  if (prepared.firstStart && config.demo) {
    const demo = await seedDemo(prepared.handle.db, { password: config.demoPassword });
    if (demo.usersCreated.length > 0) {
      say(
        `  Demo data loaded (marked "exemple"). Demo users, password ${config.demoPassword ? '(NASIJ_DEMO_PASSWORD)' : demo.password}:`,
      );
      for (const user of demo.usersCreated) say(`    ${user.email} (${user.role})`);
      say(`  ${demo.actorsCreated} demo actors in the registry (flagged as demo).`);
      say('');
    }
  }
}

/** Serves Nasij until SIGTERM or SIGINT, then lets in-flight requests finish and closes the database. */
export async function serve(config: Config, options: { webDir?: string } = {}): Promise<FastifyInstance> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const prepared = await prepareDatabase(config, say);
  await initialiseData(prepared, config, say);
  const app = await buildApp({
    db: prepared.handle.db,
    engine: prepared.handle.engine,
    config,
    logger: { level: config.logLevel },
    webDir: options.webDir ?? WEB_DIST,
  }).catch(async (error: unknown) => {
    await prepared.handle.close();
    throw error;
  });
  // Computed indicators and aggregates kept current in the background (reads also refresh first).
  const stopAnalytics = startAnalyticsTimer(prepared.handle.db, app.log);
  app.addHook('onClose', async () => {
    await stopAnalytics();
    await prepared.handle.close();
  });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.error('shutdown took longer than 15 s; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    // Node closes the connections idle at close time only; a keep-alive connection whose request was
    // in flight becomes idle later and would hold the server open, so keep sweeping until closed.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    sweep.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = ['0.0.0.0', '127.0.0.1', '::'].includes(config.host) ? 'localhost' : config.host;
  say(`Nasij is serving at http://${host}:${port}  (API docs: /api/docs)`);
  return app;
}
