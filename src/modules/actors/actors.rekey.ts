import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { searchKey } from '../../shared/normalise.js';

const SETTING = 'actors.search_key_fingerprint';

/** Names whose keys change when any normalisation rule changes: a fingerprint of the rules in force. */
const PROBES = [
  'Coopérative Tifaouine',
  'تعاونية تيفاوين',
  'Association Annour pour le développement',
  'جمعية النور للتنمية',
  'Ouarzazate Warzazat ورزازات',
  'Chefchaouen شفشاون',
  'Mohammed Muhammad محمد',
  'Fatima Zahra فاطمة الزهراء',
  'Abderrahmane عبد الرحمن',
  'Aït Baha آيت باها',
  'Sté SARL شركة ش.م.م',
  'Khadija Khadidja خديجة ٠١٢٣',
];

export function searchKeyFingerprint(): string {
  return createHash('sha256').update(PROBES.map(searchKey).join('|')).digest('hex').slice(0, 16);
}

/**
 * Stored search keys are only as good as the rules that made them: when the normalisation changes,
 * every key is recomputed, in batches, before the server answers searches with mixed keys.
 */
export async function ensureSearchKeysCurrent(
  db: Kysely<Database>,
  onProgress: (done: number) => void = () => {},
  batchSize = 5000,
): Promise<{ rekeyed: number; wasCurrent: boolean }> {
  const fingerprint = searchKeyFingerprint();
  const stored = await db
    .selectFrom('system_settings')
    .select('value')
    .where('key', '=', SETTING)
    .executeTakeFirst();
  if (stored?.value === fingerprint) return { rekeyed: 0, wasCurrent: true };
  let rekeyed = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db
      .selectFrom('actors')
      .select(['id', 'name_fr', 'name_ar', 'search_key'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    const last = rows.at(-1);
    if (!last) break;
    after = last.id;
    const changed = rows
      .map((row) => ({
        id: row.id,
        key: searchKey([row.name_fr, row.name_ar].filter(Boolean).join(' ')),
        old: row.search_key,
      }))
      .filter((row) => row.key !== row.old);
    if (changed.length > 0) {
      const values = sql.join(changed.map((row) => sql`(${row.id}::uuid, ${row.key})`));
      await sql`UPDATE actors SET search_key = v.key FROM (VALUES ${values}) AS v(id, key) WHERE actors.id = v.id`.execute(
        db,
      );
    }
    rekeyed += changed.length;
    if (changed.length > 0) onProgress(rekeyed);
  }
  await db
    .insertInto('system_settings')
    .values({ key: SETTING, value: fingerprint })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: fingerprint, updated_at: new Date() }))
    .execute();
  return { rekeyed, wasCurrent: false };
}
