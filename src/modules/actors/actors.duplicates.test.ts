import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';
import { searchKey } from '../../shared/normalise.js';
import {
  COMMON_NAME_COUNT,
  type DuplicateRecord,
  distinctiveKey,
  pairsWithinProvince,
  scorePair,
} from './actors.duplicates.js';

const record = (over: Partial<DuplicateRecord> & { name: string }): DuplicateRecord => ({
  id: over.id ?? crypto.randomUUID(),
  kind: 'cooperative',
  province_code: '09.273',
  commune: null,
  founded_on: null,
  branch_code: null,
  search_key: searchKey(over.name),
  phone: null,
  email: null,
  nia: null,
  cin: null,
  ice: null,
  rc_number: null,
  rc_court: null,
  if_number: null,
  coop_register_number: null,
  association_receipt: null,
  ...over,
});

describe('duplicate scoring', () => {
  it('drops generic words from the distinctive key', () => {
    expect(distinctiveKey(searchKey('Coopérative féminine Tifaouine'))).toBe(searchKey('Tifaouine'));
  });

  it('a shared identifier is decisive', () => {
    expect(
      scorePair(record({ name: 'A', nia: 'X1' }), record({ name: 'B', nia: 'X1', province_code: '01.511' }))
        .score,
    ).toBe(1);
  });

  it('a similar name across scripts with a corroborating fact is a match', () => {
    const latin = record({ name: 'Coopérative Tifaouine', commune: 'Aït Melloul' });
    const arabic = record({ name: 'تعاونية تيفاوين', commune: 'Ait Melloul' });
    const { score, reasons } = scorePair(latin, arabic);
    expect(score).toBeGreaterThanOrEqual(0.75);
    expect(reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['similar_name', 'same_commune']));
  });

  it('a generic name alone never makes a match, in the same province or another', () => {
    const here = record({ name: 'Coopérative Al Amal' });
    expect(scorePair(here, record({ name: 'Coopérative Al Amal', commune: 'Autre' })).score).toBeLessThan(
      0.75,
    );
    expect(scorePair(here, record({ name: 'Coopérative Al Amal', province_code: '01.511' })).score).toBe(0);
  });

  it('two artisans of one commune with the same name but different CINs are two people', () => {
    const artisan = {
      name: 'Mohamed Alaoui',
      kind: 'artisan' as const,
      commune: 'Safi',
      founded_on: '2010-01-01',
    };
    const first = record({ ...artisan, cin: 'AB123456' });
    expect(scorePair(first, record({ ...artisan, cin: null })).score).toBeGreaterThanOrEqual(0.75);
    expect(scorePair(first, record({ ...artisan, cin: 'H98765' })).score).toBe(0);
    // A second NIA is what a double registration looks like: it does not veto the match.
    expect(
      scorePair(record({ ...artisan, nia: 'N1' }), record({ ...artisan, nia: 'N2' })).score,
    ).toBeGreaterThanOrEqual(0.75);
  });

  it('different ICEs or register numbers mean different organisations', () => {
    const coop = { name: 'Coopérative Tifaouine', commune: 'Tiznit' };
    expect(
      scorePair(record({ ...coop, ice: '001234567000089' }), record({ ...coop, ice: '001234567000090' }))
        .score,
    ).toBe(0);
    expect(
      scorePair(
        record({ ...coop, coop_register_number: '12/2019' }),
        record({ ...coop, coop_register_number: '7/2021' }),
      ).score,
    ).toBe(0);
  });

  it('an identical name with the same kind and branch and nothing else is not a match', () => {
    const same = { name: 'Coopérative Tifaouine', branch_code: 'TEX' };
    expect(scorePair(record(same), record(same)).score).toBeLessThan(0.75);
  });

  it('founding years far apart tell two namesakes apart; a year off by one or unknown does not', () => {
    const tifaouine = (founded_on: string | null, over: Partial<DuplicateRecord> = {}) =>
      record({ name: 'Coopérative Tifaouine', commune: 'Tiznit', founded_on, ...over });
    const first = tifaouine('1998-04-02');
    expect(scorePair(first, tifaouine(null)).score).toBeGreaterThanOrEqual(0.75);
    expect(scorePair(first, tifaouine('1999-01-01')).score).toBeGreaterThanOrEqual(0.75);
    expect(scorePair(first, tifaouine('2016-09-30')).score).toBeLessThan(0.75);
    // A shared phone still outweighs the years.
    const phone = { phone: '0661000003' };
    expect(
      scorePair(tifaouine('1998-04-02', phone), tifaouine('2016-09-30', phone)).score,
    ).toBeGreaterThanOrEqual(0.75);
  });

  it('a name common in its province needs more than the commune to match', () => {
    const argane = (purpose: string, over: Partial<DuplicateRecord> = {}) =>
      record({ name: `Association Argane ${purpose}`, kind: 'association', commune: 'Tiznit', ...over });
    // More records than COMMON_NAME_COUNT with the same distinctive name in one commune, as generic
    // association names are ("des artisans", "pour le développement" are generic words).
    const namesakes = Array.from({ length: COMMON_NAME_COUNT + 1 }, (_, i) =>
      argane(i % 2 === 0 ? 'des artisans' : 'pour le développement'),
    );
    const twins = [
      argane('des artisans', { founded_on: '2012-03-01', phone: '0661000001' }),
      argane('des artisans', { founded_on: '2012-05-01', phone: '+212661000001' }),
    ];
    const pairs = pairsWithinProvince([...namesakes, ...twins]);
    expect(pairs.map((p) => [p.a, p.b].sort())).toEqual([[twins[0]?.id, twins[1]?.id].sort()]);
    // The same two namesakes, alone in their province, match on the commune as before.
    expect(pairsWithinProvince(namesakes.slice(0, 2))).toHaveLength(1);
  });

  it('a person and an organisation never match; other legal forms need more than name, commune and year', () => {
    const facts = { name: 'Al Khair', commune: 'Meknès', founded_on: '2015-01-01' };
    expect(
      scorePair(record({ ...facts, kind: 'artisan' }), record({ ...facts, kind: 'cooperative' })).score,
    ).toBe(0);
    const coop = record({ ...facts, kind: 'cooperative' });
    expect(scorePair(coop, record({ ...facts, kind: 'cooperative' })).score).toBeGreaterThanOrEqual(0.75);
    expect(scorePair(coop, record({ ...facts, kind: 'association' })).score).toBeLessThan(0.75);
    const withPhone = { ...facts, phone: '0661000002' };
    expect(
      scorePair(record({ ...withPhone, kind: 'cooperative' }), record({ ...withPhone, kind: 'association' }))
        .score,
    ).toBeGreaterThanOrEqual(0.75);
  });

  it('the same phone written two ways adds up with a similar name', () => {
    const a = record({ name: 'Association Annour', phone: '+212 6 61 23 45 67' });
    const b = record({ name: 'جمعية النور', phone: '0661234567', kind: 'association' });
    expect(scorePair(a, b).reasons.map((r) => r.code)).toContain('same_phone');
    expect(scorePair(a, b).score).toBeGreaterThanOrEqual(0.75);
  });
});

