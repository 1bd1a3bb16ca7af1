import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { Database, TerritoryRow } from '../../db/database.js';
import * as territoryRepo from './territory.repository.js';

const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

function readCsv(file: string): Array<Record<string, string>> {
  return parse(fs.readFileSync(`${DATA_DIR}/${file}`, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  });
}

/**
 * The HCP reference (RGPH 2024): 12 regions, 75 provinces and prefectures and Casablanca's 8
 * prefectures of arrondissements, joined to their ISO 3166-2 codes. See data/ATTRIBUTION.md.
 */
export function readTerritoryReference(): TerritoryRow[] {
  const iso = new Map(readCsv('provinces-iso3166-2.csv').map((row) => [row.hcp_code, row]));
  const regionIso = new Map([...iso.values()].map((row) => [row.region_hcp, row.region_iso]));
  const regions: TerritoryRow[] = readCsv('regions.csv').map((row) => ({
    code: String(row.code),
    level: 'region',
    type: 'region',
    parent_code: null,
    iso_code: regionIso.get(row.code) ?? null,
    name_fr: String(row.name_fr),
    name_ar: String(row.name_ar),
    population_2024: Number(row.population_2024),
  }));
  const provinces: TerritoryRow[] = readCsv('provinces.csv').map((row) => {
    const code = String(row.code);
    const isArrondissements = row.type === 'prefecture_of_arrondissements';
    return {
      code,
      level: isArrondissements ? 'arrondissements' : 'province',
      type: row.type as TerritoryRow['type'],
      // A prefecture of arrondissements sits under its prefecture: 06.141.01.00 under 06.141.
      parent_code: isArrondissements ? code.split('.').slice(0, 2).join('.') : String(row.region_code),
      iso_code: iso.get(code)?.iso_3166_2 ?? null,
      name_fr: String(row.name_fr),
      name_ar: String(row.name_ar),
      population_2024: Number(row.population_2024),
    };
  });
  return [
    ...regions,
    ...provinces.filter((p) => p.level === 'province'),
    ...provinces.filter((p) => p.level !== 'province'),
  ];
}

/** Loads or refreshes the reference; idempotent, run at every start after migrations. */
export async function loadTerritoryReference(db: Kysely<Database>): Promise<number> {
  const rows = readTerritoryReference();
  await db.transaction().execute((trx) => territoryRepo.upsertTerritories(trx, rows));
  return rows.length;
}
