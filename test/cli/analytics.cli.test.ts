import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// PGlite in a temporary data directory: the real binary, end to end.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nasij-analytics-cli-'));
const env = { NASIJ_DATA_DIR: dataDir, NASIJ_DEMO: '0' };

describe('nasij analytics and generate --facts (PGlite)', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('generates facts alone, then refreshes incrementally or in full', async () => {
    const generated = await runCli(
      ['generate', '--actors', '0', '--facts', '600', '--seed', '9'],
      env,
      180_000,
    );
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toMatch(/generated 600 indicator facts .* analytics rebuilt/);
    const refreshed = await runCli(['analytics', 'refresh'], env, 180_000);
    expect(refreshed.code, refreshed.stderr).toBe(0);
    // The first run computes the computed indicators (no actors: nothing to write) and is up to date.
    expect(refreshed.stdout).toContain('computed indicators: 0 facts written');
    const full = await runCli(['analytics', 'refresh', '--full'], env, 180_000);
    expect(full.code, full.stderr).toBe(0);
    expect(full.stdout).toMatch(/aggregates: full refresh, \d+ rows written/);
    const again = await runCli(['generate', '--actors', '0', '--facts', '600', '--seed', '9'], env, 180_000);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already generated');
  }, 600_000);
});