describe('duplicates in the registry, and merging', () => {
  let t: TestApp;
  let admin: SignedInClient;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t, 'admin');
    const create = async (key: string, body: Record<string, unknown>) => {
      const response = await admin.request('POST', '/api/actors', body);
      if (response.statusCode !== 201) throw new Error(response.body);
      ids[key] = response.json().actor.id;
    };
    await create('latin', {
      kind: 'cooperative',
      nameFr: 'Coopérative Tifaouine',
      commune: 'Aït Melloul',
      provinceCode: '09.273',
      phone: '0661234567',
    });
    await create('arabic', {
      kind: 'cooperative',
      nameAr: 'تعاونية تيفاوين',
      commune: 'Ait Melloul',
      provinceCode: '09.273',
      nia: 'NIA99',
    });
    await create('amal1', {
      kind: 'cooperative',
      nameFr: 'Coopérative Al Amal',
      commune: 'Inezgane',
      provinceCode: '09.273',
    });
    await create('amal2', { kind: 'cooperative', nameFr: 'Coopérative Al Amal', provinceCode: '01.511' });
    await create('amal3', {
      kind: 'cooperative',
      nameFr: 'Coopérative Al Amal',
      commune: 'Dcheira',
      provinceCode: '09.273',
    });
  });
  afterAll(() => t.close());

  it('shows likely duplicates of a draft before it is saved', async () => {
    const check = await admin.request('POST', '/api/actors/duplicates/check', {
      kind: 'cooperative',
      nameFr: 'Coop. Tifawin',
      commune: 'Aït-Melloul',
      provinceCode: '09.273',
    });
    expect(check.statusCode).toBe(200);
    const found = check.json().items.map((i: { id: string }) => i.id);
    expect(found.slice(0, 2).sort()).toEqual([ids.latin, ids.arabic].sort());
    expect(found).not.toContain(ids.amal2);
  });

  it('scans the registry: the cross-script pair is found, the generic names are not', async () => {
    const scan = await admin.request('POST', '/api/actors/duplicates/scan');
    expect(scan.json().found).toBe(1);
    const pairs = (await admin.request('GET', '/api/actors/duplicates')).json().items;
    expect(pairs).toHaveLength(1);
    expect([pairs[0].a.id, pairs[0].b.id].sort()).toEqual([ids.latin, ids.arabic].sort());
    expect(pairs[0].reasons.map((r: { code: string }) => r.code)).toContain('similar_name');
    const partner = await signIn(t, 'partner');
    expect((await partner.request('GET', '/api/actors/duplicates')).statusCode).toBe(403);
  });

  it('merges: the survivor takes the chosen fields and the references; both histories stay; undo restores all', async () => {
    const coop = await signIn(t, 'actor');
    await t.database.handle.db
      .updateTable('actors')
      .set({ organisation_id: coop.organisationId })
      .where('id', '=', ids.arabic ?? '')
      .execute();
    const request = await coop.request('PATCH', `/api/actors/${ids.arabic}`, {
      nameFr: 'Coopérative Tifawin',
    });
    expect(request.json().changeRequestId).toBeTruthy();

    const merge = await admin.request('POST', '/api/actors/merge', {
      survivorId: ids.latin,
      mergedId: ids.arabic,
      take: ['nameAr', 'nia'],
    });
    expect(merge.statusCode).toBe(200);
    const { mergeId, survivor } = merge.json();
    expect(survivor).toMatchObject({
      nameFr: 'Coopérative Tifaouine',
      nameAr: 'تعاونية تيفاوين',
      nia: 'NIA99',
      organisationId: coop.organisationId,
    });
    const merged = (await admin.request('GET', `/api/actors/${ids.arabic}`)).json();
    expect(merged.mergedInto).toBe(ids.latin);
    const list = (await admin.request('GET', '/api/actors?province=09.273&limit=100')).json();
    expect(list.items.map((a: { id: string }) => a.id)).not.toContain(ids.arabic);
    const requests = (await admin.request('GET', '/api/actor-change-requests')).json().items;
    expect(requests[0].actorId).toBe(ids.latin);
    expect((await admin.request('GET', '/api/actors/duplicates')).json().items).toEqual([]);
    const merges = (await admin.request('GET', `/api/actors/merges?actorId=${ids.arabic}`)).json().items;
    expect(merges).toEqual([expect.objectContaining({ id: mergeId, survivorId: ids.latin, undoneAt: null })]);
    const history = (await admin.request('GET', `/api/actors/${ids.latin}/history`)).json().items;
    expect(history[0].action).toBe('actor.merged');
    expect((await admin.request('GET', `/api/actors/${ids.arabic}/history`)).json().items[0].action).toBe(
      'actor.merged_into',
    );

    const undo = await admin.request('POST', `/api/actors/merges/${mergeId}/undo`);
    expect(undo.statusCode, undo.body).toBe(204);
    const restored = (await admin.request('GET', `/api/actors/${ids.latin}`)).json();
    expect(restored).toMatchObject({ nameAr: null, nia: null, organisationId: null });
    const back = (await admin.request('GET', `/api/actors/${ids.arabic}`)).json();
    expect(back).toMatchObject({ mergedInto: null, nia: 'NIA99', organisationId: coop.organisationId });
    expect((await admin.request('GET', '/api/actor-change-requests')).json().items[0].actorId).toBe(
      ids.arabic,
    );
    expect((await admin.request('POST', `/api/actors/merges/${mergeId}/undo`)).statusCode).toBe(409);
  });

  it('refuses to merge a record into itself or an already merged record', async () => {
    const self = await admin.request('POST', '/api/actors/merge', {
      survivorId: ids.amal1,
      mergedId: ids.amal1,
      take: [],
    });
    expect(self.statusCode).toBe(400);
    const bad = await admin.request('POST', '/api/actors/merge', {
      survivorId: ids.amal1,
      mergedId: ids.amal3,
      take: ['notAField'],
    });
    expect(bad.json().errors[0].pointer).toMatch(/^\/body\/take/);
  });
});
