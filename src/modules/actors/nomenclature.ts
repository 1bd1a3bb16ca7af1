import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';

const STARTER = fileURLToPath(new URL('./data/starter-nomenclature.csv', import.meta.url));

interface NomenclatureRow {
  level: 'branch' | 'activity';
  code: string;
  branch: string;
  family: string;
  name_fr: string;
  name_ar: string;
  name_en: string;
}

/**
 * The crafts nomenclature ships as a documented starter list (data/starter-nomenclature.csv), NOT
 * the official list of decree 2.21.991 (13 branches, 172 activities): it is loaded only into an
 * empty table, so an administrator's official list, once loaded, is never overwritten.
 */
export async function loadStarterNomenclature(db: Kysely<Database>): Promise<number> {
  const existing = await db.selectFrom('craft_branches').select('code').limit(1).executeTakeFirst();
  if (existing) return 0;
  const rows = parse(fs.readFileSync(STARTER, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  }) as NomenclatureRow[];
  const branches = rows.filter((row) => row.level === 'branch');
  const activities = rows.filter((row) => row.level === 'activity');
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('craft_branches')
      .values(
        branches.map((row) => ({
          code: row.code,
          family: row.family as 'art_production' | 'service',
          name_fr: row.name_fr,
          name_ar: row.name_ar,
          name_en: row.name_en,
          source: 'starter',
        })),
      )
      .execute();
    await trx
      .insertInto('craft_activities')
      .values(
        activities.map((row) => ({
          code: row.code,
          branch_code: row.branch,
          name_fr: row.name_fr,
          name_ar: row.name_ar,
          name_en: row.name_en,
        })),
      )
      .execute();
  });
  return rows.length;
}

export async function listNomenclature(db: Kysely<Database>) {
  const branches = await db.selectFrom('craft_branches').selectAll().orderBy('code').execute();
  const activities = await db.selectFrom('craft_activities').selectAll().orderBy('code').execute();
  return branches.map((branch) => ({
    ...branch,
    activities: activities.filter((activity) => activity.branch_code === branch.code),
  }));
}
