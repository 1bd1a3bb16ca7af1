import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import ar from '../../i18n/ar.json';
import en from '../../i18n/en.json';
import fr from '../../i18n/fr.json';
import { gridOf } from './GridEditor';
import { rowsOf, rulesOf } from './PreviewEditor';
import { ruleLines } from './rules';

const instance = i18next.createInstance();
let tFr: TFunction;
let tAr: TFunction;
let tEn: TFunction;

beforeAll(async () => {
  await instance.init({
    lng: 'fr',
    resources: { fr: { translation: fr }, ar: { translation: ar }, en: { translation: en } },
    interpolation: { escapeValue: false },
  });
  tFr = instance.getFixedT('fr');
  tAr = instance.getFixedT('ar');
  tEn = instance.getFixedT('en');
});

const rules = {
  all: [
    { field: 'kind', op: 'in', value: ['cooperative', 'association'] },
    { field: 'women_share', op: '>=', value: 40 },
    { any: [{ field: 'coastal', op: '=', value: true }, { notReceived: { programmeId: 'x', years: 3 } }] },
  ],
};

describe('eligibility rules read as sentences', () => {
  it('gives one indented sentence per node, in each language', () => {
    expect(ruleLines(tFr, rules)).toEqual([
      { depth: 0, text: 'Toutes les conditions suivantes :' },
      { depth: 1, text: "Type d'acteur : l'un de Coopérative, Association" },
      { depth: 1, text: 'Part des femmes parmi les membres : au moins 40 %' },
      { depth: 1, text: "Au moins l'une des conditions suivantes :" },
      { depth: 2, text: 'Zone côtière : oui' },
      { depth: 2, text: "N'a pas bénéficié de ce programme dans les 3 dernières années" },
    ]);
    expect(ruleLines(tEn, rules)[2]?.text).toBe('Share of women among members: at least 40 %');
    expect(ruleLines(tAr, rules)[1]?.text).toContain('نوع الفاعل');
  });

  it('says when there is no condition, and shows an unknown shape as JSON', () => {
    expect(ruleLines(tFr, { all: [] })).toEqual([
      { depth: 0, text: 'Aucune condition : tout acteur actif du registre est éligible.' },
    ]);
    expect(ruleLines(tFr, { all: [{ field: 'shoe_size', op: '=', value: 1 }] })[1]?.text).toBe(
      '{"field":"shoe_size","op":"=","value":1}',
    );
    expect(ruleLines(tFr, null)).toEqual([]);
  });
});

describe('rule rows', () => {
  it('round-trips a flat list of conditions, lists split on commas, numbers and booleans typed', () => {
    const rows = rowsOf({
      all: [
        { field: 'kind', op: 'in', value: ['cooperative', 'association'] },
        { field: 'women_share', op: '>=', value: 40.5 },
        { field: 'has_nia', op: '=', value: true },
        { field: 'province', op: 'not_in', value: ['01.511'] },
      ],
    });
    expect(rows).toEqual([
      { field: 'kind', op: 'in', value: 'cooperative, association' },
      { field: 'women_share', op: '>=', value: '40.5' },
      { field: 'has_nia', op: '=', value: 'true' },
      { field: 'province', op: 'not_in', value: '01.511' },
    ]);
    expect(rulesOf(rows ?? [])).toEqual({
      all: [
        { field: 'kind', op: 'in', value: ['cooperative', 'association'] },
        { field: 'women_share', op: '>=', value: 40.5 },
        { field: 'has_nia', op: '=', value: true },
        { field: 'province', op: 'not_in', value: ['01.511'] },
      ],
    });
  });

  it('leaves a wrong value as typed, for the server to refuse at its row', () => {
    expect(rulesOf([{ field: 'women_share', op: '>=', value: 'quarante' }])).toEqual({
      all: [{ field: 'women_share', op: '>=', value: 'quarante' }],
    });
  });

  it('refuses rules that do not fit in rows (nested, notReceived, unknown fields)', () => {
    expect(rowsOf(rules)).toBeNull();
    expect(rowsOf({ any: [] })).toBeNull();
    expect(rowsOf({ all: [{ field: 'shoe_size', op: '=', value: 1 }] })).toBeNull();
    expect(rowsOf({ all: [] })).toEqual([]);
  });

  it('sends grid numbers as typed and an empty or non-numeric one as -1 (refused at its row)', () => {
    expect(
      gridOf([
        { code: ' quality ', labelFr: 'Qualité', labelAr: '', weight: '2,5', max: '20' },
        { code: 'impact', labelFr: 'Impact', labelAr: 'الأثر', weight: '', max: 'dix' },
      ]),
    ).toEqual([
      { code: 'quality', labelFr: 'Qualité', weight: 2.5, max: 20 },
      { code: 'impact', labelFr: 'Impact', labelAr: 'الأثر', weight: -1, max: -1 },
    ]);
  });
});
