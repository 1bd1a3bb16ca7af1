#!/usr/bin/env node
// Prints, as JSON, the gzip size of every built chunk and what a first visit downloads:
// the entry with its static imports (the shell), plus the home page's chunk and its imports,
// which is what an anonymous visitor opening `/` loads. Budget: 250 KB of gzipped JavaScript.
// Usage: node web/scripts/bundle-size.mjs [--check]   (--check exits 1 when over budget)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_GZIP_BYTES = 250_000;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const manifestPath = path.join(dist, '.vite/manifest.json');
if (!fs.existsSync(manifestPath)) {
  process.stderr.write(`no ${manifestPath}: run "npm run build:web" first\n`);
  process.exit(2);
}
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));

const sizes = new Map();
function sizeOf(file) {
  if (!sizes.has(file)) {
    const bytes = fs.readFileSync(path.join(dist, file));
    sizes.set(file, { file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length });
  }
  return sizes.get(file);
}

/** The files a manifest entry needs before it runs: itself and its static imports, recursively. */
function staticClosure(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const imported of chunk.imports ?? []) staticClosure(imported, seen);
  return seen;
}

const total = (files, ext) =>
  [...files].filter((f) => f.endsWith(ext)).reduce((sum, f) => sum + sizeOf(f).gzipBytes, 0);

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
const homeKey = Object.keys(manifest).find((key) => key.endsWith('pages/HomePage.tsx'));
const shell = staticClosure(entryKey);
const firstPage = staticClosure(homeKey, new Set(shell));
const css = new Set(Object.values(manifest).flatMap((chunk) => chunk.css ?? []));

const jsFiles = fs
  .readdirSync(path.join(dist, 'assets'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => sizeOf(`assets/${f}`))
  .sort((a, b) => b.gzipBytes - a.gzipBytes);

const firstPageJs = total(firstPage, '.js');
const report = {
  budgetGzipBytes: BUDGET_GZIP_BYTES,
  initialLoad: {
    route: '/',
    files: [...firstPage].filter((f) => f.endsWith('.js')),
    jsGzipBytes: firstPageJs,
    cssGzipBytes: [...css].reduce((sum, f) => sum + sizeOf(f).gzipBytes, 0),
    withinBudget: firstPageJs <= BUDGET_GZIP_BYTES,
  },
  shellJsGzipBytes: total(shell, '.js'),
  totalJsGzipBytes: jsFiles.reduce((sum, c) => sum + c.gzipBytes, 0),
  chunks: jsFiles,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
if (process.argv.includes('--check') && !report.initialLoad.withinBudget) process.exit(1);
