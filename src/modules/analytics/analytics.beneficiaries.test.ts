import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../../../test/helpers/app.js';
import { TEST_ENGINE } from '../../../test/helpers/db.js';
import { createPrng } from '../../../test/helpers/prng.js';
import { refreshComputedFacts } from './analytics.computed.js';
import { runAnalyticsMaintenance } from './analytics.maintenance.js';
import { rebuildAnalytics, refreshAnalytics } from './analytics.refresh.js';

type Row = Record<string, unknown>;

/**
 * Beneficiaries, amounts and quantities by sex, age band and disability (issue 6, part 5): from the
 * beneficiary artisan's registry facts, the age at the benefit date; organisations and unknown facts
 * count in the total only; members of beneficiary organisations by sex from their member counts.
 */
describe(`beneficiary breakdowns by person facts (${TEST_ENGINE})`, () => {
  let t: TestApp;
  let programme: string;
  const ids: Record<string, string> = {};
  const benefits: string[] = [];

  const db = () => t.database.handle.db;
  const rows = async (query: string): Promise<Row[]> => {
    const response = await t.app.inject({ method: 'GET', url: `/api/analytics?${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().rows as Row[];
  };
  const breakdown = async (indicator: string, dim: string, period = '2025', grain = 'year') =>
    (await rows(`indicator=${indicator}&grain=${grain}&from=${period}&to=${period}&breakdown=${dim}`)).map(
      (row) => [row.breakdownValue, row.actual],
    );
  const total = async (indicator: string, period = '2025', grain = 'year') =>
    (await rows(`indicator=${indicator}&grain=${grain}&from=${period}&to=${period}`)).map(
      (row) => row.actual,
    );

  const actor = async (
    key: string,
    values: {
      kind?: string;
      province: string;
      sex?: 'female' | 'male' | null;
      born?: string | null;
      disability?: boolean | null;
      women?: number;
      men?: number;
    },
  ) => {
    const row = await db()
      .insertInto('actors')
      .values({
        kind: (values.kind ?? 'artisan') as 'artisan',
        name_fr: key,
        search_key: key.toLowerCase(),
        province_code: values.province,
        region_code: values.province.slice(0, 2),
        created_at: new Date('2024-01-01T00:00:00Z'),
        sex: values.sex ?? null,
        birth_date: values.born ?? null,
        has_disability: values.disability ?? null,
        members_women: values.women ?? null,
        members_men: values.men ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[key] = row.id;
  };
  const grant = async (key: string, on: string, centimes: number, cancelledOn?: string) => {
    const row = await db()
      .insertInto('benefits')
      .values({
        programme_id: programme,
        actor_id: ids[key] ?? '',
        amount_centimes: centimes,
        granted_at: new Date(`${on}T09:00:00Z`),
        granted_by_label: 'test',
        status: cancelledOn ? 'cancelled' : 'granted',
        updated_at: new Date(`${cancelledOn ?? on}T09:00:00Z`),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    benefits.push(row.id);
  };

  beforeAll(async () => {
    t = await createTestApp();
    const manager = await signIn(t, 'partner');
    programme = (
      await db()
        .insertInto('programmes')
        .values({
          reference: 'PRG-PERSONS',
          organisation_id: manager.organisationId as string,
          kind: 'financing',
          title_fr: 'Subventions',
          budget_centimes: 100_000_000,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await actor('Amina', { province: '01.511', sex: 'female', born: '1995-06-15', disability: false });
    // Sixty on the very day of the benefit: elderly.
    await actor('Brahim', { province: '01.571', sex: 'male', born: '1965-02-20', disability: true });
    // A master artisan whose facts the registry does not hold.
    await actor('Chafik', { kind: 'master_artisan', province: '01.571' });
    await actor('Coopérative Dar', { kind: 'cooperative', province: '01.511', women: 10, men: 4 });
    // 34 at her first benefit, 35 at her second.
    await actor('Erraji', { province: '01.511', sex: 'female', born: '1990-07-01' });
    await grant('Amina', '2025-02-10', 1000);
    await grant('Brahim', '2025-02-20', 2000);
    await grant('Chafik', '2025-03-05', 500);
    await grant('Coopérative Dar', '2025-03-05', 4000);
    await grant('Erraji', '2025-03-01', 100);
    await grant('Erraji', '2025-08-01', 300);
    await grant('Brahim', '2025-04-10', 700, '2025-05-12');
    await runAnalyticsMaintenance(db());
  });
  afterAll(() => t.close());

  it('declares the breakdowns on the beneficiary indicators', async () => {
    const stored = await db()
      .selectFrom('indicators')
      .select(['code', 'disaggregations'])
      .where('code', 'in', [
        'PRG_BENEFICIARIES',
        'PRG_AMOUNTS_GRANTED',
        'PRG_MATERIAL_KG',
        'PRG_BENEFICIARY_ORG_MEMBERS',
      ])
      .orderBy('code')
      .execute();
    expect(stored).toEqual([
      { code: 'PRG_AMOUNTS_GRANTED', disaggregations: ['sex', 'age_band', 'disability', 'coastal'] },
      { code: 'PRG_BENEFICIARIES', disaggregations: ['sex', 'age_band', 'disability', 'coastal'] },
      { code: 'PRG_BENEFICIARY_ORG_MEMBERS', disaggregations: ['sex'] },
      { code: 'PRG_MATERIAL_KG', disaggregations: ['sex', 'age_band', 'disability', 'coastal'] },
    ]);
  });

  it('counts beneficiaries by sex, age band at the benefit date and disability; the rest in the total only', async () => {
    // Held at the end of 2025: Amina, Brahim, Chafik, the cooperative, Erraji twice (Brahim's second was cancelled).
    expect(await total('PRG_BENEFICIARIES')).toEqual([6]);
    expect(await breakdown('PRG_BENEFICIARIES', 'sex')).toEqual([
      ['female', 3],
      ['male', 1],
    ]);
    expect(await breakdown('PRG_BENEFICIARIES', 'age_band')).toEqual([
      ['youth', 2],
      ['adult', 1],
      ['elderly', 1],
    ]);
    expect(await breakdown('PRG_BENEFICIARIES', 'disability')).toEqual([
      ['yes', 1],
      ['no', 1],
    ]);
    // April 2025: Brahim's second benefit still held.
    expect(await breakdown('PRG_BENEFICIARIES', 'sex', '2025-04', 'month')).toEqual([
      ['female', 2],
      ['male', 2],
    ]);
    expect(await breakdown('PRG_AMOUNTS_GRANTED', 'sex')).toEqual([
      ['female', 1400],
      ['male', 2000],
    ]);
    expect(await total('PRG_AMOUNTS_GRANTED')).toEqual([7900]);
    expect(await breakdown('PRG_AMOUNTS_GRANTED', 'age_band')).toEqual([
      ['youth', 1100],
      ['adult', 300],
      ['elderly', 2000],
    ]);
    expect(await breakdown('PRG_BENEFICIARIES_WOMEN_LED', 'age_band')).toEqual([
      ['youth', null],
      ['adult', null],
      ['elderly', null],
    ]);
    expect(await breakdown('PRG_BENEFICIARY_ORG_MEMBERS', 'sex')).toEqual([
      ['female', 10],
      ['male', 4],
    ]);
  });

  it('follows the registry: a corrected fact moves the benefit to its new cell', async () => {
    await sql`UPDATE actors SET sex = 'male', has_disability = true WHERE id = ${ids.Chafik}`.execute(db());
    await runAnalyticsMaintenance(db());
    expect(await breakdown('PRG_BENEFICIARIES', 'sex')).toEqual([
      ['female', 3],
      ['male', 2],
    ]);
    expect(await breakdown('PRG_BENEFICIARIES', 'disability')).toEqual([
      ['yes', 2],
      ['no', 1],
    ]);
  });

  it('after any changes, incremental refreshes give what a full recompute and rebuild give', async () => {
    const prng = createPrng(6005);
    const keys = Object.keys(ids).filter((key) => key !== 'Coopérative Dar');
    const date = (from: number, to: number) =>
      `${prng.int(from, to)}-${String(prng.int(1, 12)).padStart(2, '0')}-${String(prng.int(1, 28)).padStart(2, '0')}`;
    for (let round = 0; round < 6; round += 1) {
      for (let step = 0; step < 3; step += 1) {
        const who = ids[prng.pick(keys)] ?? '';
        const change = prng.int(0, 5);
        if (change === 0)
          await sql`UPDATE actors SET sex = ${prng.pick(['female', 'male', null])} WHERE id = ${who}`.execute(
            db(),
          );
        else if (change === 1)
          await sql`UPDATE actors SET birth_date = ${prng.pick([date(1940, 2005), null])} WHERE id = ${who}`.execute(
            db(),
          );
        else if (change === 2)
          await sql`UPDATE actors SET has_disability = ${prng.pick([true, false, null])} WHERE id = ${who}`.execute(
            db(),
          );
        else if (change === 3)
          await grant(
            prng.pick(Object.keys(ids)),
            date(2024, 2026).replace(/^2026-1[12]/, '2026-10'),
            prng.int(1, 9) * 100,
          );
        else if (change === 4)
          await sql`UPDATE benefits SET status = 'withdrawn', updated_at = granted_at + interval '40 days'
            WHERE id = ${prng.pick(benefits)}`.execute(db());
        else await sql`UPDATE actors SET province_code = '01.571' WHERE id = ${who}`.execute(db());
      }
      const computed = await refreshComputedFacts(db());
      expect(computed.ran).toBe(true);
      expect(['incremental', 'none']).toContain((await refreshAnalytics(db())).mode);
    }
    const facts = async () =>
      (
        await sql<Row>`SELECT i.code, f.territory_code, f.period_start::text AS period, f.sex, f.age_band,
            f.disability, f.coastal, f.value
          FROM indicator_facts f JOIN indicators i ON i.id = f.indicator_id
          WHERE i.source = 'computed'
          ORDER BY 1, 2, 3, 4, 5, 6, 7`.execute(db())
      ).rows;
    const aggregates = async () =>
      (
        await sql<Row>`SELECT * FROM analytics_aggregates
          ORDER BY indicator_id, territory_level, grain, period_start, dim, territory_code, dim_value, commitment_key`.execute(
          db(),
        )
      ).rows;
    const written = await facts();
    expect(written.some((f) => f.age_band !== 'all')).toBe(true);
    const incremental = await aggregates();
    // Computed from nothing, the facts are the same as those written change by change.
    await sql`DELETE FROM indicator_facts WHERE indicator_id IN (SELECT id FROM indicators WHERE source = 'computed')`.execute(
      db(),
    );
    await refreshComputedFacts(db(), { force: true });
    expect(await facts()).toEqual(written);
    expect((await rebuildAnalytics(db())).mode).toBe('full');
    expect(await aggregates()).toEqual(incremental);
  });
});
