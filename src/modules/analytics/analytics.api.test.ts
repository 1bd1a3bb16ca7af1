import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../../../test/helpers/app.js';
import { TEST_ENGINE } from '../../../test/helpers/db.js';
import { insertCommitments, insertFacts, insertIndicator, linkIndicator } from './analytics.fixtures.js';

type Row = Record<string, unknown>;

describe(`GET /api/analytics (${TEST_ENGINE})`, () => {
  let t: TestApp;
  let fixture: Awaited<ReturnType<typeof insertCommitments>>;

  const get = async (query: string) => t.app.inject({ method: 'GET', url: `/api/analytics?${query}` });
  const rows = async (query: string): Promise<Row[]> => {
    const response = await get(query);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().rows as Row[];
  };
  const one = (list: Row[], territory: string | null, period: string, value: string | null = null) => {
    const found = list.find(
      (row) => row.territoryCode === territory && row.period === period && row.breakdownValue === value,
    );
    if (!found) throw new Error(`no row ${territory} ${period} ${value}`);
    return found;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.database.handle.db;
    fixture = await insertCommitments(db, { name: 'Analytics', axes: ['WOMEN', 'TRAINING'] });
    const [c1, c2] = fixture.commitmentIds;
    const sum = await insertIndicator(db, { code: 'A_SUM', aggregation: 'sum', disaggregations: ['sex'] });
    const ratio = await insertIndicator(db, { code: 'A_RATIO', aggregation: 'ratio', unit: 'percent' });
    const average = await insertIndicator(db, { code: 'A_AVG', aggregation: 'average' });
    const stock = await insertIndicator(db, { code: 'A_STOCK', aggregation: 'sum', temporal: 'stock' });
    for (const indicator of [sum, ratio, average, stock])
      for (const c of [c1, c2]) await linkIndicator(db, c ?? '', indicator);
    await insertFacts(db, [
      // 01.511 Tanger-Assilah and 01.571 Tétouan are in region 01; 06.141.01.00 is in Casablanca 06.141.
      {
        indicatorId: sum,
        commitmentId: c1,
        territory: '01.511',
        grain: 'month',
        start: '2025-01-01',
        sex: 'female',
        value: 10,
      },
      {
        indicatorId: sum,
        commitmentId: c1,
        territory: '01.511',
        grain: 'month',
        start: '2025-02-01',
        sex: 'male',
        value: 5,
      },
      {
        indicatorId: sum,
        commitmentId: c2,
        territory: '01.571',
        grain: 'month',
        start: '2025-03-01',
        sex: 'female',
        value: 7,
      },
      // A regional quarterly fact: in region 01's first quarter and 2025, in no month and no province.
      {
        indicatorId: sum,
        commitmentId: c1,
        territory: '01',
        grain: 'quarter',
        start: '2025-01-01',
        value: 100,
      },
      {
        indicatorId: sum,
        commitmentId: c2,
        territory: '06.141.01.00',
        grain: 'month',
        start: '2025-05-01',
        sex: 'female',
        value: 3,
      },
      // A national yearly fact: in the nation's 2025 only.
      {
        indicatorId: sum,
        commitmentId: c1,
        territory: null,
        grain: 'year',
        start: '2025-01-01',
        value: 1000,
      },
      {
        indicatorId: ratio,
        commitmentId: c1,
        territory: '01.511',
        grain: 'month',
        start: '2025-01-01',
        numerator: 3,
        denominator: 4,
      },
      {
        indicatorId: ratio,
        commitmentId: c1,
        territory: '01.571',
        grain: 'month',
        start: '2025-01-01',
        numerator: 1,
        denominator: 0,
      },
      {
        indicatorId: ratio,
        commitmentId: c1,
        territory: '01.571',
        grain: 'month',
        start: '2025-02-01',
        numerator: 0,
        denominator: 0,
      },
      {
        indicatorId: average,
        commitmentId: c1,
        territory: '01.511',
        grain: 'month',
        start: '2025-01-01',
        value: 10,
      },
      {
        indicatorId: average,
        commitmentId: c1,
        territory: '01.571',
        grain: 'month',
        start: '2025-01-01',
        value: 20,
      },
      {
        indicatorId: average,
        commitmentId: c2,
        territory: '01.571',
        grain: 'month',
        start: '2025-02-01',
        value: 60,
      },
      {
        indicatorId: stock,
        commitmentId: c1,
        territory: '01.511',
        grain: 'month',
        start: '2025-01-01',
        value: 100,
      },
      {
        indicatorId: stock,
        commitmentId: c1,
        territory: '01.511',
        grain: 'month',
        start: '2025-02-01',
        value: 110,
      },
      {
        indicatorId: stock,
        commitmentId: c1,
        territory: '01.511',
        grain: 'month',
        start: '2025-03-01',
        value: 120,
      },
      {
        indicatorId: stock,
        commitmentId: c1,
        territory: '01.571',
        grain: 'month',
        start: '2025-01-01',
        value: 50,
      },
      {
        indicatorId: stock,
        commitmentId: c1,
        territory: '01.571',
        grain: 'month',
        start: '2025-02-01',
        value: 55,
      },
    ]);
    await sql`INSERT INTO indicator_targets (indicator_id, commitment_id, territory_code, period, kind, value) VALUES
      (${sum}, NULL, '01', '2025Q1', 'target', 200),
      (${sum}, NULL, '01.511', '2025', 'target', 50),
      (${sum}, NULL, '01.571', '2025', 'target', 30),
      (${sum}, NULL, NULL, '2024', 'baseline', 900),
      (${sum}, NULL, NULL, '2026', 'target', 2000),
      (${sum}, ${c1}, NULL, '2026', 'target', 1200),
      (${sum}, ${c1}, NULL, '2025', 'target', 1500)`.execute(db);
  });
  afterAll(() => t.close());

  it('adds provinces into regions and the nation, months into quarters and years', async () => {
    const months = await rows(
      'indicator=A_SUM&level=province&grain=month&from=2025-01&to=2025-03&territory=01',
    );
    expect(months).toHaveLength(8 * 3); // the 8 provinces of region 01, 3 months
    expect(one(months, '01.511', '2025-01')).toMatchObject({
      actual: 10,
      available: true,
      status: 'ok',
      facts: 1,
    });
    expect(one(months, '01.511', '2025-02').actual).toBe(5);
    expect(one(months, '01.511', '2025-03')).toMatchObject({
      actual: null,
      available: false,
      status: 'no_data',
      facts: 0,
    });
    expect(one(months, '01.571', '2025-03').actual).toBe(7);

    const quarters = await rows('indicator=A_SUM&level=region&grain=quarter&from=2025Q1&to=2025Q2');
    expect(quarters).toHaveLength(12 * 2);
    expect(one(quarters, '01', '2025Q1')).toMatchObject({
      actual: 122,
      target: 200,
      progressPercent: 61,
      territoryNameFr: 'Tanger-Tétouan-Al Hoceima',
    });
    expect(one(quarters, '01', '2025Q2').actual).toBeNull();
    // The prefecture of arrondissements counts in Casablanca-Settat.
    expect(one(quarters, '06', '2025Q2').actual).toBe(3);

    const year = await rows('indicator=A_SUM&level=nation&grain=year&from=2025&to=2025');
    // No overall national target for 2025: commitment c1's own 1500 is the target.
    expect(year).toEqual([
      expect.objectContaining({
        territoryCode: null,
        period: '2025',
        actual: 1125,
        target: 1500,
        progressPercent: 75,
        baseline: 900,
      }),
    ]);
    // In 2026 an overall national target exists: it wins over commitment c1's own (not added to it).
    const next = await rows('indicator=A_SUM&level=nation&grain=year&from=2026&to=2026');
    expect(next[0]).toMatchObject({ actual: null, target: 2000, baseline: 900, progressPercent: null });
    const regionYear = await rows('indicator=A_SUM&level=region&grain=year&from=2025&to=2025&territory=01');
    // No target for region 01 in 2025: its provinces' targets add up.
    expect(regionYear).toEqual([
      expect.objectContaining({ territoryCode: '01', actual: 122, target: 80, baseline: null }),
    ]);
  });

  it('breaks down by one disaggregation; facts not broken down count in the total only', async () => {
    const bySex = await rows(
      'indicator=A_SUM&level=region&grain=quarter&from=2025Q1&to=2025Q1&breakdown=sex&territory=01',
    );
    expect(bySex.map((row) => [row.breakdownValue, row.actual])).toEqual([
      ['female', 17],
      ['male', 5],
    ]);
    const women = await rows(
      'indicator=A_SUM&level=nation&grain=year&from=2025&to=2025&breakdown=sex&values=female',
    );
    expect(women).toEqual([expect.objectContaining({ breakdownValue: 'female', actual: 20, target: null })]);
  });

  it('filters by axis, partner and convention through the commitments', async () => {
    const women = await rows('indicator=A_SUM&grain=year&from=2025&to=2025&axis=WOMEN');
    // Commitment c1 only: 10 + 5 + 100 + 1000; its own national target.
    expect(women[0]).toMatchObject({ actual: 1115, target: 1500, progressPercent: 74.3 });
    const partner = await rows(
      `indicator=A_SUM&grain=year&from=2025&to=2025&partner=${fixture.organisationId}`,
    );
    expect(partner[0]?.actual).toBe(1125);
    const convention = await rows(
      `indicator=A_SUM&grain=year&from=2025&to=2025&convention=${fixture.conventionId}&axis=QUALITY`,
    );
    expect(convention[0]).toMatchObject({ actual: null, status: 'no_data' });
  });

  it('ratio: Σ numerators / Σ denominators × 100; a zero denominator is "not available", never an error', async () => {
    const months = await rows(
      'indicator=A_RATIO&level=province&grain=month&from=2025-01&to=2025-02&territory=01',
    );
    expect(one(months, '01.511', '2025-01')).toMatchObject({
      actual: 75,
      numerator: 3,
      denominator: 4,
      available: true,
    });
    expect(one(months, '01.571', '2025-01')).toMatchObject({
      actual: null,
      numerator: 1,
      denominator: 0,
      available: false,
      status: 'zero_denominator',
    });
    const region = await rows(
      'indicator=A_RATIO&level=region&grain=month&from=2025-01&to=2025-02&territory=01',
    );
    expect(one(region, '01', '2025-01')).toMatchObject({ actual: 100, numerator: 4, denominator: 4 });
    expect(one(region, '01', '2025-02')).toMatchObject({
      actual: null,
      available: false,
      status: 'zero_denominator',
    });
    const quarter = await rows(
      'indicator=A_RATIO&level=region&grain=quarter&from=2025Q1&to=2025Q1&territory=01',
    );
    expect(quarter[0]).toMatchObject({ actual: 100, numerator: 4, denominator: 4 });
  });

  it('average: the mean of the values, not of the sub-averages', async () => {
    const region = await rows(
      'indicator=A_AVG&level=region&grain=month&from=2025-01&to=2025-01&territory=01',
    );
    expect(region[0]?.actual).toBe(15);
    const quarter = await rows(
      'indicator=A_AVG&level=region&grain=quarter&from=2025Q1&to=2025Q1&territory=01',
    );
    expect(quarter[0]?.actual).toBe(30);
  });

  it("stock: a quarter holds each province's latest month, and provinces add up", async () => {
    const provinces = await rows(
      'indicator=A_STOCK&level=province&grain=quarter&from=2025Q1&to=2025Q1&territory=01',
    );
    expect(one(provinces, '01.511', '2025Q1').actual).toBe(120);
    expect(one(provinces, '01.571', '2025Q1').actual).toBe(55);
    const region = await rows('indicator=A_STOCK&level=region&grain=year&from=2025&to=2025&territory=01');
    expect(region[0]?.actual).toBe(175);
    const months = await rows('indicator=A_STOCK&level=nation&grain=month&from=2025-01&to=2025-03');
    expect(months.map((row) => row.actual)).toEqual([150, 165, 120]);
  });

  it('sees a new fact at once: the read refreshes what changed', async () => {
    const db = t.database.handle.db;
    const indicator = await db
      .selectFrom('indicators')
      .select('id')
      .where('code', '=', 'A_SUM')
      .executeTakeFirstOrThrow();
    await insertFacts(db, [
      { indicatorId: indicator.id, territory: '01.511', grain: 'month', start: '2025-12-01', value: 4 },
    ]);
    const year = await rows('indicator=A_SUM&level=nation&grain=year&from=2025&to=2025');
    expect(year[0]?.actual).toBe(1129);
    await sql`DELETE FROM indicator_facts WHERE period_start = '2025-12-01'`.execute(db);
    expect((await rows('indicator=A_SUM&level=nation&grain=year&from=2025&to=2025'))[0]?.actual).toBe(1125);
  });

  it('exports the same table as CSV and XLSX, formulas neutralised', async () => {
    const query = 'indicator=A_SUM&level=region&grain=quarter&from=2025Q1&to=2025Q1&territory=01';
    const csv = await t.app.inject({ method: 'GET', url: `/api/analytics.csv?${query}` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('analytics-A_SUM.csv');
    const lines = csv.body.replace('\ufeff', '').trim().split('\n');
    expect(lines[0]).toBe(
      'indicator,territory_code,territory_level,territory_name_fr,territory_name_ar,period,breakdown,breakdown_value,actual,target,baseline,progress_percent,numerator,denominator,facts,available,status',
    );
    expect(lines[1]).toContain('A_SUM,01,region,Tanger-Tétouan-Al Hoceima');
    expect(lines[1]).toContain(',2025Q1,,,122,200,,61,,,4,true,ok');
    const xlsx = await t.app.inject({ method: 'GET', url: `/api/analytics.xlsx?${query}` });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(2).getCell(9).value).toBe(122);
    expect(sheet?.getRow(2).getCell(1).value).toBe('A_SUM');
    const { neutralise } = await import('../actors/actors.export.js');
    expect(neutralise('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
  });

  it('refuses bad input with a located problem', async () => {
    const unknown = await get('indicator=NOPE&from=2025&to=2025');
    expect(unknown.statusCode).toBe(404);
    const badPeriod = await get('indicator=A_SUM&from=2025Q5&to=2025');
    expect(badPeriod.statusCode).toBe(400);
    expect(badPeriod.json().errors).toEqual([
      { pointer: '/querystring/from', detail: expect.stringContaining('quarter') },
    ]);
    const reversed = await get('indicator=A_SUM&from=2026&to=2025');
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().errors[0].pointer).toBe('/querystring/to');
    const tooMany = await get('indicator=A_SUM&level=province&grain=month&from=2000-01&to=2025-12');
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().detail).toContain('more than 10000');
    const notBrokenDown = await get('indicator=A_SUM&from=2025&to=2025&breakdown=age_band');
    expect(notBrokenDown.statusCode).toBe(422);
    expect(notBrokenDown.json().errors[0].pointer).toBe('/querystring/breakdown');
    const badValue = await get('indicator=A_SUM&from=2025&to=2025&breakdown=sex&values=other');
    expect(badValue.statusCode).toBe(400);
    const valuesAlone = await get('indicator=A_SUM&from=2025&to=2025&values=female');
    expect(valuesAlone.statusCode).toBe(400);
    const unknownTerritory = await get('indicator=A_SUM&from=2025&to=2025&level=province&territory=99');
    expect(unknownTerritory.json().errors[0].pointer).toBe('/querystring/territory');
    const levelAbove = await get('indicator=A_SUM&from=2025&to=2025&level=region&territory=01.511');
    expect(levelAbove.statusCode).toBe(422);
    const badLevel = await get('indicator=A_SUM&from=2025&to=2025&level=commune');
    expect(badLevel.statusCode).toBe(400);
    const unknownConvention = await get(
      'indicator=A_SUM&from=2025&to=2025&convention=00000000-0000-4000-8000-000000000000',
    );
    expect(unknownConvention.statusCode).toBe(404);
    const badAxis = await get('indicator=A_SUM&from=2025&to=2025&axis=NOPE');
    expect(badAxis.statusCode).toBe(400);
  });

  it('hides an unpublished convention from the public and partners, not from administrators', async () => {
    const db = t.database.handle.db;
    const hidden = await insertCommitments(db, { name: 'Hidden', axes: ['WOMEN'], published: false });
    const response = await get(`indicator=A_SUM&from=2025&to=2025&convention=${hidden.conventionId}`);
    expect(response.statusCode).toBe(404);
    const partner = await signIn(t, 'partner');
    const asPartner = await partner.request(
      'GET',
      `/api/analytics?indicator=A_SUM&from=2025&to=2025&convention=${hidden.conventionId}`,
    );
    expect(asPartner.statusCode).toBe(404);
    // An administrator sees it (no facts under it: no data).
    const admin = await signIn(t, 'admin');
    const asAdmin = await admin.request(
      'GET',
      `/api/analytics?indicator=A_SUM&from=2025&to=2025&convention=${hidden.conventionId}`,
    );
    expect(asAdmin.statusCode).toBe(200);
    expect(asAdmin.json().rows[0]).toMatchObject({ actual: null, status: 'no_data' });
  });
});
