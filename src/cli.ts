import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { VERSION } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { backup, restore } from './db/backup.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { MigrationError } from './db/migrator.js';
import { findOrganisationByName } from './modules/accounts/organisations.repository.js';
import { createUser } from './modules/accounts/users.service.js';
import type { ExportCommandOptions, ImportCommandOptions } from './modules/actors/actors.import-cli.js';
import { verifyAuditChain } from './modules/audit/audit.service.js';
import { seedDemo } from './modules/demo/demo.seed.js';
import { ensureFirstAdmin, STATE_SECRETARIAT_NAME } from './modules/system/first-start.js';
import { prepareDatabase, serve, WEB_DIST } from './server.js';
import { AppError } from './shared/errors.js';
import { systemContext } from './shared/principal.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const say = (line: string) => process.stdout.write(`${line}\n`);
const note = (line: string) => process.stderr.write(`${line}\n`);

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

function wholeNumber(value: string): number {
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number (0 or more)');
  return n;
}

function share(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 0.5)
    throw new InvalidArgumentError('must be a share between 0 and 0.5');
  return n;
}

/** Opens, migrates, runs `work`, and always closes the database. */
async function withDatabase<T>(
  work: (prepared: Awaited<ReturnType<typeof prepareDatabase>>) => Promise<T>,
): Promise<T> {
  const prepared = await prepareDatabase(loadConfig(), note);
  try {
    return await work(prepared);
  } finally {
    await prepared.handle.close();
  }
}

/** Builds the web app when web/dist is missing or older than its sources. */
function buildWebIfStale(): void {
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts'].map((p) => path.join(ROOT, p));
  if (!fs.existsSync(path.join(ROOT, 'web/src'))) return;
  const newest = Math.max(...sources.filter((p) => fs.existsSync(p)).map(newestMtime));
  const built = path.join(WEB_DIST, 'index.html');
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newest) return;
  note('building the web app (web/dist is missing or stale)...');
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', path.join(ROOT, 'web/vite.config.ts'), '--logLevel', 'warn'],
    {
      stdio: 'inherit',
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  if (result.status !== 0) throw new AppError('INTERNAL', 'the web app failed to build (see above)');
}

function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...fs.readdirSync(target).map((entry) => newestMtime(path.join(target, entry))),
  );
}

