import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { searchKey } from '../../shared/normalise.js';
import { type ActorReference, checkActor, loadActorReference } from '../actors/actors.validate.js';
import { type GeneratedActor, generateActors, idRange, provinceWeights } from './generate.actors.js';
import { actorColumns } from './generate.columns.js';
import { deleteGenerated, generateRegistry } from './generate.service.js';
import { FEMALE_GIVEN, MALE_GIVEN } from './names.js';

let database: TestDatabase;
let reference: ActorReference;

beforeAll(async () => {
  database = await createTestDatabase();
  reference = await loadActorReference(database.handle.db);
});
afterAll(async () => {
  await database?.destroy();
});

const take = (seed: number, actors: number, duplicatesShare = 0.02): GeneratedActor[] => [
  ...generateActors(reference, { actors, seed, duplicatesShare }),
];

describe('nasij generate: synthetic registry', () => {
  it('gives the same rows for the same seed, and other rows for another seed', () => {
    const first = take(7, 2000);
    const again = take(7, 2000);
    const other = take(8, 2000);
    expect(again).toEqual(first);
    expect(other.map((a) => a.fields.nameFr)).not.toEqual(first.map((a) => a.fields.nameFr));
    expect(new Set(first.map((a) => a.id)).size).toBe(first.length);
  });

  it('makes only rows that pass checkActor, with the columns checkActor would store', () => {
    for (const actor of take(11, 3000, 0.05)) {
      const checked = checkActor(actor.fields, reference, `/${actor.id}`);
      expect(checked.errors).toEqual([]);
      const columns = actorColumns(actor, reference);
      for (const [column, value] of Object.entries(checked.columns)) {
        expect([column, columns[column as keyof typeof columns]]).toEqual([column, value]);
      }
      expect(columns.search_key).toBe(
        searchKey([actor.fields.nameFr, actor.fields.nameAr].filter(Boolean).join(' ')),
      );
      expect(columns.is_demo).toBe(true);
      if (actor.fields.phone) expect(actor.fields.phone).toMatch(/^\+?[0-9 ().-]{6,20}$/);
    }
  });

  it('gives artisans a sex matching their given name, a plausible birth date and about 5% disability', () => {
    const rows = take(5, 6000);
    const female = FEMALE_GIVEN.map((w) => `${w.fr} `);
    const male = MALE_GIVEN.map((w) => `${w.fr} `);
    const persons = rows.filter((a) => a.fields.kind === 'artisan' || a.fields.kind === 'master_artisan');
    expect(persons.length).toBeGreaterThan(2000);
    for (const { fields, duplicateOf } of rows) {
      const person = fields.kind === 'artisan' || fields.kind === 'master_artisan';
      if (!person) {
        expect([fields.sex, fields.birthDate, fields.hasDisability]).toEqual([null, null, null]);
        continue;
      }
      expect(fields.sex).toBe(fields.womenLed ? 'female' : 'male');
      if (duplicateOf === null && fields.nameFr) {
        const given = fields.sex === 'female' ? female : male;
        expect(
          given.some((name) => fields.nameFr?.startsWith(name)),
          fields.nameFr,
        ).toBe(true);
      }
      const born = Number(fields.birthDate?.slice(0, 4));
      expect(born).toBeGreaterThanOrEqual(1925);
      expect(born).toBeLessThanOrEqual(2006);
      if (fields.foundedOn) expect(Number(fields.foundedOn.slice(0, 4)) - born).toBeGreaterThanOrEqual(15);
    }
    const disabled = persons.filter((a) => a.fields.hasDisability).length / persons.length;
    expect(disabled).toBeGreaterThan(0.035);
    expect(disabled).toBeLessThan(0.065);
  });

  it('spreads actors over provinces by population, with kinds and duplicates in the shares asked', () => {
    const rows = take(3, 20_000, 0.02);
    const weights = provinceWeights(reference.territories.values());
    const total = weights.reduce((sum, w) => sum + w.weight, 0);
    const byRegion = new Map<string, number>();
    for (const row of rows) {
      const region = row.fields.provinceCode.slice(0, 2);
      byRegion.set(region, (byRegion.get(region) ?? 0) + 1);
    }
    for (const region of new Set(weights.map((w) => w.row.code.slice(0, 2)))) {
      const expected =
        weights.filter((w) => w.row.code.startsWith(region)).reduce((s, w) => s + w.weight, 0) / total;
      const seen = (byRegion.get(region) ?? 0) / rows.length;
      expect(Math.abs(seen - expected), `region ${region}`).toBeLessThan(0.01 + expected * 0.1);
    }
    // Casablanca is counted by its prefectures of arrondissements, not twice.
    expect(rows.some((r) => r.fields.provinceCode === '06.141')).toBe(false);
    expect(rows.some((r) => r.fields.provinceCode.startsWith('06.141.01'))).toBe(true);
    const share = (kind: string) => rows.filter((r) => r.fields.kind === kind).length / rows.length;
    expect(share('artisan')).toBeGreaterThan(0.4);
    expect(share('association')).toBeGreaterThan(0.33);
    expect(share('cooperative')).toBeGreaterThan(0.08);
    const duplicates = rows.filter((r) => r.duplicateOf);
    expect(duplicates.length / rows.length).toBeGreaterThan(0.015);
    expect(duplicates.length / rows.length).toBeLessThan(0.025);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const duplicate of duplicates) {
      const first = byId.get(duplicate.duplicateOf ?? '');
      expect(first?.fields.provinceCode).toBe(duplicate.fields.provinceCode);
      const corroborated =
        (first?.fields.commune && first.fields.commune === duplicate.fields.commune) ||
        (first?.fields.foundedOn &&
          first.fields.foundedOn.slice(0, 4) === duplicate.fields.foundedOn?.slice(0, 4)) ||
        (first?.fields.phone && duplicate.fields.phone?.endsWith(first.fields.phone.slice(1)));
      expect(corroborated).toBeTruthy();
    }
  });

  it('streams rows and labels into the database, and replaces them on request', async () => {
    const handle = database.handle;
    const summary = await generateRegistry(handle, database.url, {
      actors: 1500,
      seed: 21,
      duplicatesShare: 0.04,
      chunkSize: 400,
    });
    expect(summary.actors).toBe(1500);
    const [low, high] = idRange(21);
    const count = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM actors WHERE id BETWEEN ${low}::uuid AND ${high}::uuid AND is_demo`.execute(
      handle.db,
    );
    expect(count.rows[0]?.n).toBe(1500);
    const labels = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM bench_duplicate_labels l JOIN actors a ON a.id = l.actor_a JOIN actors b ON b.id = l.actor_b`.execute(
      handle.db,
    );
    expect(labels.rows[0]?.n).toBe(summary.duplicates);
    expect(summary.duplicates).toBeGreaterThan(20);
    const stored = await handle.db
      .selectFrom('actors')
      .select(['id', 'search_key', 'name_fr', 'name_ar'])
      .limit(200)
      .execute();
    for (const row of stored)
      expect(row.search_key).toBe(searchKey([row.name_fr, row.name_ar].filter(Boolean).join(' ')));
    await expect(
      generateRegistry(handle, database.url, { actors: 10, seed: 21, duplicatesShare: 0 }),
    ).rejects.toThrow(/already generated/);
    const again = await generateRegistry(handle, database.url, {
      actors: 300,
      seed: 21,
      duplicatesShare: 0,
      replace: true,
    });
    expect(again.actors).toBe(300);
    expect(await deleteGenerated(handle, 21)).toBe(300);
  });
});
