/**
 * Arabic mirrors the layout only if nothing is pinned to a physical side. This fails on
 * left/right CSS properties and on Mantine's physical spacing props (ml, mr, pl, pr), whose
 * logical twins (margin-inline-start, ms, pe...) follow the reading direction.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Read from disk: under Vitest, `?raw` imports of CSS come back empty.
const SRC = path.dirname(fileURLToPath(import.meta.url));
const files: Record<string, string> = Object.fromEntries(
  fs
    .readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(css|tsx)$/.test(file))
    .map((file) => [file, fs.readFileSync(path.join(SRC, file), 'utf8')]),
);

const PHYSICAL = [
  /\b(?:margin|padding|border)-(?:left|right)\b/,
  /(?:^|[\s{;"'])(?:left|right)\s*:/m,
  /text-align\s*:\s*(?:left|right)/,
  /\bfloat\s*:\s*(?:left|right)/,
  /\s(?:ml|mr|pl|pr)=\{?["'\d]/,
  /\b(?:marginLeft|marginRight|paddingLeft|paddingRight)\b/,
];

describe('layout uses logical directions only', () => {
  it('finds the style and component files', () => {
    expect(Object.keys(files).length).toBeGreaterThan(20);
  });

  it('has no physical left/right styling', () => {
    const offending = Object.entries(files).flatMap(([file, text]) =>
      text
        .split('\n')
        .map((line, index) => ({ line: line.trim(), at: `${file}:${index + 1}` }))
        .filter(({ line }) => PHYSICAL.some((pattern) => pattern.test(line)))
        .map(({ line, at }) => `${at}  ${line}`),
    );
    expect(offending).toEqual([]);
  });
});
