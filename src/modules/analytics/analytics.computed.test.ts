import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { TEST_ENGINE } from '../../../test/helpers/db.js';
import { COMPUTED_INDICATORS, ensureComputedIndicators, refreshComputedFacts } from './analytics.computed.js';
import { insertCommitments } from './analytics.fixtures.js';

type Row = Record<string, unknown>;

describe(`computed indicators (${TEST_ENGINE})`, () => {
  let t: TestApp;
  const rows = async (query: string): Promise<Row[]> => {
    const response = await t.app.inject({ method: 'GET', url: `/api/analytics?${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().rows as Row[];
  };
  const actual = async (query: string) => (await rows(query)).map((row) => row.actual);

  const insertActor = async (actor: {
    kind: string;
    province: string;
    created: string;
    coastal?: boolean;
    womenLed?: boolean;
    women?: number;
    men?: number;
    dissolvedOn?: string;
    mergedInto?: string;
  }): Promise<string> => {
    const result = await sql<{
      id: string;
    }>`INSERT INTO actors (kind, name_fr, search_key, province_code, region_code,
        created_at, coastal, women_led, members_women, members_men, status, status_reason, status_changed_on, merged_into)
      VALUES (${actor.kind}, ${`Acteur ${actor.created}`}, 'acteur', ${actor.province}, ${actor.province.slice(0, 2)},
        ${`${actor.created}T10:00:00Z`}, ${actor.coastal ?? false}, ${actor.womenLed ?? false}, ${actor.women ?? null},
        ${actor.men ?? null}, ${actor.dissolvedOn ? 'dissolved' : 'active'}, ${actor.dissolvedOn ? 'dissolution' : null},
        ${actor.dissolvedOn ?? null}, ${actor.mergedInto ?? null})
      RETURNING id`.execute(t.database.handle.db);
    return result.rows[0]?.id ?? '';
  };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('writes the definitions once, audited, and leaves them alone when unchanged', async () => {
    const db = t.database.handle.db;
    const first = await ensureComputedIndicators(db);
    expect(first.created).toHaveLength(COMPUTED_INDICATORS.length);
    const again = await ensureComputedIndicators(db);
    expect(again).toEqual({ created: [], updated: [], conflicts: [] });
    const audited = await db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'indicator')
      .execute();
    expect(audited).toHaveLength(COMPUTED_INDICATORS.length);
    const stored = await db
      .selectFrom('indicators')
      .select(['code', 'source', 'computed_key', 'temporal'])
      .where('code', '=', 'REG_COOPERATIVES')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      code: 'REG_COOPERATIVES',
      source: 'computed',
      computed_key: 'registry.cooperatives',
      temporal: 'stock',
    });
  });

  it('counts live actors at each month end by province, from their dates', async () => {
    const first = await insertActor({
      kind: 'cooperative',
      province: '01.511',
      created: '2025-01-15',
      coastal: true,
      womenLed: true,
      women: 10,
      men: 2,
    });
    await insertActor({
      kind: 'cooperative',
      province: '01.511',
      created: '2025-03-02',
      women: 3,
      men: 5,
      dissolvedOn: '2025-05-10',
    });
    await insertActor({ kind: 'artisan', province: '01.571', created: '2025-02-01' });
    // A duplicate merged into the first: never counted.
    await insertActor({
      kind: 'cooperative',
      province: '01.511',
      created: '2025-01-01',
      women: 50,
      mergedInto: first,
    });
    const result = await refreshComputedFacts(t.database.handle.db);
    expect(result.ran).toBe(true);
    expect(result.inserted).toBeGreaterThan(0);

    expect(await actual('indicator=REG_COOPERATIVES&grain=month&from=2025-01&to=2025-06')).toEqual([
      1, 1, 2, 2, 1, 1,
    ]);
    expect(await actual('indicator=REG_COOPERATIVES&grain=quarter&from=2025Q1&to=2025Q2')).toEqual([2, 1]);
    expect(
      await actual(
        'indicator=REG_ACTORS&level=province&grain=month&from=2025-01&to=2025-03&territory=01.571',
      ),
    ).toEqual([null, 1, 1]);
    expect(
      await actual('indicator=REG_ACTORS&level=region&grain=year&from=2025&to=2025&territory=01'),
    ).toEqual([2]);
    const coastal = await rows('indicator=REG_ACTORS&grain=month&from=2025-03&to=2025-03&breakdown=coastal');
    expect(coastal.map((row) => [row.breakdownValue, row.actual])).toEqual([
      ['yes', 1],
      ['no', 2],
    ]);
    const members = await rows(
      'indicator=REG_COOP_MEMBERS&grain=quarter&from=2025Q1&to=2025Q2&breakdown=sex',
    );
    expect(members.map((row) => [row.period, row.breakdownValue, row.actual])).toEqual([
      ['2025Q1', 'female', 13],
      ['2025Q1', 'male', 7],
      ['2025Q2', 'female', 10],
      ['2025Q2', 'male', 2],
    ]);
    expect(await actual('indicator=REG_COOP_WOMEN_MEMBERS&grain=month&from=2025-04&to=2025-05')).toEqual([
      13, 10,
    ]);
    expect(await actual('indicator=REG_WOMEN_LED_COOPS&grain=month&from=2025-03&to=2025-03')).toEqual([1]);
    const share = await rows('indicator=REG_WOMEN_LED_COOPS_SHARE&grain=month&from=2025-03&to=2025-05');
    expect(share.map((row) => [row.actual, row.numerator, row.denominator])).toEqual([
      [50, 1, 2],
      [50, 1, 2],
      [100, 1, 1],
    ]);
    expect(await actual('indicator=REG_ACTORS_COASTAL&grain=month&from=2025-03&to=2025-03')).toEqual([1]);
  });

  it('does nothing while the registry has not changed, and rewrites only the facts that change', async () => {
    const db = t.database.handle.db;
    expect((await refreshComputedFacts(db)).ran).toBe(false);
    const coopIds = async () =>
      (
        await sql<{
          id: number;
        }>`SELECT f.id FROM indicator_facts f JOIN indicators i ON i.id = f.indicator_id
          WHERE i.code = 'REG_COOPERATIVES' ORDER BY f.id`.execute(db)
      ).rows.map((row) => row.id);
    const before = await coopIds();
    await sql`UPDATE actors SET coastal = true WHERE kind = 'artisan'`.execute(db);
    const result = await refreshComputedFacts(db);
    expect(result.ran).toBe(true);
    // The artisan's cells moved from coastal 'no' to 'yes' (REG_ACTORS, REG_ARTISANS) and it now
    // counts in REG_ACTORS_COASTAL: as many months each, nothing else rewritten.
    expect(result.deleted).toBeGreaterThan(0);
    expect(result.inserted * 2).toBe(result.deleted * 3);
    expect(await coopIds()).toEqual(before);
    expect(await actual('indicator=REG_ACTORS_COASTAL&grain=month&from=2025-03&to=2025-03')).toEqual([2]);
  });

  it('refuses convention, axis and partner filters on a computed indicator', async () => {
    const fixture = await insertCommitments(t.database.handle.db, { name: 'Computed', axes: ['WOMEN'] });
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/analytics?indicator=REG_ACTORS&from=2025&to=2025&convention=${fixture.conventionId}`,
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0].pointer).toBe('/querystring/convention');
  });
});
