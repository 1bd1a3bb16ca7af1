import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';

// PGlite in a temporary data directory: the real binary, end to end.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nasij-programmes-cli-'));
const env = { NASIJ_DATA_DIR: dataDir, NASIJ_DEMO: '0' };

describe('nasij generate --programmes (PGlite)', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses without generated actors, then generates actors and programmes in one run', async () => {
    const alone = await runCli(
      ['generate', '--actors', '0', '--programmes', '50', '--seed', '3'],
      env,
      180_000,
    );
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('generate some first');
    const generated = await runCli(
      ['generate', '--actors', '1500', '--programmes', '300', '--seed', '3', '--replace'],
      env,
      300_000,
    );
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toMatch(/generated 6 programmes, 8 calls, 300 applications \(.*scored.*\)/);
    expect(generated.stdout).toMatch(/call FIN-2026 \([0-9a-f-]{36}\) has \d+ scored applications/);
    expect(generated.stderr).toMatch(/300 \/ 300 applications/);
    // Replacing the actors replaces the programmes drawn from them.
    const again = await runCli(
      ['generate', '--actors', '1500', '--programmes', '200', '--seed', '3', '--replace'],
      env,
      300_000,
    );
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/200 applications/);
  }, 600_000);
});
