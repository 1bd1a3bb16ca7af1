// Duplicate detection on the hand-written fixture (test/fixtures/name-variants.json): each canonical
// name and each of its variants becomes a record in the same province with one corroborating field
// (the commune); the look-alikes (same generic name, another place) go to other provinces. Every
// pair of records of one entry is a true duplicate; anything else found is a false positive.
import fs from 'node:fs';
import { openDatabase } from '../src/db/engine.js';
import { migrate } from '../src/db/migrator.js';
import { scanDuplicates } from '../src/modules/actors/actors.duplicates.js';
import { checkActor, emptyActorFields, loadActorReference } from '../src/modules/actors/actors.validate.js';
import { loadStarterNomenclature } from '../src/modules/actors/nomenclature.js';
import { loadTerritoryReference } from '../src/modules/territory/territory.reference.js';
import type { Report } from './report.js';
import { round } from './stats.js';

const FIXTURE = 'test/fixtures/name-variants.json';

interface Entry {
  id: string;
  canonical: { fr: string; ar: string };
  province: string;
  variants: Array<{ kind: string; text: string }>;
  lookalikes: string[];
}

const arabic = (text: string) => /[\u0600-\u06ff]/.test(text);

export async function duplicatesOnFixture(report: Report, limit: number): Promise<void> {
  if (!fs.existsSync(FIXTURE)) {
    report.notYet('duplicate detection F1 on the fixture', '>= 0.9', `no ${FIXTURE}`);
    return;
  }
  const entries = (JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as Entry[]).slice(0, limit);
  const handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
  try {
    await migrate(handle);
    await loadTerritoryReference(handle.db);
    await loadStarterNomenclature(handle.db);
    const reference = await loadActorReference(handle.db);
    const provinces = [...reference.territories.values()]
      .filter((t) => t.level !== 'region')
      .map((t) => t.code);
    const entryOf = new Map<string, string>();
    const byKind = new Map<string, string>();
    const rows = entries.flatMap((entry, i) => {
      const records: Array<{ fr: string | null; ar: string | null; province: string; tag: string }> = [
        { fr: entry.canonical.fr, ar: entry.canonical.ar, province: entry.province, tag: 'canonical' },
        ...entry.variants.map((v) => ({
          fr: arabic(v.text) ? null : v.text,
          ar: arabic(v.text) ? v.text : null,
          province: entry.province,
          tag: v.kind,
        })),
        ...entry.lookalikes.map((name, j) => ({
          fr: arabic(name) ? null : name,
          ar: arabic(name) ? name : null,
          province:
            provinces.filter((p) => p !== entry.province)[(i * 31 + j * 7) % (provinces.length - 1)] ??
            entry.province,
          tag: 'lookalike',
        })),
      ];
      // Kind is a field of the record, not of its spelling: every record of an entry takes the kind
      // its canonical name shows (a variant written without "Coopérative" is still a cooperative).
      const canonicalName = entry.canonical.fr || entry.canonical.ar;
      return records.map((record, k) => {
        const name = canonicalName;
        const kind = /^(coop|تعاونية)/i.test(name)
          ? 'cooperative'
          : /^(assoc|جمعية)/i.test(name)
            ? 'association'
            : 'artisan';
        const checked = checkActor(
          {
            ...emptyActorFields(),
            kind: kind as 'cooperative' | 'association' | 'artisan',
            nameFr: record.fr,
            nameAr: record.ar,
            provinceCode: record.province,
            commune: `Commune ${entry.id}`,
          },
          reference,
          '',
        );
        const id = `00000000-0000-4000-8000-${String(i * 100 + k).padStart(12, '0')}`;
        if (record.tag !== 'lookalike') entryOf.set(id, entry.id);
        byKind.set(id, record.tag);
        return { ...checked.columns, id, is_demo: true };
      });
    });
    for (let i = 0; i < rows.length; i += 500)
      await handle.db
        .insertInto('actors')
        .values(rows.slice(i, i + 500))
        .execute();
    const started = performance.now();
    const pairs = await scanDuplicates(handle.db);
    const seconds = (performance.now() - started) / 1000;
    let truePairs = 0;
    const members = new Map<string, number>();
    for (const entry of entryOf.values()) members.set(entry, (members.get(entry) ?? 0) + 1);
    for (const n of members.values()) truePairs += (n * (n - 1)) / 2;
    let tp = 0;
    let lookalikeHits = 0;
    for (const pair of pairs) {
      const a = entryOf.get(pair.a);
      if (a && a === entryOf.get(pair.b)) tp += 1;
      if (byKind.get(pair.a) === 'lookalike' || byKind.get(pair.b) === 'lookalike') lookalikeHits += 1;
    }
    const precision = pairs.length === 0 ? 0 : tp / pairs.length;
    const recall = truePairs === 0 ? 0 : tp / truePairs;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    report.add({
      benchmark: `duplicate detection F1 on the fixture (${rows.length} records, ${truePairs} true pairs, commune as the one corroboration)`,
      engine: 'pglite',
      size: `${rows.length} records`,
      figure: round(f1, 3),
      unit: '',
      baseline: `precision ${round(precision, 3)}, recall ${round(recall, 3)}`,
      baselineFigure: null,
      goal: '>= 0.9',
      met: f1 >= 0.9,
      details: {
        pairsFound: pairs.length,
        truePositives: tp,
        lookalikePairs: lookalikeHits,
        seconds: round(seconds, 2),
      },
    });
  } finally {
    await handle.close();
  }
}
