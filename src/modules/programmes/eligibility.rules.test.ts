import { describe, expect, it } from 'vitest';
import {
  type ActorFacts,
  evaluateEligibility,
  explanationLines,
  isEligible,
} from './eligibility.evaluate.js';
import { type Rule, validateRule } from './eligibility.rules.js';

const facts = (overrides: Partial<ActorFacts> = {}): ActorFacts => ({
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'cooperative',
  region_code: '01',
  province_code: '01.511',
  branch_code: 'TEXTILE',
  activity_code: null,
  founded_on: '2019-05-01',
  nia: null,
  coastal: false,
  women_led: true,
  members_women: 31,
  members_men: 19,
  members_youth: 10,
  members_disabled: null,
  status: 'active',
  merged_into: null,
  benefits: [],
  ...overrides,
});
const asOf = new Date('2026-11-29T12:00:00Z');
const PROGRAMME = '11111111-2222-4333-8444-555555555555';

describe('rule language: validation', () => {
  it('accepts every documented form', () => {
    const rule = {
      all: [
        { field: 'kind', op: 'in', value: ['cooperative', 'association'] },
        { field: 'region', op: '=', value: '01' },
        { field: 'province', op: 'not_in', value: ['01.511'] },
        { field: 'women_share', op: '>=', value: 40 },
        { field: 'youth_share', op: '<', value: 12.5 },
        { field: 'members_count', op: '>=', value: 7 },
        { field: 'founded_on', op: '<', value: '2024-01-01' },
        { field: 'has_nia', op: '=', value: true },
        {
          any: [
            { field: 'coastal', op: '=', value: true },
            { field: 'women_led', op: '!=', value: false },
          ],
        },
        { notReceived: { programmeId: PROGRAMME, years: 3 } },
      ],
    };
    expect(validateRule(rule)).toEqual([]);
  });

  it('points at an unknown field', () => {
    expect(
      validateRule({ all: [{ field: 'turnover', op: '>', value: 3 }] }, '/body/eligibilityRules'),
    ).toEqual([expect.objectContaining({ pointer: '/body/eligibilityRules/all/0/field' })]);
  });

  it('refuses an operator the field type cannot take, and a value of the wrong type', () => {
    const errors = validateRule({
      any: [
        { field: 'kind', op: '>=', value: 'artisan' },
        { field: 'women_share', op: '>=', value: '40' },
        { field: 'members_count', op: '>', value: 2.5 },
        { field: 'founded_on', op: '<', value: '2024-02-30' },
        { field: 'has_nia', op: '=', value: 'yes' },
        { field: 'kind', op: '=', value: 'company' },
        { field: 'region', op: 'in', value: [] },
        { field: 'women_share', op: '>', value: 140 },
      ],
    });
    expect(errors.map((error) => error.pointer)).toEqual([
      '/any/0/op',
      '/any/1/value',
      '/any/2/value',
      '/any/3/value',
      '/any/4/value',
      '/any/5/value',
      '/any/6/value',
      '/any/7/value',
    ]);
    expect(errors[0]?.detail).toContain('cannot compare kind');
  });

  it('refuses malformed trees', () => {
    expect(validateRule([])[0]?.pointer).toBe('');
    expect(validateRule({ all: {} })[0]?.pointer).toBe('/all');
    expect(validateRule({ all: [], any: [] })[0]?.pointer).toBe('/any');
    expect(validateRule({ all: [{ field: 'kind', op: '=', value: 'artisan', extra: 1 }] })[0]?.pointer).toBe(
      '/all/0/extra',
    );
    expect(
      validateRule({ notReceived: { programmeId: 'x', years: 0 } }).map((error) => error.pointer),
    ).toEqual(['/notReceived/programmeId', '/notReceived/years']);
    expect(validateRule({ all: [{ field: 'kind', op: '=' }] })[0]?.pointer).toBe('/all/0/value');
    let deep: unknown = { field: 'kind', op: '=', value: 'artisan' };
    for (let i = 0; i < 8; i++) deep = { all: [deep] };
    expect(validateRule(deep)[0]?.detail).toContain('deeper');
  });
});

