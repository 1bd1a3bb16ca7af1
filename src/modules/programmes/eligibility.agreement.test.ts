import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { createPrng, type Prng } from '../generate/prng.js';
import { isEligible } from './eligibility.evaluate.js';
import { ACTOR_KINDS, type Condition, type Rule, validateRule } from './eligibility.rules.js';
import { eligibleIds, loadActorFacts, previewEligible } from './eligibility.sql.js';

const ASOF = new Date('2026-06-15T10:00:00Z');
const PROVINCES = ['01.511', '01.571', '01.573', '02.411', '02.381'];
const REGIONS = ['01', '02', '03'];
const BRANCHES = ['TEX', 'CER', 'BOIS'];

function maybe<T>(prng: Prng, value: () => T, pNull = 0.2): T | null {
  return prng.chance(pNull) ? null : value();
}

function randomCondition(prng: Prng, programmes: string[]): Rule {
  const pick = prng.int(0, 12);
  const cmp = () => prng.pick(['=', '!=', '<', '<=', '>', '>='] as const);
  const list = <T>(items: readonly T[]) => items.filter(() => prng.chance(0.5)).slice(0, 3);
  const nonEmpty = <T>(items: T[], fallback: T) => (items.length ? items : [fallback]);
  const conditions: Array<() => Rule> = [
    () => ({ field: 'kind', op: prng.pick(['=', '!='] as const), value: prng.pick(ACTOR_KINDS) }),
    () => ({
      field: 'kind',
      op: prng.pick(['in', 'not_in'] as const),
      value: nonEmpty(list(ACTOR_KINDS), 'artisan'),
    }),
    () => ({
      field: 'region',
      op: prng.pick(['=', '!=', 'in', 'not_in'] as const),
      value: prng.pick(REGIONS),
    }),
    () => ({
      field: 'province',
      op: prng.pick(['in', 'not_in'] as const),
      value: nonEmpty(list(PROVINCES), '01.511'),
    }),
    () => ({ field: 'branch', op: prng.pick(['=', '!='] as const), value: prng.pick(BRANCHES) }),
    () => ({ field: 'women_share', op: cmp(), value: prng.pick([0, 25, 33.33, 33.34, 40, 50, 66.67, 100]) }),
    () => ({ field: 'youth_share', op: cmp(), value: prng.pick([0, 10, 20, 50]) }),
    () => ({ field: 'disabled_share', op: cmp(), value: prng.pick([0, 5, 10]) }),
    () => ({ field: 'members_count', op: cmp(), value: prng.int(0, 40) }),
    () => ({
      field: 'founded_on',
      op: prng.pick(['=', '<', '<=', '>', '>='] as const),
      value: `20${prng.int(10, 25)}-0${prng.int(1, 9)}-1${prng.int(0, 9)}`,
    }),
    () => ({
      field: prng.pick(['has_nia', 'coastal', 'women_led'] as const),
      op: prng.pick(['=', '!='] as const),
      value: prng.chance(0.5),
    }),
    () => ({ notReceived: { programmeId: prng.pick(programmes), years: prng.int(1, 4) } }),
    () => ({ field: 'activity', op: 'in', value: ['TEX.TAPIS', 'CER.POTERIE'] }),
  ];
  const make = conditions[pick];
  if (!make) throw new Error('no condition');
  const rule = make();
  // Single-valued operators get a scalar, list operators a list.
  if ('field' in rule) {
    const c = rule as Condition;
    if ((c.op === 'in' || c.op === 'not_in') && !Array.isArray(c.value)) c.value = [c.value as string];
    if (c.op !== 'in' && c.op !== 'not_in' && Array.isArray(c.value)) c.value = c.value[0] ?? 'artisan';
  }
  return rule;
}

function randomRule(prng: Prng, programmes: string[], depth = 0): Rule {
  if (depth >= 3 || prng.chance(0.35)) return randomCondition(prng, programmes);
  const children = Array.from({ length: prng.int(0, 4) }, () => randomRule(prng, programmes, depth + 1));
  return prng.chance(0.5) ? { all: children } : { any: children };
}

