import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError, type FieldError } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';

const STARTER = fileURLToPath(new URL('./data/starter-nomenclature.csv', import.meta.url));
const HEADER = ['level', 'code', 'branch', 'family', 'name_fr', 'name_ar', 'name_en'];

export interface NomenclatureRow {
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
  const rows = parseNomenclatureCsv(fs.readFileSync(STARTER, 'utf8'));
  await db.transaction().execute((trx) => insertNomenclature(trx, rows, 'starter'));
  return rows.length;
}

/**
 * Reads a nomenclature CSV (the starter file's format: one row a branch or an activity) and checks
 * it whole, reporting each bad row by its line number in the file.
 */
export function parseNomenclatureCsv(text: string): NomenclatureRow[] {
  let rows: NomenclatureRow[];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), {
      columns: true,
      skip_empty_lines: true,
      trim: true,
    }) as NomenclatureRow[];
  } catch (error) {
    throw new AppError(
      'VALIDATION_FAILED',
      `The nomenclature file is not valid CSV: ${(error as Error).message}`,
    );
  }
  const first = rows[0];
  if (!first || HEADER.some((column) => !(column in first))) {
    throw new AppError('VALIDATION_FAILED', `The nomenclature file needs the columns ${HEADER.join(', ')}`);
  }
  const errors: FieldError[] = [];
  const branchCodes = new Set(rows.filter((row) => row.level === 'branch').map((row) => row.code));
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const line = `/rows/${index + 2}`;
    if (row.level !== 'branch' && row.level !== 'activity')
      errors.push({ pointer: `${line}/level`, detail: 'must be branch or activity' });
    if (!/^[A-Z0-9][A-Z0-9._-]{0,29}$/.test(row.code)) {
      errors.push({ pointer: `${line}/code`, detail: 'upper-case letters, digits, dot, dash or underscore' });
    }
    if (seen.has(row.code))
      errors.push({ pointer: `${line}/code`, detail: `code ${row.code} appears twice` });
    seen.add(row.code);
    if (row.level === 'branch' && row.family !== 'art_production' && row.family !== 'service') {
      errors.push({ pointer: `${line}/family`, detail: 'must be art_production or service' });
    }
    if (row.level === 'activity' && !branchCodes.has(row.branch)) {
      errors.push({ pointer: `${line}/branch`, detail: `no branch ${row.branch} in the file` });
    }
    for (const name of ['name_fr', 'name_ar', 'name_en'] as const) {
      if (!row[name]) errors.push({ pointer: `${line}/${name}`, detail: 'is required' });
    }
  });
  if (errors.length > 0) {
    throw new AppError('VALIDATION_FAILED', `The nomenclature file has ${errors.length} problem(s)`, {
      errors,
    });
  }
  return rows;
}

/**
 * Replaces the whole nomenclature with an administrator's file (the official decree list loads this
 * way), in one transaction. Codes still used by actors must be in the new list.
 */
export async function replaceNomenclature(
  db: Kysely<Database>,
  ctx: Context,
  rows: NomenclatureRow[],
  source: string,
): Promise<{ branches: number; activities: number }> {
  const codes = new Set(rows.map((row) => row.code));
  const used = await db
    .selectFrom('actors')
    .select(['branch_code', 'activity_code'])
    .where((eb) => eb.or([eb('branch_code', 'is not', null), eb('activity_code', 'is not', null)]))
    .distinct()
    .execute();
  const missing = [...new Set(used.flatMap((row) => [row.branch_code, row.activity_code]))].filter(
    (code): code is string => code !== null && !codes.has(code),
  );
  if (missing.length > 0) {
    throw new AppError(
      'CONFLICT',
      `Actors still use codes missing from the new list: ${missing.slice(0, 20).join(', ')}`,
    );
  }
  await db.transaction().execute(async (trx) => {
    const keptActivities = rows.filter((row) => row.level === 'activity').map((row) => row.code);
    const keptBranches = rows.filter((row) => row.level === 'branch').map((row) => row.code);
    await trx.deleteFrom('craft_activities').where('code', 'not in', keptActivities).execute();
    await trx.deleteFrom('craft_branches').where('code', 'not in', keptBranches).execute();
    await insertNomenclature(trx, rows, source);
    await recordAudit(trx, ctx, {
      action: 'nomenclature.replaced',
      entityType: 'nomenclature',
      entityId: 'crafts',
      after: { source, branches: keptBranches.length, activities: keptActivities.length },
    });
  });
  return {
    branches: rows.filter((row) => row.level === 'branch').length,
    activities: rows.filter((row) => row.level === 'activity').length,
  };
}

/** Inserts or updates every row, branches before their activities. */
async function insertNomenclature(
  db: Kysely<Database>,
  rows: NomenclatureRow[],
  source: string,
): Promise<void> {
  const branches = rows.filter((row) => row.level === 'branch');
  const activities = rows.filter((row) => row.level === 'activity');
  if (branches.length > 0) {
    await db
      .insertInto('craft_branches')
      .values(
        branches.map((row) => ({
          code: row.code,
          family: row.family as 'art_production' | 'service',
          name_fr: row.name_fr,
          name_ar: row.name_ar,
          name_en: row.name_en,
          source,
        })),
      )
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          family: eb.ref('excluded.family'),
          name_fr: eb.ref('excluded.name_fr'),
          name_ar: eb.ref('excluded.name_ar'),
          name_en: eb.ref('excluded.name_en'),
          source: eb.ref('excluded.source'),
        })),
      )
      .execute();
  }
  if (activities.length > 0) {
    await db
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
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          branch_code: eb.ref('excluded.branch_code'),
          name_fr: eb.ref('excluded.name_fr'),
          name_ar: eb.ref('excluded.name_ar'),
          name_en: eb.ref('excluded.name_en'),
        })),
      )
      .execute();
  }
}

export async function listNomenclature(db: Kysely<Database>) {
  const branches = await db.selectFrom('craft_branches').selectAll().orderBy('code').execute();
  const activities = await db.selectFrom('craft_activities').selectAll().orderBy('code').execute();
  return branches.map((branch) => ({
    ...branch,
    activities: activities.filter((activity) => activity.branch_code === branch.code),
  }));
}
