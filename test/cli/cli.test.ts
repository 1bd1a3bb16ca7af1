import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openConfiguredDatabase } from '../../src/db/open.js';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../helpers/db.js';

const TABLES = [
  'schema_migrations',
  'territories',
  'organisations',
  'users',
  'api_tokens',
  'actors',
  'audit_log',
] as const;

describe(`the nasij command on ${TEST_ENGINE}`, { timeout: 240_000 }, () => {
  let dataDir: string;
  let database: TestDatabase | null = null;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nasij-cli-'));
    if (TEST_ENGINE === 'postgres') database = await createTestDatabase({ migrated: false });
    env = {
      NASIJ_DATA_DIR: dataDir,
      DATABASE_URL: database?.url ?? undefined,
      NASIJ_DEMO_PASSWORD: 'demo password 2026',
    };
    // The test's own connection must not hold the database while the CLI works on it.
    await database?.handle.close();
  });
  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (database) await database.destroy().catch(() => {});
  });

  /** Every row of every table, in a stable order, as text. */
  async function snapshot(): Promise<string> {
    const handle = await openConfiguredDatabase(loadConfig(env));
    try {
      const parts: string[] = [];
      for (const table of TABLES) {
        const { rows } = await sql<
          Record<string, unknown>
        >`SELECT * FROM ${sql.table(table)} ORDER BY 1`.execute(handle.db);
        parts.push(`${table}:${JSON.stringify(rows)}`);
      }
      return parts.join('\n');
    } finally {
      await handle.close();
    }
  }

  it('prints help, and refuses bad arguments with a clear message and a non-zero exit', async () => {
    const help = await runCli(['--help'], env);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed', 'users', 'backup', 'restore', 'audit'])
      expect(help.stdout).toContain(command);
    const unknown = await runCli(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const badPort = await runCli(['serve', '--port', 'abc'], env);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toMatch(/must be a port number/);
    const noEmail = await runCli(['users', 'create-admin'], env);
    expect(noEmail.code).toBe(2);
    expect(noEmail.stderr).toMatch(/--email/);
    const badEnv = await runCli(['migrate'], { ...env, NASIJ_SESSION_IDLE_MINUTES: 'soon' });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toMatch(/NASIJ_SESSION_IDLE_MINUTES must be a whole number/);
  });

  it('migrates, seeds the demo, creates an admin and verifies the audit trail', async () => {
    expect((await runCli(['migrate'], env)).stdout).toContain('database is up to date');
    const seeded = await runCli(['seed', '--demo'], env);
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toContain('demo user coop@nasij.local (actor)');
    const admin = await runCli(['users', 'create-admin', '--email', 'chef@nasij.local'], {
      ...env,
      NASIJ_ADMIN_PASSWORD: 'a long admin password',
    });
    expect(admin.code).toBe(0);
    expect(admin.stdout).toContain('administrator chef@nasij.local created');
    const again = await runCli(['users', 'create-admin', '--email', 'chef@nasij.local'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('chef@nasij.local already has an account');
    const verify = await runCli(['audit', 'verify', '--json'], env);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, firstProblem: null });
  });

  it('audit verify exits non-zero and names the row when the trail was tampered with', async () => {
    const handle = await openConfiguredDatabase(loadConfig(env));
    let originalLabel = '';
    try {
      const row = await handle.db
        .selectFrom('audit_log')
        .select('actor_label')
        .where('seq', '=', 2)
        .executeTakeFirstOrThrow();
      originalLabel = row.actor_label;
      await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(handle.db);
      await sql`UPDATE audit_log SET actor_label = 'someone else' WHERE seq = 2`.execute(handle.db);
    } finally {
      await handle.close();
    }
    const verify = await runCli(['audit', 'verify'], env);
    expect(verify.code).toBe(3);
    expect(verify.stdout).toContain('BROKEN at row 2 (edited)');
    const repair = await openConfiguredDatabase(loadConfig(env));
    try {
      // Put the row back as it was, so the next test starts from an intact trail.
      await sql`UPDATE audit_log SET actor_label = ${originalLabel} WHERE seq = 2`.execute(repair.db);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(repair.db);
    } finally {
      await repair.close();
    }
    expect((await runCli(['audit', 'verify'], env)).code).toBe(0);
  });

  it('backup then restore gives back identical data', async () => {
    const file = path.join(dataDir, TEST_ENGINE === 'postgres' ? 'backup.sql' : 'backup.tar.gz');
    const before = await snapshot();
    const saved = await runCli(['backup', file], env);
    expect(saved.code).toBe(0);
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
    // Change the data after the backup: the restore must undo it.
    await runCli(['users', 'create-admin', '--email', 'after-backup@nasij.local'], env);
    expect(await snapshot()).not.toBe(before);
    const refused = await runCli(['restore', file], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--force/);
    const restored = await runCli(['restore', file, '--force'], env);
    expect(restored.code).toBe(0);
    expect(await snapshot()).toBe(before);
  });

  it('refuses to restore a file that is not a backup', async () => {
    const junk = path.join(dataDir, 'junk.bin');
    fs.writeFileSync(junk, 'hello, I am not a backup');
    const result = await runCli(['restore', junk, '--force'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is not a (PGlite backup|SQL dump)/);
  });
});
