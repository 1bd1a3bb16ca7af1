import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';
import { makeCommitment, makeIndicator } from './indicators.fixtures.js';

type Json = Record<string, unknown>;

const definition = (code: string, extra: Json = {}): Json => ({
  code,
  nameFr: 'Artisans formés',
  nameAr: 'الصناع التقليديون المكونون',
  nameEn: 'Artisans trained',
  unit: 'persons',
  aggregation: 'sum',
  disaggregations: ['sex', 'age_band'],
  axisCode: 'TRAINING',
  ...extra,
});

describe('indicator definitions', () => {
  let t: TestApp;
  let admin: SignedInClient;
  let partner: SignedInClient;
  let territorial: SignedInClient;
  let actor: SignedInClient;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t, 'admin');
    partner = await signIn(t, 'partner');
    territorial = await signIn(t, 'territorial', { territoryCode: '09' });
    actor = await signIn(t, 'actor');
  });
  afterAll(() => t.close());

  const anonymous = (method: string, url: string, payload?: Json) =>
    t.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}) });

  it('lets an administrator define an indicator and anybody read it by id or code', async () => {
    const created = await admin.request('POST', '/api/indicators', definition('ART_TRAINED'));
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      code: 'ART_TRAINED',
      source: 'reported',
      temporal: 'flow',
      disaggregations: ['sex', 'age_band'],
      version: 1,
      computedKey: null,
    });
    const byCode = await anonymous('GET', '/api/indicators/ART_TRAINED');
    expect(byCode.statusCode).toBe(200);
    expect(byCode.json()).toMatchObject({ id: body.id, commitmentIds: [] });
    expect((await anonymous('GET', `/api/indicators/${body.id}`)).json().code).toBe('ART_TRAINED');
    expect((await anonymous('GET', '/api/indicators/NOPE')).statusCode).toBe(404);
    const audit = await t.database.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', body.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['indicator.created']);
  });

  it('filters the public list by axis, source and text', async () => {
    await admin.request(
      'POST',
      '/api/indicators',
      definition('LOAN_AMOUNT', {
        unit: 'mad',
        axisCode: 'FINANCE_RESEARCH',
        nameEn: 'Honour loans',
        disaggregations: [],
      }),
    );
    const all = await anonymous('GET', '/api/indicators');
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBeGreaterThanOrEqual(2);
    const axis = (await anonymous('GET', '/api/indicators?axis=FINANCE_RESEARCH')).json();
    expect(axis.items.map((i: Json) => i.code)).toEqual(['LOAN_AMOUNT']);
    const text = (await anonymous('GET', '/api/indicators?q=honour')).json();
    expect(text.items.map((i: Json) => i.code)).toEqual(['LOAN_AMOUNT']);
    const computed = (await anonymous('GET', '/api/indicators?source=computed')).json();
    expect(computed.items.every((i: Json) => i.source === 'computed')).toBe(true);
  });

  it('refuses a taken code with 409 at /body/code, and missing names, unknown axes and disaggregations', async () => {
    const again = await admin.request('POST', '/api/indicators', definition('ART_TRAINED'));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CODE_TAKEN', errors: [{ pointer: '/body/code' }] });
    const noArabic = await admin.request('POST', '/api/indicators', {
      ...definition('X_ONE'),
      nameAr: undefined,
    });
    expect(noArabic.statusCode).toBe(400);
    expect(noArabic.json().errors).toEqual([{ pointer: '/body/nameAr', detail: 'is required' }]);
    const badDims = await admin.request(
      'POST',
      '/api/indicators',
      definition('X_TWO', { disaggregations: ['sex', 'colour'] }),
    );
    expect(badDims.statusCode).toBe(400);
    expect(badDims.json().errors[0].pointer).toMatch(/^\/body\/disaggregations/);
    const badAggregation = await admin.request(
      'POST',
      '/api/indicators',
      definition('X_THREE', { aggregation: 'median' }),
    );
    expect(badAggregation.statusCode).toBe(400);
    const badAxis = await admin.request(
      'POST',
      '/api/indicators',
      definition('X_FOUR', { axisCode: 'MOON' }),
    );
    expect(badAxis.statusCode).toBe(422);
    expect(badAxis.json().errors).toEqual([
      { pointer: '/body/axisCode', detail: 'unknown thematic axis MOON' },
    ]);
    const badCode = await admin.request('POST', '/api/indicators', definition('lower case'));
    expect(badCode.statusCode).toBe(400);
    expect((await anonymous('GET', '/api/indicators/X_FOUR')).statusCode).toBe(404);
  });

  it('refuses to create or edit computed indicators through the API', async () => {
    const create = await admin.request(
      'POST',
      '/api/indicators',
      definition('X_COMPUTED', { source: 'computed' }),
    );
    expect(create.statusCode).toBe(409);
    expect(create.json().code).toBe('INDICATOR_COMPUTED');
    const computed = await t.database.handle.db
      .insertInto('indicators')
      .values({
        code: 'ACTORS_REGISTERED',
        name_fr: 'Acteurs enregistrés',
        name_ar: 'الفاعلون المسجلون',
        name_en: 'Registered actors',
        unit: 'actors',
        aggregation: 'sum',
        temporal: 'stock',
        source: 'computed',
        computed_key: 'test.actors_registered',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const edit = await admin.request('PATCH', `/api/indicators/${computed.id}`, {
      version: 1,
      nameFr: 'Autre',
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('INDICATOR_COMPUTED');
  });

  it('edits with the version read, refuses a stale one and a taken code', async () => {
    const edited = await admin.request('PATCH', '/api/indicators/LOAN_AMOUNT', {
      version: 1,
      nameFr: 'Prêts d’honneur',
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ nameFr: 'Prêts d’honneur', version: 2 });
    const stale = await admin.request('PATCH', '/api/indicators/LOAN_AMOUNT', { version: 1, nameFr: 'X' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('STALE_VERSION');
    const taken = await admin.request('PATCH', '/api/indicators/LOAN_AMOUNT', {
      version: 2,
      code: 'ART_TRAINED',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'CODE_TAKEN', errors: [{ pointer: '/body/code' }] });
  });

  it('lets only administrators write definitions and links', async () => {
    for (const client of [partner, territorial, actor]) {
      expect((await client.request('POST', '/api/indicators', definition('X_ROLE'))).statusCode).toBe(403);
      expect(
        (await client.request('PATCH', '/api/indicators/ART_TRAINED', { version: 1, nameFr: 'X' }))
          .statusCode,
      ).toBe(403);
    }
    expect((await anonymous('POST', '/api/indicators', definition('X_ANON'))).statusCode).toBe(401);
    expect((await anonymous('GET', '/api/indicators/X_ROLE')).statusCode).toBe(404);
    // Everybody reads definitions.
    for (const client of [partner, territorial, actor]) {
      expect((await client.request('GET', '/api/indicators/ART_TRAINED')).statusCode).toBe(200);
    }
  });

  it('links indicators to a commitment and lists those of a commitment', async () => {
    const db = t.database.handle.db;
    const commitmentId = await makeCommitment(db, { organisationId: partner.organisationId ?? '' });
    const hidden = await makeCommitment(db, {
      organisationId: partner.organisationId ?? '',
      published: false,
    });
    const indicator = await makeIndicator(db, { code: 'COOPS_WOMEN', unit: 'actors' });
    const trained = (await admin.request('GET', '/api/indicators/ART_TRAINED')).json();
    const forbidden = await partner.request('PUT', `/api/commitments/${commitmentId}/indicators`, {
      indicatorIds: [indicator.id],
    });
    expect(forbidden.statusCode).toBe(403);
    const unknown = await admin.request('PUT', `/api/commitments/${commitmentId}/indicators`, {
      indicatorIds: [indicator.id, '00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([
      { pointer: '/body/indicatorIds/1', detail: expect.stringContaining('unknown') },
    ]);
    const linked = await admin.request('PUT', `/api/commitments/${commitmentId}/indicators`, {
      indicatorIds: [indicator.id, trained.id],
    });
    expect(linked.statusCode).toBe(200);
    expect(linked.json().indicatorIds).toEqual([indicator.id, trained.id].sort());
    await admin.request('PUT', `/api/commitments/${hidden}/indicators`, { indicatorIds: [indicator.id] });
    const list = (
      await t.app.inject({ method: 'GET', url: `/api/indicators?commitment=${commitmentId}` })
    ).json();
    expect(list.items.map((i: Json) => i.code).sort()).toEqual(['ART_TRAINED', 'COOPS_WOMEN']);
    // The public sees the link to the published convention's commitment only; the partner sees its own.
    const publicView = (await t.app.inject({ method: 'GET', url: '/api/indicators/COOPS_WOMEN' })).json();
    expect(publicView.commitmentIds).toEqual([commitmentId]);
    const partnerView = (await partner.request('GET', '/api/indicators/COOPS_WOMEN')).json();
    expect(partnerView.commitmentIds.sort()).toEqual([commitmentId, hidden].sort());
    const unlinked = await admin.request('PUT', `/api/commitments/${commitmentId}/indicators`, {
      indicatorIds: [trained.id],
    });
    expect(unlinked.json().indicatorIds).toEqual([trained.id]);
    const missing = await admin.request(
      'PUT',
      '/api/commitments/00000000-0000-4000-8000-000000000000/indicators',
      {
        indicatorIds: [],
      },
    );
    expect(missing.statusCode).toBe(404);
  });
});

describe('baselines and targets', () => {
  let t: TestApp;
  let admin: SignedInClient;
  let partner: SignedInClient;
  let indicatorId: string;
  let commitmentId: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t, 'admin');
    partner = await signIn(t, 'partner');
    const db = t.database.handle.db;
    indicatorId = (await makeIndicator(db, { code: 'ART_TRAINED' })).id;
    commitmentId = await makeCommitment(db, { organisationId: partner.organisationId ?? '' });
    await admin.request('PUT', `/api/commitments/${commitmentId}/indicators`, {
      indicatorIds: [indicatorId],
    });
  });
  afterAll(() => t.close());

  const count = async () =>
    Number(
      (
        await t.database.handle.db
          .selectFrom('indicator_targets')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('inserts, then updates by territory, period, kind and commitment; the public reads them', async () => {
    const saved = await admin.request('PUT', '/api/indicators/ART_TRAINED/targets', {
      targets: [
        { territoryCode: null, period: '2025', kind: 'baseline', value: 1200 },
        { territoryCode: '09', period: '2025', kind: 'target', value: 300 },
        { territoryCode: '09.273', period: '2025Q3', kind: 'target', value: 40 },
        { territoryCode: '07', period: '2026-01', kind: 'target', value: 25, commitmentId },
      ],
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ inserted: 4, updated: 0 });
    const again = await admin.request('PUT', `/api/indicators/${indicatorId}/targets`, {
      targets: [
        { territoryCode: '09', period: '2025', kind: 'target', value: 350 },
        { territoryCode: null, period: '2025', kind: 'baseline', value: 1200 },
      ],
    });
    expect(again.json()).toMatchObject({ inserted: 0, updated: 1 });
    expect(await count()).toBe(4);
    const read = await t.app.inject({
      method: 'GET',
      url: '/api/indicators/ART_TRAINED/targets?territory=09',
    });
    expect(read.statusCode).toBe(200);
    expect(read.json().items).toEqual([
      expect.objectContaining({ territoryCode: '09', value: 350, kind: 'target' }),
    ]);
    const national = (
      await t.app.inject({ method: 'GET', url: '/api/indicators/ART_TRAINED/targets?territory=national' })
    ).json();
    expect(national.items).toEqual([
      expect.objectContaining({ territoryCode: null, kind: 'baseline', value: 1200 }),
    ]);
    const audit = await t.database.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'indicator_target')
      .execute();
    expect(audit).toHaveLength(5);
  });

  it('writes nothing when one row is bad, and points at each bad field', async () => {
    const before = await count();
    const response = await admin.request('PUT', '/api/indicators/ART_TRAINED/targets', {
      targets: [
        { territoryCode: '01', period: '2026', kind: 'target', value: 10 },
        { territoryCode: '01', period: '2026Q1', kind: 'target', value: 10 },
        { territoryCode: '01', period: '2025Q5', kind: 'target', value: 10 },
        { territoryCode: '99', period: '2025', kind: 'target', value: 10 },
        { territoryCode: '01', period: '2025-13', kind: 'target', value: 10 },
        { territoryCode: '01', period: '2026', kind: 'target', value: 11 },
        {
          territoryCode: '01',
          period: '2026',
          kind: 'target',
          value: 1,
          commitmentId: '00000000-0000-4000-8000-000000000000',
        },
        { territoryCode: '01', period: '2026', kind: 'baseline', value: -3 },
      ],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('UNPROCESSABLE');
    expect(response.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/body/targets/2/period',
      '/body/targets/3/territoryCode',
      '/body/targets/4/period',
      '/body/targets/5',
      '/body/targets/6/commitmentId',
      '/body/targets/7/value',
    ]);
    expect(response.json().errors[0].detail).toContain('quarter');
    expect(await count()).toBe(before);
    const malformed = await admin.request('PUT', '/api/indicators/ART_TRAINED/targets', {
      targets: [{ territoryCode: '9', period: '2025', kind: 'target', value: 1 }],
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].pointer).toBe('/body/targets/0/territoryCode');
  });

  it('lets only administrators write targets; deletes one', async () => {
    const body = { targets: [{ territoryCode: null, period: '2026', kind: 'target', value: 1 }] };
    expect((await partner.request('PUT', '/api/indicators/ART_TRAINED/targets', body)).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'PUT', url: '/api/indicators/ART_TRAINED/targets', payload: body }))
        .statusCode,
    ).toBe(401);
    const items = (await admin.request('GET', '/api/indicators/ART_TRAINED/targets')).json().items;
    const target = items[0];
    expect(
      (await partner.request('DELETE', `/api/indicators/ART_TRAINED/targets/${target.id}`)).statusCode,
    ).toBe(403);
    expect(
      (await admin.request('DELETE', `/api/indicators/ART_TRAINED/targets/${target.id}`)).statusCode,
    ).toBe(204);
    expect(
      (await admin.request('DELETE', `/api/indicators/ART_TRAINED/targets/${target.id}`)).statusCode,
    ).toBe(404);
  });
});
