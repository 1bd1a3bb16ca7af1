#!/usr/bin/env node
// `npm test`: the unit, module and HTTP tests (vitest), then the browser tests in Debian's Chromium.
// On PGlite by default; on a PostgreSQL server when DATABASE_URL is set. `--no-browser` skips the
// browser tests (CI runs them once, on PGlite).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const args = process.argv.slice(2);
const noBrowser = args.includes('--no-browser');
const passThrough = args.filter((arg) => arg !== '--no-browser');
const engine = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'PGlite (embedded)';
const vitest = 'node_modules/vitest/vitest.mjs';

function run(label, command, commandArgs) {
  process.stdout.write(`\n> ${label}\n`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(`unit, module and HTTP tests on ${engine}`, process.execPath, [vitest, 'run', ...passThrough]);

const chromium = process.env.NASIJ_CHROMIUM ?? '/usr/bin/chromium';
if (noBrowser) {
  process.stdout.write('\n> browser tests: skipped (--no-browser)\n');
} else if (!fs.existsSync('vitest.browser.config.ts')) {
  process.stdout.write('\n> browser tests: none yet\n');
} else if (!fs.existsSync(chromium)) {
  process.stdout.write(
    `\n> browser tests: NOT RUN — Chromium is not installed at ${chromium}. Install Debian's package (apt-get install chromium) to run them; CI does.\n`,
  );
} else {
  run('browser tests in Chromium', process.execPath, [vitest, 'run', '--config', 'vitest.browser.config.ts']);
}
