import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';
import { TEST_ENGINE } from '../../../test/helpers/db.js';
import { refreshComputedFacts } from '../analytics/analytics.computed.js';
import { runAnalyticsMaintenance } from '../analytics/analytics.maintenance.js';

type Row = Record<string, unknown>;

/**
 * Programme benefits become computed indicators (issue 6, part 5): a benefit granted through the API
 * shows in GET /api/analytics for its beneficiary's province and the month it was granted, after
 * the maintenance the server's timer runs, without anyone reporting it.
 */
describe(`programme indicators (${TEST_ENGINE})`, () => {
  let t: TestApp;
  let manager: SignedInClient;
  let grantProgramme: string;
  let woolProgramme: string;
  let quotaId: string;
  let coastalWoman: string;
  let inland: string;
  const month = new Date().toISOString().slice(0, 7);

  const rows = async (query: string): Promise<Row[]> => {
    const response = await t.app.inject({ method: 'GET', url: `/api/analytics?${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().rows as Row[];
  };
  const at = (indicator: string, province: string) =>
    rows(
      `indicator=${indicator}&level=province&grain=month&from=${month}&to=${month}&territory=${province}`,
    ).then((found) => found.map((row) => row.actual));

  beforeAll(async () => {
    t = await createTestApp();
    manager = await signIn(t, 'partner');
    const db = t.database.handle.db;
    const organisation = manager.organisationId as string;
    grantProgramme = (
      await db
        .insertInto('programmes')
        .values({
          reference: 'PRG-IND-GRANT',
          organisation_id: organisation,
          kind: 'financing',
          title_fr: 'Subventions',
          budget_centimes: 10_000_000,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    woolProgramme = (
      await db
        .insertInto('programmes')
        .values({
          reference: 'PRG-IND-WOOL',
          organisation_id: organisation,
          kind: 'raw_material',
          title_fr: 'Laine',
          material_source: 'agricultural',
          material: 'laine',
          unit: 'kg',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    quotaId = (
      await db
        .insertInto('programme_quotas')
        .values({ programme_id: woolProgramme, unit: 'kg', period: month.slice(0, 4), quantity: 1000 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const actor = async (name: string, province: string, coastal: boolean, womenLed: boolean) =>
      (
        await db
          .insertInto('actors')
          .values({
            kind: 'artisan',
            name_fr: name,
            search_key: name.toLowerCase(),
            province_code: province,
            region_code: province.slice(0, 2),
            coastal,
            women_led: womenLed,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    coastalWoman = await actor('Fatima', '01.511', true, true);
    inland = await actor('Ahmed', '01.571', false, false);
    await runAnalyticsMaintenance(db);
  });
  afterAll(() => t.close());

  it('a benefit granted shows for its province and month, by coastal zone and women-led, with no report', async () => {
    const db = t.database.handle.db;
    expect(await at('PRG_AMOUNTS_GRANTED', '01.511')).toEqual([null]);
    const grant = async (body: Record<string, unknown>, programme = grantProgramme) => {
      const response = await manager.request('POST', `/api/programmes/${programme}/benefits`, body);
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string };
    };
    await grant({ actorId: coastalWoman, amountCentimes: 2_500_000 });
    await grant({ actorId: inland, amountCentimes: 1_000_000 });
    await grant({ actorId: coastalWoman, quantity: 120.5, quotaId }, woolProgramme);
    const toCancel = await grant({ actorId: inland, quantity: 30, quotaId }, woolProgramme);

    // The benefits table marks the computed facts as due (trigger): the timer's run picks them up.
    const maintenance = await runAnalyticsMaintenance(db);
    expect(maintenance.computed.ran).toBe(true);
    expect(await at('PRG_AMOUNTS_GRANTED', '01.511')).toEqual([2_500_000]);
    expect(await at('PRG_AMOUNTS_GRANTED', '01.571')).toEqual([1_000_000]);
    expect(await at('PRG_BENEFICIARIES', '01.511')).toEqual([2]);
    expect(await at('PRG_BENEFICIARIES_WOMEN_LED', '01.511')).toEqual([2]);
    expect(await at('PRG_BENEFICIARIES_WOMEN_LED', '01.571')).toEqual([null]);
    expect(await at('PRG_MATERIAL_KG', '01.511')).toEqual([120.5]);
    expect(await at('PRG_MATERIAL_KG', '01.571')).toEqual([30]);
    expect(await at('PRG_MATERIAL_M3', '01.511')).toEqual([null]);
    // Nation, by coastal zone; the year holds the latest month.
    const coastal = await rows(
      `indicator=PRG_BENEFICIARIES&grain=month&from=${month}&to=${month}&breakdown=coastal`,
    );
    expect(coastal.map((row) => [row.breakdownValue, row.actual])).toEqual([
      ['yes', 2],
      ['no', 2],
    ]);
    expect(
      (
        await rows(
          `indicator=PRG_AMOUNTS_GRANTED&grain=year&from=${month.slice(0, 4)}&to=${month.slice(0, 4)}`,
        )
      ).map((row) => row.actual),
    ).toEqual([3_500_000]);
    const definition = await db
      .selectFrom('indicators')
      .select(['unit', 'source', 'temporal'])
      .where('code', '=', 'PRG_AMOUNTS_GRANTED')
      .executeTakeFirstOrThrow();
    expect(definition).toEqual({ unit: 'mad', source: 'computed', temporal: 'stock' });

    // A cancelled benefit stops counting; nothing else runs than the timer's maintenance.
    const cancelled = await manager.request('POST', `/api/benefits/${toCancel.id}/cancel`, {
      note: 'erreur',
    });
    expect(cancelled.statusCode, cancelled.body).toBeLessThan(300);
    expect((await runAnalyticsMaintenance(db)).computed.ran).toBe(true);
    expect(await at('PRG_MATERIAL_KG', '01.571')).toEqual([null]);
    expect(await at('PRG_MATERIAL_KG', '01.511')).toEqual([120.5]);
    // Nothing changed since: the next run has nothing to do.
    expect((await refreshComputedFacts(db)).ran).toBe(false);
    const reported = await sql<{ n: number }>`SELECT count(*)::int AS n FROM indicator_facts f
      JOIN indicators i ON i.id = f.indicator_id WHERE i.code LIKE 'PRG_%' AND f.report_id IS NOT NULL`.execute(
      db,
    );
    expect(reported.rows[0]?.n).toBe(0);
  });
});