describe('eligibility: the SQL and TypeScript evaluators agree', () => {
  let test: TestDatabase;
  let programmes: string[];

  beforeAll(async () => {
    test = await createTestDatabase();
    const { db } = test.handle;
    const prng = createPrng(20261129);
    const organisation = await db
      .insertInto('organisations')
      .values({ kind: 'partner', partner_type: 'agency', name_fr: 'Partenaire' })
      .returning('id')
      .executeTakeFirstOrThrow();
    programmes = [];
    for (const reference of ['P-A', 'P-B']) {
      const row = await db
        .insertInto('programmes')
        .values({ reference, organisation_id: organisation.id, kind: 'financing', title_fr: reference })
        .returning('id')
        .executeTakeFirstOrThrow();
      programmes.push(row.id);
    }
    const rows = Array.from({ length: 400 }, (_, index) => {
      const province = prng.pick(PROVINCES);
      const women = maybe(prng, () => prng.int(0, 30));
      const men = maybe(prng, () => prng.int(0, 30));
      const status = prng.chance(0.1) ? ('suspended' as const) : ('active' as const);
      return {
        kind: prng.pick(ACTOR_KINDS),
        name_fr: `Acteur ${index}`,
        search_key: `acteur ${index}`,
        province_code: province,
        region_code: province.slice(0, 2),
        branch_code: maybe(prng, () => prng.pick(BRANCHES)),
        activity_code: prng.chance(0.3) ? 'TEX.TAPIS' : null,
        founded_on: maybe(prng, () => `20${prng.int(10, 25)}-0${prng.int(1, 9)}-1${prng.int(0, 9)}`),
        nia: prng.chance(0.5) ? `NIA${index}` : null,
        coastal: prng.chance(0.3),
        women_led: prng.chance(0.4),
        members_women: women,
        members_men: men,
        members_youth: maybe(prng, () => prng.int(0, 10), 0.4),
        members_disabled: maybe(prng, () => prng.int(0, 5), 0.5),
        status,
        status_reason: status === 'active' ? null : 'test',
      };
    });
    const actors = await db.insertInto('actors').values(rows).returning('id').execute();
    const benefits = actors
      .filter(() => prng.chance(0.3))
      .map((actor) => ({
        programme_id: prng.pick(programmes),
        actor_id: actor.id,
        amount_centimes: 100_00,
        granted_at: new Date(Date.UTC(prng.int(2020, 2026), prng.int(0, 11), prng.int(1, 28))),
        granted_by_label: 'test',
        status: prng.pick(['granted', 'delivered', 'cancelled', 'withdrawn'] as const),
      }));
    await db.insertInto('benefits').values(benefits).execute();
  }, 60_000);
  afterAll(async () => test.destroy());

  it('on 150 random rule trees over a seeded random registry', async () => {
    const { db } = test.handle;
    const prng = createPrng(7);
    let nonTrivial = 0;
    for (let round = 0; round < 150; round++) {
      const rule = randomRule(prng, programmes);
      expect(validateRule(rule), JSON.stringify(rule)).toEqual([]);
      const facts = await loadActorFacts(db, null, rule);
      const expected = facts
        .filter((actor) => isEligible(actor, rule, ASOF))
        .map((actor) => actor.id)
        .sort();
      const actual = (await eligibleIds(db, rule, ASOF)).sort();
      expect(actual, JSON.stringify(rule)).toEqual(expected);
      if (expected.length > 0 && expected.length < facts.length) nonTrivial++;
    }
    // The rules discriminate: many rounds admit some but not all actors.
    expect(nonTrivial).toBeGreaterThan(50);
  });

  it('previews a count and a sample by name', async () => {
    const { db } = test.handle;
    const rule: Rule = {
      all: [
        { field: 'women_share', op: '>=', value: 40 },
        { field: 'has_nia', op: '=', value: true },
      ],
    };
    const preview = await previewEligible(db, rule, ASOF, 5);
    const facts = await loadActorFacts(db, null, rule);
    expect(preview.count).toBe(facts.filter((actor) => isEligible(actor, rule, ASOF)).length);
    expect(preview.count).toBeGreaterThan(5);
    expect(preview.sample).toHaveLength(5);
  });
});
