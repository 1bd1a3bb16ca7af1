import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';

type Json = Record<string, unknown>;

describe('registry of actors', () => {
  let t: TestApp;
  let admin: SignedInClient;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t, 'admin');
  });
  afterAll(() => t.close());

  const create = async (client: SignedInClient, body: Json) => client.request('POST', '/api/actors', body);
  const count = async () => (await admin.request('GET', '/api/actors?limit=1')).json().total as number;

  it('registers a cooperative; an ICE not divisible by 97 is kept with a warning and a review flag', async () => {
    const response = await create(admin, {
      kind: 'cooperative',
      nameFr: 'Coopérative Tifaouine',
      nameAr: 'تعاونية تيفاوين',
      ice: '001 525 749 000 086',
      coopRegisterNumber: 'ag-2019-114',
      provinceCode: '09.273',
      membersWomen: 18,
      membersMen: 2,
      membersYouth: 7,
      womenLed: true,
    });
    expect(response.statusCode).toBe(201);
    const { actor, warnings } = response.json();
    expect(actor).toMatchObject({
      regionCode: '09',
      ice: '001525749000086',
      coopRegisterNumber: 'AG2019114',
      reviewFlags: ['ice_checksum'],
    });
    expect(warnings).toEqual([{ pointer: '/body/ice', detail: expect.stringContaining('97') }]);
  });

  it('reports every bad field at once, located, and stores nothing', async () => {
    const before = await count();
    const response = await create(admin, {
      kind: 'cooperative',
      nameFr: '   ',
      cin: 'AB12345',
      provinceCode: '09',
      membersWomen: 1,
      membersMen: 1,
      membersElderly: 5,
      foundedOn: '2999-01-01',
    });
    expect(response.statusCode).toBe(400);
    const pointers = response.json().errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining([
        '/body/nameFr',
        '/body/cin',
        '/body/provinceCode',
        '/body/membersElderly',
        '/body/foundedOn',
      ]),
    );
    expect(await count()).toBe(before);
    const unknownField = await create(admin, {
      kind: 'artisan',
      nameFr: 'X',
      provinceCode: '09.273',
      favouriteColour: 'blue',
    });
    expect(unknownField.json().errors).toEqual([
      { pointer: '/body/favouriteColour', detail: 'is not a known field' },
    ]);
    const badIce = await create(admin, {
      kind: 'cooperative',
      nameFr: 'Y',
      provinceCode: '09.273',
      ice: '12345',
    });
    expect(badIce.json().errors[0]).toEqual({ pointer: '/body/ice', detail: 'an ICE has exactly 15 digits' });
  });

  it('refuses an identifier another record holds, naming the field, and keeps the registry as it was', async () => {
    const first = await create(admin, {
      kind: 'artisan',
      nameFr: 'Ahmed Bennani',
      nia: 'NIA-777',
      cin: 'BK123456',
      provinceCode: '04.421',
    });
    expect(first.statusCode).toBe(201);
    const before = await count();
    const again = await create(admin, {
      kind: 'master_artisan',
      nameFr: 'Ahmed Benani',
      nia: 'nia 777',
      provinceCode: '04.421',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'IDENTIFIER_TAKEN', errors: [{ pointer: '/body/nia' }] });
    expect(await count()).toBe(before);
  });

  it('keeps territorial users in their territory', async () => {
    const souss = await signIn(t, 'territorial', { territoryCode: '09' });
    const outside = await create(souss, {
      kind: 'association',
      nameFr: 'Association Annour',
      provinceCode: '01.511',
    });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().errors[0].pointer).toBe('/body/provinceCode');
    const inside = await create(souss, {
      kind: 'association',
      nameFr: 'Association Annour Chtouka',
      provinceCode: '09.163',
    });
    expect(inside.statusCode).toBe(201);
    const tangier = await create(admin, {
      kind: 'association',
      nameFr: 'Association Annour Tanger',
      provinceCode: '01.511',
    });
    const list = await souss.request('GET', '/api/actors?limit=200');
    const regions = new Set(list.json().items.map((a: { regionCode: string }) => a.regionCode));
    expect([...regions]).toEqual(['09']);
    expect((await souss.request('GET', `/api/actors/${tangier.json().actor.id}`)).statusCode).toBe(404);
    const move = await souss.request('PATCH', `/api/actors/${inside.json().actor.id}`, {
      provinceCode: '01.511',
    });
    expect(move.statusCode).toBe(403);
  });

  it("lets an actor edit its own record; names and identifiers go through an administrator's approval", async () => {
    const coop = await signIn(t, 'actor');
    const own = await create(admin, {
      kind: 'cooperative',
      nameFr: 'Coopérative Tamount',
      provinceCode: '07.211',
    });
    const id = own.json().actor.id;
    await t.database.handle.db
      .updateTable('actors')
      .set({ organisation_id: coop.organisationId })
      .where('id', '=', id)
      .execute();
    const other = await create(admin, {
      kind: 'cooperative',
      nameFr: 'Coopérative Voisine',
      provinceCode: '07.211',
    });
    expect((await coop.request('GET', `/api/actors/${other.json().actor.id}`)).statusCode).toBe(404);
    expect((await coop.request('GET', '/api/actors')).json().items.map((a: { id: string }) => a.id)).toEqual([
      id,
    ]);

    const edit = await coop.request('PATCH', `/api/actors/${id}`, {
      phone: '+212 600 000 000',
      nameFr: 'Coopérative Tamount Al Jadida',
    });
    expect(edit.statusCode).toBe(200);
    const saved = edit.json();
    expect(saved.actor).toMatchObject({ phone: '+212 600 000 000', nameFr: 'Coopérative Tamount' });
    expect(saved.changeRequestId).toBeTruthy();
    expect((await coop.request('GET', '/api/actor-change-requests')).statusCode).toBe(403);
    const pending = await admin.request('GET', '/api/actor-change-requests?status=pending');
    expect(pending.json().items.map((r: { id: string }) => r.id)).toContain(saved.changeRequestId);
    const approved = await admin.request(
      'POST',
      `/api/actor-change-requests/${saved.changeRequestId}/decision`,
      { approve: true },
    );
    expect(approved.json().status).toBe('approved');
    expect((await coop.request('GET', `/api/actors/${id}`)).json().nameFr).toBe(
      'Coopérative Tamount Al Jadida',
    );
    const twice = await admin.request(
      'POST',
      `/api/actor-change-requests/${saved.changeRequestId}/decision`,
      { approve: false },
    );
    expect(twice.statusCode).toBe(409);

    const history = (await coop.request('GET', `/api/actors/${id}/history`)).json().items;
    expect(history.map((h: { action: string }) => h.action)).toEqual([
      'actor.change_approved',
      'actor.updated',
      'actor.change_requested',
      'actor.updated',
      'actor.created',
    ]);
    expect(history[1].changes).toContainEqual({
      field: 'nameFr',
      before: 'Coopérative Tamount',
      after: 'Coopérative Tamount Al Jadida',
    });
    expect(history[3].actorLabel).toBe(coop.email);
  });

  it('dissolving needs a reason; a stale version is refused', async () => {
    const created = (
      await create(admin, { kind: 'mutual', nameFr: 'Mutuelle des artisans', provinceCode: '04.421' })
    ).json().actor;
    const noReason = await admin.request('PATCH', `/api/actors/${created.id}`, { status: 'dissolved' });
    expect(noReason.json().errors[0].pointer).toBe('/body/statusReason');
    const dissolved = await admin.request('PATCH', `/api/actors/${created.id}`, {
      status: 'dissolved',
      statusReason: 'Assemblée générale du 3 mars',
      version: 1,
    });
    expect(dissolved.json().actor).toMatchObject({ status: 'dissolved', version: 2 });
    expect(dissolved.json().actor.statusChangedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const stale = await admin.request('PATCH', `/api/actors/${created.id}`, {
      phone: '0522000000',
      version: 1,
    });
    expect(stale.json().code).toBe('STALE_VERSION');
  });

  it('pages through a filtered list with keyset cursors: every record once, in order, with the total', async () => {
    for (let i = 0; i < 23; i += 1) {
      await create(admin, {
        kind: 'artisan',
        nameFr: `Artisan ${String(i).padStart(2, '0')}`,
        provinceCode: '05.091',
        coastal: i % 2 === 0,
      });
    }
    for (const sort of ['name', 'created']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let total = -1;
      do {
        const url: string = `/api/actors?province=05.091&kind=artisan&sort=${sort}&limit=5${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await admin.request('GET', url)).json();
        total = page.total;
        seen.push(...page.items.map((a: { nameFr: string }) => a.nameFr));
        cursor = page.nextCursor;
      } while (cursor);
      expect(total).toBe(23);
      expect(seen).toHaveLength(23);
      expect(new Set(seen).size).toBe(23);
      if (sort === 'name') expect(seen).toEqual([...seen].sort());
    }
    // Rows written in one statement share one timestamp, to the microsecond: pages must still split cleanly.
    await sql`UPDATE actors SET created_at = '2026-01-01 00:00:00.123456+00' WHERE province_code = '05.091'`.execute(
      t.database.handle.db,
    );
    const sameInstant: string[] = [];
    let next: string | null = null;
    do {
      const url: string = `/api/actors?province=05.091&limit=4${next ? `&cursor=${next}` : ''}`;
      const page = (await admin.request('GET', url)).json();
      sameInstant.push(...page.items.map((a: { id: string }) => a.id));
      next = page.nextCursor;
    } while (next);
    expect(new Set(sameInstant).size).toBe(23);
    expect(sameInstant).toHaveLength(23);
    const coastal = (await admin.request('GET', '/api/actors?province=05.091&coastal=true')).json();
    expect(coastal.total).toBe(12);
    const badCursor = await admin.request('GET', '/api/actors?cursor=bm9wZQ');
    expect(badCursor.json().errors[0].pointer).toBe('/querystring/cursor');
  });

  it('searches names across scripts and spellings, and identifiers', async () => {
    await create(admin, { kind: 'cooperative', nameAr: 'تعاونية ورزازات للزرابي', provinceCode: '08.401' });
    await create(admin, {
      kind: 'cooperative',
      nameFr: 'Coopérative Chefchaouen Poterie',
      provinceCode: '01.151',
    });
    const latinFindsArabic = (
      await admin.request('GET', `/api/actors?q=${encodeURIComponent('Warzazat')}`)
    ).json();
    expect(latinFindsArabic.items[0]?.nameAr).toBe('تعاونية ورزازات للزرابي');
    const arabicFindsLatin = (
      await admin.request('GET', `/api/actors?q=${encodeURIComponent('شفشاون')}`)
    ).json();
    expect(arabicFindsLatin.items[0]?.nameFr).toBe('Coopérative Chefchaouen Poterie');
    const typo = (await admin.request('GET', `/api/actors?q=${encodeURIComponent('tifawin')}`)).json();
    expect(typo.items[0]?.nameFr).toBe('Coopérative Tifaouine');
    const byId = (await admin.request('GET', '/api/actors?q=bk-123456')).json();
    expect(byId.items[0]).toMatchObject({ nameFr: 'Ahmed Bennani', matchedIdentifier: 'cin' });
    const nothing = (await admin.request('GET', `/api/actors?q=${encodeURIComponent('zzqxw')}`)).json();
    expect(nothing.items).toEqual([]);
  });
});
