import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NASIJ_BIN, runCli } from '../helpers/cli.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../helpers/db.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

/** Every server a test started, so one left running by a failed assertion is stopped after all. */
const started: ChildProcess[] = [];

async function startServer(env: Record<string, string | undefined>): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [NASIJ_BIN, 'serve', '--port', String(port)], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (ready === 200) return { child, port, output: () => output, exited };
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become ready:\n${output}`);
}

describe(`the server process on ${TEST_ENGINE}`, { timeout: 240_000 }, () => {
  let dataDir: string;
  let database: TestDatabase | null = null;
  let env: Record<string, string | undefined>;

  let organisationsAfterFirstStart = 0;
  const organisationCount = async (base: string) => {
    const overview = (await fetch(`${base}/api/overview`).then((r) => r.json())) as {
      organisations: { total: number };
    };
    return overview.organisations.total;
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nasij-server-'));
    if (TEST_ENGINE === 'postgres') {
      database = await createTestDatabase({ migrated: false });
      await database.handle.close();
    }
    env = {
      NASIJ_DATA_DIR: dataDir,
      DATABASE_URL: database?.url ?? undefined,
      NASIJ_ADMIN_PASSWORD: 'first admin password',
    };
  });
  afterAll(async () => {
    for (const child of started)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (database) await database.destroy().catch(() => {});
  });

  it('first start migrates, creates the admin, loads the demo; SIGTERM lets an in-flight request finish and exits cleanly', async () => {
    const server = await startServer(env);
    expect(server.output()).toContain('First administrator created');
    expect(server.output()).toContain('Demo data loaded');
    const base = `http://127.0.0.1:${server.port}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@nasij.local', password: 'first admin password' }),
    });
    expect(login.status).toBe(200);
    organisationsAfterFirstStart = await organisationCount(base);
    expect(organisationsAfterFirstStart).toBeGreaterThan(1);
    // Sign-in hashes with argon2id, so it is a request still in flight when SIGTERM arrives.
    const inFlight = fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'partner@nasij.local', password: 'wrong password here' }),
    });
    await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGTERM');
    expect((await inFlight).status).toBe(401);
    const code = await server.exited;
    expect(code, server.output()).toBe(0);
    if (TEST_ENGINE === 'pglite') expect(fs.existsSync(path.join(dataDir, 'nasij.lock'))).toBe(false);
  });

  it('a second start keeps the data and prints no new password', async () => {
    const server = await startServer(env);
    expect(server.output()).not.toContain('First administrator created');
    // Nothing seeded twice: the demo organisations are the same ones.
    expect(await organisationCount(`http://127.0.0.1:${server.port}`)).toBe(organisationsAfterFirstStart);
    if (TEST_ENGINE === 'pglite') {
      // PGlite belongs to one process: a second one is refused while the first runs.
      const second = await runCli(['migrate'], env);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/in use by another Nasij process/);
    }
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('refuses to start on a database migrated by a newer version', async () => {
    const { openConfiguredDatabase } = await import('../../src/db/open.js');
    const { loadConfig } = await import('../../src/config.js');
    const handle = await openConfiguredDatabase(loadConfig(env));
    await handle.db
      .insertInto('schema_migrations')
      .values({ version: 99, name: 'future', checksum: 'x' })
      .execute();
    await handle.close();
    const result = await runCli(['serve', '--port', String(await freePort())], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/migrated by a newer version of Nasij/);
  });
});
