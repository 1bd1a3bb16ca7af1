// Prints bench/results.json (or the file given) as the Markdown table docs/performance.md quotes.
//   npx tsx bench/markdown.ts [bench/results.json]
import fs from 'node:fs';
import { formatMarkdown, type Row } from './report.js';

const file = process.argv[2] ?? 'bench/results.json';
const results = JSON.parse(fs.readFileSync(file, 'utf8')) as { at: string; results: Row[] };
process.stdout.write(`Measured ${results.at}.\n\n${formatMarkdown(results.results)}\n`);
