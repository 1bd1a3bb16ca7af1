/**
 * The registry pages' pure parts: every closed list has a label in each language, filters survive
 * the round trip through the URL, form drafts become the right API bodies, and the history reads
 * in the record's field names.
 */
import { describe, expect, it } from 'vitest';
import ar from '../../i18n/ar.json';
import en from '../../i18n/en.json';
import fr from '../../i18n/fr.json';
import { readableChanges } from './ActorHistory';
import type { Actor } from './actors.api';
import { createBody, draftFromActor, duplicateProbe, emptyDraft, updateBody } from './draft';
import { ACTOR_KINDS, ACTOR_STATUSES, ALL_FIELDS, DUPLICATE_REASONS, REVIEW_FLAGS } from './fields';
import { filtersFromParams, paramsFromFilters } from './filters';

type Tree = { [key: string]: string | Tree };
function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

const HISTORY_ACTIONS = [
  'actor.created',
  'actor.updated',
  'actor.change_requested',
  'actor.change_approved',
  'actor.change_rejected',
  'actor.merged',
  'actor.merged_into',
  'actor.merge_undone',
  'actor.unmerged',
];

describe('registry labels', () => {
  const needed = [
    ...ACTOR_KINDS.map((k) => `actorKind.${k}`),
    ...ACTOR_STATUSES.map((s) => `actorStatus.${s}`),
    ...ALL_FIELDS.map((f) => `actorField.${f}`),
    ...DUPLICATE_REASONS.map((r) => `duplicateReason.${r}`),
    ...REVIEW_FLAGS.map((f) => `reviewFlag.${f}`),
    ...HISTORY_ACTIONS.map((a) => `actorHistory.action.${a}`),
    'errors.STALE_VERSION',
    'errors.IDENTIFIER_TAKEN',
  ];
  for (const [lang, tree] of Object.entries({ fr, ar, en })) {
    it(`${lang} labels every kind, status, field, duplicate reason, review flag and history action`, () => {
      expect(needed.filter((key) => !lookup(tree as Tree, key))).toEqual([]);
    });
  }
});

describe('list filters in the URL', () => {
  it('round-trips every filter and drops unknown values', () => {
    const filters = {
      q: 'Tifaouine',
      kind: 'cooperative' as const,
      region: '09',
      province: '09.273',
      branch: 'TISSAGE',
      womenLed: true,
      coastal: false,
      status: 'active' as const,
      sort: 'name' as const,
    };
    expect(filtersFromParams(paramsFromFilters(filters))).toEqual(filters);
    expect(filtersFromParams(new URLSearchParams('kind=castle&womenLed=maybe&q=%20'))).toEqual({});
  });
});

const ACTOR: Actor = {
  id: '6f1c1a52-8f7e-4a55-9d1e-2f1f1c1a5201',
  kind: 'cooperative',
  nameFr: 'Coopérative Tifaouine',
  nameAr: 'تعاونية تيفاوين',
  nia: null,
  cin: null,
  ice: null,
  rcNumber: null,
  rcCourt: null,
  ifNumber: null,
  coopRegisterNumber: null,
  associationReceipt: null,
  provinceCode: '09.273',
  commune: null,
  address: null,
  latitude: null,
  longitude: null,
  branchCode: null,
  activityCode: null,
  foundedOn: null,
  legalStatus: null,
  membersWomen: 10,
  membersMen: null,
  membersYouth: null,
  membersDisabled: null,
  membersElderly: null,
  employeesWomen: null,
  employeesMen: null,
  employeesYouth: null,
  employeesDisabled: null,
  employeesElderly: null,
  womenLed: true,
  coastal: false,
  sex: null,
  birthDate: null,
  hasDisability: null,
  phone: null,
  email: null,
  regionCode: '09',
  reviewFlags: [],
  status: 'active',
  statusReason: null,
  statusChangedOn: null,
  organisationId: null,
  mergedInto: null,
  isDemo: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 3,
};

describe('form drafts', () => {
  it('creates with blank fields left out and numbers parsed', () => {
    const draft = { ...emptyDraft(), nameFr: ' Coop Annour ', provinceCode: '04.441', membersWomen: '7' };
    const { body, invalid } = createBody(draft);
    expect(invalid).toEqual([]);
    expect(body).toEqual({
      kind: 'cooperative',
      nameFr: 'Coop Annour',
      provinceCode: '04.441',
      membersWomen: 7,
      womenLed: false,
      coastal: false,
    });
  });

  it('reports numbers that do not parse', () => {
    expect(createBody({ ...emptyDraft(), latitude: 'north' }).invalid).toEqual(['latitude']);
  });

  it('edits with only the changed fields, a blank clearing a value, and the version edited', () => {
    const draft = { ...draftFromActor(ACTOR), nameAr: '', commune: 'Aït Melloul', membersWomen: '10' };
    const { body, changed } = updateBody(draft, ACTOR, true);
    expect(body).toEqual({ nameAr: null, commune: 'Aït Melloul', version: 3 });
    expect(changed).toEqual(['nameAr', 'commune']);
  });

  it('sends an artisan\'s person facts, "not known" as null, and clears them when it becomes an organisation', () => {
    const artisan = { ...emptyDraft(), kind: 'artisan' as const, nameFr: 'Amina', provinceCode: '09.273' };
    const facts = { sex: 'female' as const, birthDate: '1984-09-02', hasDisability: 'no' as const };
    expect(createBody({ ...artisan, ...facts }).body).toMatchObject({
      sex: 'female',
      birthDate: '1984-09-02',
      hasDisability: false,
    });
    expect(createBody({ ...artisan, hasDisability: '' }).body).not.toHaveProperty('hasDisability');
    const stored: Actor = {
      ...ACTOR,
      kind: 'artisan',
      sex: 'male',
      birthDate: '1970-01-01',
      hasDisability: true,
    };
    expect(draftFromActor(stored)).toMatchObject({
      sex: 'male',
      birthDate: '1970-01-01',
      hasDisability: 'yes',
    });
    const { body } = updateBody({ ...draftFromActor(stored), kind: 'association' }, stored, false);
    expect(body).toEqual({
      kind: 'association',
      sex: null,
      birthDate: null,
      hasDisability: null,
      version: 3,
    });
  });

  it('checks for duplicates once a name and a province are given', () => {
    expect(duplicateProbe({ ...emptyDraft(), nameFr: 'Coop' })).toBeNull();
    expect(
      duplicateProbe({ ...emptyDraft(), nameAr: 'تعاونية', provinceCode: '09.273', phone: 'x' }),
    ).toEqual({
      kind: 'cooperative',
      nameAr: 'تعاونية',
      provinceCode: '09.273',
    });
  });
});

describe('history', () => {
  it('keeps the fields the API names and lists the fields of a change request', () => {
    const changes = readableChanges({
      seq: 1,
      at: '2026-01-01T00:00:00.000Z',
      actorLabel: 'x',
      action: 'actor.updated',
      changes: [
        { field: 'nameFr', before: 'A', after: 'B' },
        { field: 'id', before: null, after: 'abc' },
        { field: 'changes', before: null, after: { ice: '001234567000089' } },
      ],
    });
    expect(changes).toEqual([
      { field: 'nameFr', before: 'A', after: 'B' },
      { field: 'ice', before: null, after: '001234567000089' },
    ]);
  });
});