describe('rule language: evaluation and explanations', () => {
  it('explains a pass with the actual value and the threshold in three languages', () => {
    const rule: Rule = { all: [{ field: 'women_share', op: '>=', value: 40 }] };
    const result = evaluateEligibility(facts(), rule, { asOf });
    expect(result.eligible).toBe(true);
    const line = result.rules.children?.[0];
    expect(line?.message.fr).toBe('Part des femmes parmi les membres : 62 % ≥ 40 % ✔');
    expect(line?.message.en).toBe('Share of women among members: 62% ≥ 40% ✔');
    expect(line?.message.ar).toBe('نسبة النساء من بين الأعضاء: 62 % ≥ 40 % ✔');
    expect(line?.pointer).toBe('/all/0');
  });

  it('explains a fail, an unknown value, a list and a boolean', () => {
    const rule: Rule = {
      all: [
        { field: 'members_count', op: '>=', value: 60 },
        { field: 'disabled_share', op: '>=', value: 10 },
        { field: 'kind', op: 'in', value: ['association', 'mutual'] },
        { field: 'has_nia', op: '=', value: true },
        { field: 'founded_on', op: '<', value: '2020-01-01' },
      ],
    };
    const result = evaluateEligibility(facts(), rule, { asOf });
    expect(result.eligible).toBe(false);
    expect(explanationLines(result, 'fr')).toEqual([
      'Acteur actif dans le registre : oui ✔',
      'Toutes les conditions suivantes (1 sur 5 remplies) ✘',
      '  Nombre de membres : 50 ≥ 60 ✘',
      '  Part des personnes en situation de handicap parmi les membres : non renseigné ≥ 10 % ✘',
      "  Type d'acteur : Coopérative, parmi Association, Mutuelle ✘",
      "  Titulaire d'un NIA : non (attendu : oui) ✘",
      '  Date de création : 2019-05-01 < 2020-01-01 ✔',
    ]);
    expect(explanationLines(result, 'en')[3]).toBe(
      '  Share of persons with disabilities among members: not known ≥ 10% ✘',
    );
  });

  it('counts a programme received within the last N years only', () => {
    const rule: Rule = { notReceived: { programmeId: PROGRAMME, years: 3 } };
    const old = facts({
      benefits: [{ programme_id: PROGRAMME, granted_at: new Date('2022-06-01'), status: 'delivered' }],
    });
    const recent = facts({
      benefits: [{ programme_id: PROGRAMME, granted_at: new Date('2025-06-01'), status: 'granted' }],
    });
    const cancelled = facts({
      benefits: [{ programme_id: PROGRAMME, granted_at: new Date('2025-06-01'), status: 'cancelled' }],
    });
    expect(isEligible(old, rule, asOf)).toBe(true);
    expect(isEligible(cancelled, rule, asOf)).toBe(true);
    const result = evaluateEligibility(recent, rule, {
      asOf,
      programmeLabels: new Map([[PROGRAMME, 'PRG-THUYA']]),
    });
    expect(result.eligible).toBe(false);
    expect(result.rules.message.fr).toBe(
      "N'a pas bénéficié du programme PRG-THUYA depuis le 2023-11-29 (3 ans) : bénéfice reçu le 2025-06-01 ✘",
    );
  });

  it('compares shares exactly (no rounding at the threshold) and refuses inactive or merged actors', () => {
    // 1 of 3 = 33.333...% is below 33.34 and above 33.33.
    const third = facts({ members_women: 1, members_men: 2 });
    expect(isEligible(third, { field: 'women_share', op: '>=', value: 33.34 }, asOf)).toBe(false);
    expect(isEligible(third, { field: 'women_share', op: '>', value: 33.33 }, asOf)).toBe(true);
    expect(
      isEligible(
        facts({ members_women: 0, members_men: 0 }),
        { field: 'women_share', op: '<', value: 50 },
        asOf,
      ),
    ).toBe(false);
    expect(isEligible(facts({ status: 'suspended' }), { all: [] }, asOf)).toBe(false);
    expect(isEligible(facts(), { any: [] }, asOf)).toBe(false);
    expect(isEligible(facts(), { all: [] }, asOf)).toBe(true);
  });
});