export function buildProgram(): Command {
  const program = new Command('nasij')
    .description('Nasij: the platform for the crafts sector and the social and solidarity economy')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('serve')
    .description('serve the web app and the API (migrates, and loads the demo data on first start)')
    .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)', port)
    .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
    .option('--build-web', 'build the web app first when it is missing or stale')
    .action(async (options: { port?: number; host?: string; buildWeb?: boolean }) => {
      const config = loadConfig();
      if (options.port !== undefined) config.port = options.port;
      if (options.host) config.host = options.host;
      if (options.buildWeb) buildWebIfStale();
      await serve(config);
    });

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      await withDatabase(async () => say('database is up to date'));
    });

  program
    .command('seed')
    .description('load data into the database')
    .addOption(new Option('--demo', 'load the demo data (fictional, marked "exemple")').makeOptionMandatory())
    .action(async () => {
      await withDatabase(async ({ handle }) => {
        const config = loadConfig();
        const result = await seedDemo(handle.db, { password: config.demoPassword });
        say(`demo organisations created: ${result.organisationsCreated}`);
        say(`demo actors created: ${result.actorsCreated}`);
        for (const user of result.usersCreated) say(`demo user ${user.email} (${user.role})`);
        if (result.usersCreated.length > 0)
          say(`demo password: ${config.demoPassword ? '(NASIJ_DEMO_PASSWORD)' : result.password}`);
      });
    });

  const users = program.command('users').description('manage user accounts');
  users
    .command('create-admin')
    .description(
      'create an administrator account (password read from NASIJ_ADMIN_PASSWORD, else generated and printed)',
    )
    .requiredOption('--email <email>', 'the administrator email')
    .option('--name <name>', 'display name', 'Administrateur')
    .action(async (options: { email: string; name: string }) => {
      await withDatabase(async ({ handle }) => {
        const config = loadConfig();
        const first = await ensureFirstAdmin(handle.db, {
          password: config.adminPassword,
          email: options.email,
        });
        if (first) {
          say(
            `administrator ${first.email} created; password: ${config.adminPassword ? '(NASIJ_ADMIN_PASSWORD)' : first.password}`,
          );
          return;
        }
        const secretariat = await findOrganisationByName(handle.db, STATE_SECRETARIAT_NAME);
        const { randomPassword } = await import('./shared/crypto.js');
        const password = config.adminPassword ?? randomPassword();
        const user = await createUser(handle.db, systemContext('system:cli'), {
          email: options.email,
          displayName: options.name,
          password,
          role: 'admin',
          organisationId: secretariat?.id ?? null,
        });
        say(
          `administrator ${user.email} created; password: ${config.adminPassword ? '(NASIJ_ADMIN_PASSWORD)' : password}`,
        );
      });
    });

  program
    .command('backup')
    .description(
      'write a backup: a SQL dump on PostgreSQL, a data-directory archive on PGlite (stop the server first)',
    )
    .argument('<file>', 'where to write the backup')
    .action(async (file: string) => {
      const config = loadConfig();
      note(
        `backing up ${config.databaseUrl ? 'the PostgreSQL database' : `the embedded database in ${config.dataDir}`}...`,
      );
      const result = await backup(config, file);
      say(`backup written to ${path.resolve(file)} (${result.kind}, ${result.bytes} bytes)`);
    });

  program
    .command('restore')
    .description('restore a backup made by "nasij backup", replacing the current database')
    .argument('<file>', 'the backup file')
    .option('--force', 'replace the existing database (on PGlite it is moved aside, not deleted)')
    .action(async (file: string, options: { force?: boolean }) => {
      const config = loadConfig();
      note('restoring...');
      const result = await restore(config, file, { force: options.force ?? false });
      if (result.movedAside) say(`previous database kept in ${result.movedAside}`);
      await withDatabase(async () => say('restored; database schema is up to date'));
    });

  const actors = program.command('actors').description('the registry of actors');
  actors
    .command('duplicates')
    .description('scan the whole registry for likely duplicates, store the pairs for review, and print them')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .option('--out <file>', 'write to this file instead of the standard output')
    .action(async (options: { format: 'csv' | 'json'; out?: string }) => {
      const { refreshDuplicatePairs } = await import('./modules/actors/actors.duplicates.service.js');
      const { formatDuplicatePairs } = await import('./modules/actors/actors.duplicates.format.js');
      await withDatabase(async ({ handle }) => {
        const started = Date.now();
        const { pairs, stored } = await refreshDuplicatePairs(
          handle.db,
          systemContext('system:cli'),
          (done, total) => {
            if (done % 5 === 0 || done === total) note(`scanned ${done}/${total} provinces`);
          },
        );
        const text = formatDuplicatePairs(pairs, options.format);
        if (options.out) fs.writeFileSync(options.out, text);
        else process.stdout.write(text);
        note(
          `${pairs.length} candidate pairs (${stored} open for review) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
      });
    });

  program
    .command('nomenclature')
    .description('the crafts nomenclature (branches and activities)')
    .command('load')
    .description(
      "replace the nomenclature with a CSV file (the starter file's format; see docs/nomenclature.md)",
    )
    .argument('<file>', 'CSV file: level,code,branch,family,name_fr,name_ar,name_en')
    .action(async (file: string) => {
      const { parseNomenclatureCsv, replaceNomenclature } = await import('./modules/actors/nomenclature.js');
      if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `no file at ${file}`);
      const rows = parseNomenclatureCsv(fs.readFileSync(file, 'utf8'));
      await withDatabase(async ({ handle }) => {
        const result = await replaceNomenclature(
          handle.db,
          systemContext('system:cli'),
          rows,
          path.basename(file),
        );
        say(`nomenclature replaced: ${result.branches} branches, ${result.activities} activities`);
      });
    });

  const yesNo = (value: string): boolean => {
    if (['yes', 'oui', 'true', '1'].includes(value)) return true;
    if (['no', 'non', 'false', '0'].includes(value)) return false;
    throw new InvalidArgumentError('must be yes or no');
  };
  program
    .command('import')
    .description('import data from spreadsheets')
    .command('actors')
    .description(
      'import actors from a CSV or XLSX file (see docs/import/actors.md); rows matching a record by identifier update it',
    )
    .argument('<file>', 'CSV (comma or semicolon; UTF-8, Windows-1256 or Windows-1252) or XLSX')
    .option('--mapping <file>', 'JSON file {"file header": "apiField"} for files with other headers')
    .option('--dry-run', 'check every row and report, save nothing')
    .option('--rejects <file>', 'where to write the rejected rows (default: FILE.rejects.csv|xlsx)')
    .addOption(
      new Option('--encoding <encoding>', 'the CSV encoding, when detection gets it wrong').choices([
        'utf-8',
        'utf-8-bom',
        'windows-1256',
        'windows-1252',
      ]),
    )
    .option('--json', 'print the whole report as JSON')
    .action(async (file: string, options: ImportCommandOptions) => {
      const { importActorsCommand } = await import('./modules/actors/actors.import-cli.js');
      if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `no file at ${file}`);
      process.exitCode = await withDatabase(({ handle }) =>
        importActorsCommand(handle.db, file, options, { say, note }),
      );
    });
  program
    .command('export')
    .description('export data to spreadsheets')
    .command('actors')
    .description('export the registry, or the part matching the filters, to CSV or XLSX')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx']).default('csv'))
    .requiredOption('--out <file>', 'the file to write')
    .addOption(
      new Option('--kind <kind>').choices([
        'artisan',
        'master_artisan',
        'cooperative',
        'association',
        'mutual',
        'ess_enterprise',
      ]),
    )
    .option('--region <code>', 'region code, e.g. 09')
    .option('--province <code>', 'province or prefecture code, e.g. 09.541')
    .option('--branch <code>', 'craft branch code')
    .option('--women-led <yes|no>', 'women-led or not', yesNo)
    .option('--coastal <yes|no>', 'in a coastal zone or not', yesNo)
    .addOption(new Option('--status <status>').choices(['active', 'suspended', 'dissolved']))
    .action(async (options: ExportCommandOptions) => {
      const { exportActorsCommand } = await import('./modules/actors/actors.import-cli.js');
      await withDatabase(({ handle }) => exportActorsCommand(handle.db, options, { say, note }));
    });

  program
    .command('generate')
    .description(
      'fill the registry with synthetic actors at national scale (deterministic, marked demo, duplicates labelled; for benchmarks)',
    )
    .option('--actors <n>', 'number of actors', wholeNumber, 1_000_000)
    .option('--seed <n>', 'random seed: the same seed gives the same rows', wholeNumber, 1)
    .option('--duplicates-share <share>', 'share of rows that duplicate an earlier actor', share, 0.02)
    .addOption(
      new Option(
        '--facts [n]',
        'indicator facts over synthetic indicators and commitments (10,000,000 when no number is given), then a full analytics rebuild',
      )
        .argParser(wholeNumber)
        .preset('10000000')
        .default(0),
    )
    .addOption(
      new Option(
        '--programmes [n]',
        'applications to six synthetic programmes of the partner "exemple" (25,000 when no number is given; the largest call then has about 10,000 scored), drawn from the generated actors, with eligibility, scores, selections and benefits',
      )
        .argParser(wholeNumber)
        .preset('25000')
        .default(0),
    )
    .option('--replace', 'delete what an earlier run with the same seed wrote, first')
    .action(
      async (options: {
        actors: number;
        seed: number;
        duplicatesShare: number;
        facts: number;
        programmes: number;
        replace?: boolean;
      }) => {
        const { runGenerateCommand } = await import('./modules/generate/generate.cli.js');
        await withDatabase(({ handle }) =>
          runGenerateCommand(handle, loadConfig().databaseUrl, options, { say, note }),
        );
      },
    );

  const analytics = program.command('analytics').description('indicator analytics');
  analytics
    .command('refresh')
    .description(
      "recompute the computed indicators' facts if the registry changed, then bring the aggregates up to date",
    )
    .option('--full', 'rebuild every aggregate from the facts instead of only what changed')
    .action(async (options: { full?: boolean }) => {
      const { runAnalyticsMaintenance } = await import('./modules/analytics/analytics.maintenance.js');
      const result = await withDatabase(({ handle }) =>
        runAnalyticsMaintenance(handle.db, {
          full: options.full ?? false,
          forceComputed: options.full ?? false,
        }),
      );
      const { computed, aggregates } = result;
      say(
        computed.ran
          ? `computed indicators: ${computed.inserted} facts written, ${computed.deleted} removed (${Math.round(computed.milliseconds)} ms)`
          : 'computed indicators: up to date',
      );
      say(
        aggregates.mode === 'none'
          ? 'aggregates: up to date'
          : `aggregates: ${aggregates.mode} refresh, ${aggregates.rows} rows written${aggregates.mode === 'incremental' ? ` for ${aggregates.keys} keys (${aggregates.changes} changes)` : ''} in ${Math.round(aggregates.milliseconds)} ms`,
      );
    });

  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('check the hash chain; report the first edited, inserted or deleted row')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      const report = await withDatabase(({ handle }) => verifyAuditChain(handle.db));
      if (options.json) say(JSON.stringify(report, null, 2));
      else if (report.ok)
        say(
          `audit trail intact: ${report.checked} rows; head seq ${report.head?.seq ?? 0} hash ${report.head?.hash ?? '-'}`,
        );
      else
        say(
          `audit trail BROKEN at row ${report.firstProblem?.seq} (${report.firstProblem?.kind}): ${report.firstProblem?.detail}`,
        );
      if (!report.ok) process.exitCode = 3;
    });

  return program;
}

/** Known failures print one clear line and exit non-zero; anything else prints its stack. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    const known =
      error instanceof AppError ||
      error instanceof ConfigError ||
      error instanceof MigrationError ||
      error instanceof DataDirLockedError;
    note(`nasij: error: ${error instanceof Error ? error.message : String(error)}`);
    if (!known) note(error instanceof Error ? (error.stack ?? '') : '');
    process.exitCode = 1;
  }
}

await main(process.argv);
