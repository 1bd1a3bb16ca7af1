import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';
import { multipartBody, tinyPdf } from '../files/files.fixtures.js';
import { linkIndicator, makeCommitment, makeIndicator } from './indicators.fixtures.js';

type Json = Record<string, unknown>;
type Problem = { code: string; detail: string; errors?: Array<{ pointer: string; detail: string }> };

const MAX_UPLOAD = 4096;

const grid = (base = 10) =>
  (['female', 'male'] as const).flatMap((sex, s) =>
    (['youth', 'adult', 'elderly'] as const).map((ageBand, a) => ({ sex, ageBand, value: base + s * 3 + a })),
  );

describe('indicator reports: submission, review, locking, permissions', () => {
  let t: TestApp;
  let admin: SignedInClient;
  let partner: SignedInClient;
  let otherPartner: SignedInClient;
  let souss: SignedInClient;
  let marrakech: SignedInClient;
  let actor: SignedInClient;
  let trainedId: string;
  let shareId: string;
  let computedId: string;
  let unlinkedId: string;
  let national: string;
  let scoped: string;
  let othersCommitment: string;

  beforeAll(async () => {
    t = await createTestApp({ maxUploadBytes: MAX_UPLOAD });
    const db = t.database.handle.db;
    admin = await signIn(t, 'admin');
    partner = await signIn(t, 'partner');
    otherPartner = await signIn(t, 'partner');
    souss = await signIn(t, 'territorial', { territoryCode: '09' });
    marrakech = await signIn(t, 'territorial', { territoryCode: '07' });
    actor = await signIn(t, 'actor');
    trainedId = (await makeIndicator(db, { code: 'ART_TRAINED', disaggregations: ['sex', 'age_band'] })).id;
    shareId = (await makeIndicator(db, { code: 'WOMEN_SHARE', unit: 'percent', aggregation: 'ratio' })).id;
    unlinkedId = (await makeIndicator(db, { code: 'NOT_LINKED' })).id;
    computedId = (
      await db
        .insertInto('indicators')
        .values({
          code: 'ACTORS_REG',
          name_fr: 'Acteurs',
          name_ar: 'الفاعلون',
          name_en: 'Actors',
          unit: 'actors',
          aggregation: 'sum',
          source: 'computed',
          computed_key: 'test.actors',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    national = await makeCommitment(db, {
      organisationId: partner.organisationId ?? '',
      startsOn: '2025-01-01',
    });
    scoped = await makeCommitment(db, {
      organisationId: partner.organisationId ?? '',
      territories: ['09', '07.351'],
    });
    othersCommitment = await makeCommitment(db, { organisationId: otherPartner.organisationId ?? '' });
    for (const commitment of [national, scoped, othersCommitment]) {
      await linkIndicator(db, commitment, trainedId);
      await linkIndicator(db, commitment, shareId);
      await linkIndicator(db, commitment, computedId);
    }
  });
  afterAll(() => t.close());

  const send = (
    client: SignedInClient | null,
    method: 'POST' | 'PUT',
    url: string,
    report: Json | string | null,
    file: { name: string; bytes: Uint8Array; field?: string } | null,
  ): Promise<LightMyRequestResponse> => {
    const fields: Record<string, string> = {};
    if (report !== null) fields.report = typeof report === 'string' ? report : JSON.stringify(report);
    const body = multipartBody(fields, file ? { field: file.field ?? 'evidence', ...file } : null);
    return t.app.inject({
      method,
      url,
      payload: body.payload,
      headers: {
        ...body.headers,
        ...(client ? { cookie: client.cookie, 'x-csrf-token': client.csrf } : {}),
      },
    });
  };
  const pdf = (label = 'evidence') => ({ name: 'preuve-trimestre.pdf', bytes: tinyPdf(label) });
  const submit = (client: SignedInClient | null, report: Json, file = pdf()) =>
    send(client, 'POST', '/api/indicator-reports', report, file);
  const trained = (extra: Json = {}) => ({
    indicatorId: trainedId,
    commitmentId: national,
    territoryCode: '09.273',
    period: '2025Q3',
    values: grid(),
    ...extra,
  });
  const db = () => t.database.handle.db;
  const count = async (table: 'indicator_reports' | 'indicator_facts' | 'stored_files') =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const problem = (response: LightMyRequestResponse) => response.json() as Problem;

  let firstId: string;

  it('accepts a partner report on its own commitment, with evidence, values and an audit entry', async () => {
    const response = await submit(partner, trained({ note: 'Sessions à Aït Melloul' }));
    expect(response.statusCode).toBe(201);
    const body = response.json();
    firstId = body.id;
    expect(body).toMatchObject({
      indicatorCode: 'ART_TRAINED',
      commitmentId: national,
      organisationId: partner.organisationId,
      territoryCode: '09.273',
      period: '2025Q3',
      status: 'submitted',
      version: 1,
      note: 'Sessions à Aït Melloul',
      evidence: { originalName: 'preuve-trimestre.pdf', sizeBytes: tinyPdf('evidence').length },
    });
    expect(body.values).toHaveLength(6);
    expect(body.values).toContainEqual({
      sex: 'male',
      ageBand: 'elderly',
      disability: 'all',
      area: 'all',
      coastal: 'all',
      value: 15,
      numerator: null,
      denominator: null,
    });
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', firstId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['indicator_report.submitted']);
    expect(await count('indicator_facts')).toBe(0);
  });

  it('refuses a report on a commitment of another organisation (403), and roles without the right', async () => {
    const reports = await count('indicator_reports');
    const files = await count('stored_files');
    const other = await submit(otherPartner, trained({ period: '2025Q2' }), pdf('other'));
    expect(other.statusCode).toBe(403);
    expect(problem(other).detail).toContain("only on your own organisation's commitments");
    expect(problem(other).errors).toEqual([{ pointer: '/body/commitmentId', detail: expect.any(String) }]);
    for (const client of [souss, actor]) {
      expect((await submit(client, trained({ period: '2025Q2' }))).statusCode).toBe(403);
    }
    expect((await submit(null, trained({ period: '2025Q2' }))).statusCode).toBe(401);
    expect(await count('indicator_reports')).toBe(reports);
    expect(await count('stored_files')).toBe(files);
  });

  it('refuses a duplicate submission with REPORT_EXISTS and the existing id', async () => {
    const again = await submit(partner, trained(), pdf('again'));
    expect(again.statusCode).toBe(409);
    expect(problem(again).code).toBe('REPORT_EXISTS');
    expect(problem(again).detail).toContain(firstId);
    // The same ground under another name: a month of the quarter, the region around the province,
    // the nation — values would be counted twice when analytics add them up.
    for (const overlap of [
      { period: '2025-08' },
      { territoryCode: '09' },
      { territoryCode: null, period: '2025' },
    ]) {
      const response = await submit(partner, trained(overlap), pdf('overlap'));
      expect(response.statusCode, JSON.stringify(overlap)).toBe(409);
      expect(problem(response)).toMatchObject({
        code: 'REPORT_EXISTS',
        errors: [{ pointer: '/body/period' }],
      });
      expect(problem(response).detail).toContain(`${firstId} (2025Q3, 09.273, submitted)`);
    }
    // Next to it, not overlapping: another province, and the nation for another quarter.
    expect((await submit(partner, trained({ territoryCode: '07.351' }), pdf('next'))).statusCode).toBe(201);
    const national2 = await submit(
      partner,
      trained({ territoryCode: null, period: '2025-12' }),
      pdf('national'),
    );
    expect(national2.statusCode).toBe(201);
  });

  it('refuses evidence that is not a PDF, too large or missing, and stores nothing', async () => {
    const reports = await count('indicator_reports');
    const files = await count('stored_files');
    const notPdf = await submit(partner, trained({ period: '2025Q1' }), {
      name: 'preuve.pdf',
      bytes: Buffer.from('PK\u0003\u0004 this is a zip'),
    });
    expect(notPdf.statusCode).toBe(415);
    expect(problem(notPdf).code).toBe('FILE_NOT_PDF');
    const big = Buffer.concat([tinyPdf('big'), Buffer.alloc(MAX_UPLOAD + 10, 32)]);
    const tooLarge = await submit(partner, trained({ period: '2025Q1' }), { name: 'big.pdf', bytes: big });
    expect(tooLarge.statusCode).toBe(413);
    expect(problem(tooLarge).code).toBe('FILE_TOO_LARGE');
    const missing = await send(
      partner,
      'POST',
      '/api/indicator-reports',
      trained({ period: '2025Q1' }),
      null,
    );
    expect(missing.statusCode).toBe(400);
    expect(problem(missing).errors).toEqual([{ pointer: '/body/evidence', detail: expect.any(String) }]);
    const json = await partner.request('POST', '/api/indicator-reports', trained({ period: '2025Q1' }));
    expect(json.statusCode).toBe(415);
    const badJson = await send(partner, 'POST', '/api/indicator-reports', '{"indicatorId":', pdf());
    expect(badJson.statusCode).toBe(400);
    expect(problem(badJson)).toMatchObject({ code: 'MALFORMED_JSON', errors: [{ pointer: '/body/report' }] });
    const tooLong = await send(
      partner,
      'POST',
      '/api/indicator-reports',
      trained({ note: 'x'.repeat(11_000) }),
      pdf(),
    );
    expect(tooLong.statusCode).toBe(400);
    expect(problem(tooLong).errors).toEqual([
      { pointer: '/body/report', detail: 'is too long for a form field' },
    ]);
    expect(await count('indicator_reports')).toBe(reports);
    expect(await count('stored_files')).toBe(files);
  });

  it('points at bad cells, territories and periods (422), and at schema errors (400)', async () => {
    const reports = await count('indicator_reports');
    const expectPointers = async (report: Json, status: number, pointers: string[]) => {
      const response = await submit(partner, report, pdf('bad'));
      expect(response.statusCode, JSON.stringify(report)).toBe(status);
      expect(problem(response).errors?.map((e) => e.pointer)).toEqual(pointers);
      return problem(response);
    };
    const missing = await expectPointers(trained({ period: '2025Q1', values: grid().slice(1) }), 422, [
      '/body/values',
    ]);
    expect(missing.detail).toContain('sex=female, ageBand=youth');
    await expectPointers(trained({ period: '2025Q1', values: [...grid(), grid()[2]] }), 422, [
      '/body/values/6',
    ]);
    await expectPointers(trained({ period: '2025Q1', territoryCode: '99' }), 422, ['/body/territoryCode']);
    const q5 = await expectPointers(trained({ period: '2025Q5' }), 422, ['/body/period']);
    expect(q5.detail).toContain('quarter must be 1 to 4');
    await expectPointers(trained({ period: '2025-13' }), 422, ['/body/period']);
    await expectPointers(trained({ period: '2199' }), 422, ['/body/period']);
    await expectPointers(trained({ period: '2024Q4' }), 422, ['/body/period']);
    await expectPointers(trained({ commitmentId: scoped, territoryCode: '07.161', period: '2025Q1' }), 422, [
      '/body/territoryCode',
    ]);
    await expectPointers(trained({ commitmentId: scoped, territoryCode: null, period: '2025Q1' }), 422, [
      '/body/territoryCode',
    ]);
    await expectPointers(
      trained({ indicatorId: unlinkedId, values: [{ value: 1 }], period: '2025Q1' }),
      422,
      ['/body/indicatorId'],
    );
    await expectPointers(
      trained({ period: '2025Q1', values: [{ sex: 'female', ageBand: 'youth', value: -2 }] }),
      422,
      ['/body/values/0/value'],
    );
    await expectPointers(trained({ period: '2025Q1', colour: 'blue' }), 400, ['/body/colour']);
    const computed = await submit(
      partner,
      trained({ indicatorId: computedId, values: [{ value: 3 }] }),
      pdf('c'),
    );
    expect(computed.statusCode).toBe(409);
    expect(problem(computed).code).toBe('INDICATOR_COMPUTED');
    expect(await count('indicator_reports')).toBe(reports);
    // A province inside a listed region, and a listed province, are within a scoped commitment.
    const inRegion = await submit(
      partner,
      trained({ commitmentId: scoped, territoryCode: '09.273', period: '2025Q1' }),
      pdf('r'),
    );
    expect(inRegion.statusCode).toBe(201);
    const listed = await submit(
      partner,
      trained({ commitmentId: scoped, territoryCode: '07.351', period: '2025Q1' }),
      pdf('p'),
    );
    expect(listed.statusCode).toBe(201);
  });

  it('stores a ratio whose denominator is zero, and validates it into a fact', async () => {
    const response = await submit(
      partner,
      {
        indicatorId: shareId,
        commitmentId: national,
        territoryCode: '09',
        period: '2025-08',
        values: [{ numerator: 0, denominator: 0 }],
      },
      pdf('ratio'),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json().values[0]).toMatchObject({ value: null, numerator: 0, denominator: 0 });
    const validated = await admin.request('POST', `/api/indicator-reports/${response.json().id}/validate`, {
      version: 1,
    });
    expect(validated.statusCode).toBe(200);
    const fact = await db()
      .selectFrom('indicator_facts')
      .selectAll()
      .where('report_id', '=', response.json().id)
      .executeTakeFirstOrThrow();
    expect(fact).toMatchObject({
      period_grain: 'month',
      period_start: '2025-08-01',
      numerator: 0,
      denominator: 0,
      value: null,
    });
  });

  it('lets only reviewers validate; validation writes one fact per cell in the same transaction', async () => {
    for (const client of [partner, souss, actor]) {
      expect(
        (await client.request('POST', `/api/indicator-reports/${firstId}/validate`, { version: 1 }))
          .statusCode,
      ).toBe(403);
    }
    const stale = await admin.request('POST', `/api/indicator-reports/${firstId}/validate`, { version: 7 });
    expect(stale.statusCode).toBe(409);
    expect(problem(stale).code).toBe('STALE_VERSION');
    const response = await admin.request('POST', `/api/indicator-reports/${firstId}/validate`, {
      version: 1,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'validated', version: 2 });
    const facts = await db()
      .selectFrom('indicator_facts')
      .selectAll()
      .where('report_id', '=', firstId)
      .execute();
    expect(facts).toHaveLength(6);
    expect(facts[0]).toMatchObject({
      indicator_id: trainedId,
      commitment_id: national,
      territory_code: '09.273',
      period_grain: 'quarter',
      period_start: '2025-07-01',
      is_demo: false,
    });
    expect(facts.reduce((sum, f) => sum + Number(f.value), 0)).toBe(grid().reduce((s, c) => s + c.value, 0));
  });

  it('never overwrites a validated report: every later action is PERIOD_LOCKED and nothing changes', async () => {
    const factsBefore = await db()
      .selectFrom('indicator_facts')
      .selectAll()
      .where('report_id', '=', firstId)
      .orderBy('id')
      .execute();
    const reportBefore = (await admin.request('GET', `/api/indicator-reports/${firstId}`)).json();
    const attempts = [
      await partner.request('PUT', `/api/indicator-reports/${firstId}`, { version: 2, values: grid(99) }),
      await send(
        partner,
        'PUT',
        `/api/indicator-reports/${firstId}`,
        { version: 2, values: grid(99) },
        pdf('new'),
      ),
      await admin.request('POST', `/api/indicator-reports/${firstId}/return`, {
        version: 2,
        comment: 'Revoir',
      }),
      await admin.request('POST', `/api/indicator-reports/${firstId}/validate`, { version: 2 }),
      await submit(partner, trained({ values: grid(50) }), pdf('resubmit')),
      await submit(partner, trained({ period: '2025-09', values: grid(50) }), pdf('month-in-locked-quarter')),
    ];
    for (const attempt of attempts) {
      expect(attempt.statusCode).toBe(409);
      expect(problem(attempt).code).toBe('PERIOD_LOCKED');
    }
    const factsAfter = await db()
      .selectFrom('indicator_facts')
      .selectAll()
      .where('report_id', '=', firstId)
      .orderBy('id')
      .execute();
    expect(factsAfter).toEqual(factsBefore);
    expect((await admin.request('GET', `/api/indicator-reports/${firstId}`)).json()).toEqual(reportBefore);
  });

  it('returns a report with a required comment; the owner corrects it (same row, next version)', async () => {
    const created = await submit(partner, trained({ period: '2025Q2' }), pdf('q2'));
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const evidenceBefore = created.json().evidence.id;
    const noComment = await admin.request('POST', `/api/indicator-reports/${id}/return`, { version: 1 });
    expect(noComment.statusCode).toBe(400);
    expect(problem(noComment).errors).toEqual([{ pointer: '/body/comment', detail: 'is required' }]);
    const blank = await admin.request('POST', `/api/indicator-reports/${id}/return`, {
      version: 1,
      comment: '   ',
    });
    expect(blank.statusCode).toBe(400);
    const returned = await admin.request('POST', `/api/indicator-reports/${id}/return`, {
      version: 1,
      comment: 'Les femmes âgées manquent dans la liste de présence',
    });
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toMatchObject({
      status: 'returned',
      version: 2,
      reviewComment: expect.stringContaining('femmes'),
    });
    const validateReturned = await admin.request('POST', `/api/indicator-reports/${id}/validate`, {
      version: 2,
    });
    expect(validateReturned.statusCode).toBe(409);
    expect(problem(validateReturned).code).toBe('REPORT_NOT_SUBMITTED');
    // Another organisation cannot see it, so cannot correct it.
    expect(
      (await otherPartner.request('PUT', `/api/indicator-reports/${id}`, { version: 2, values: grid() }))
        .statusCode,
    ).toBe(404);
    // A territorial user sees it but does not own it.
    expect(
      (await souss.request('PUT', `/api/indicator-reports/${id}`, { version: 2, values: grid() })).statusCode,
    ).toBe(403);
    const stale = await partner.request('PUT', `/api/indicator-reports/${id}`, {
      version: 1,
      values: grid(20),
    });
    expect(problem(stale).code).toBe('STALE_VERSION');
    const badCells = await partner.request('PUT', `/api/indicator-reports/${id}`, {
      version: 2,
      values: grid(20).slice(2),
    });
    expect(badCells.statusCode).toBe(422);
    const corrected = await partner.request('PUT', `/api/indicator-reports/${id}`, {
      version: 2,
      values: grid(20),
      note: 'Corrigé',
    });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json()).toMatchObject({ id, status: 'submitted', version: 3, note: 'Corrigé' });
    expect(corrected.json().evidence.id).toBe(evidenceBefore);
    expect(corrected.json().values[0].value).toBeGreaterThanOrEqual(20);
    const withFile = await send(
      partner,
      'PUT',
      `/api/indicator-reports/${id}`,
      { version: 3, values: grid(21) },
      pdf('corrected'),
    );
    expect(withFile.statusCode).toBe(200);
    expect(withFile.json().version).toBe(4);
    expect(withFile.json().evidence.id).not.toBe(evidenceBefore);
    const notPdf = await send(
      partner,
      'PUT',
      `/api/indicator-reports/${id}`,
      { version: 4, values: grid(22) },
      {
        name: 'x.pdf',
        bytes: Buffer.from('not a pdf'),
      },
    );
    expect(problem(notPdf).code).toBe('FILE_NOT_PDF');
    expect((await partner.request('GET', `/api/indicator-reports/${id}`)).json().version).toBe(4);
    const actions = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'indicator_report.submitted',
      'indicator_report.returned',
      'indicator_report.corrected',
      'indicator_report.corrected',
    ]);
  });

  it('lists reports by role: admin all, partner its own, territorial its territory; filters and pages', async () => {
    const list = async (client: SignedInClient, query = '') => {
      const response = await client.request('GET', `/api/indicator-reports${query}`);
      expect(response.statusCode).toBe(200);
      return response.json() as { total: number; items: Json[] };
    };
    const all = await list(admin);
    expect(all.total).toBe(await count('indicator_reports'));
    expect((await list(partner)).total).toBe(all.total);
    expect((await list(otherPartner)).total).toBe(0);
    const soussList = await list(souss);
    expect(soussList.total).toBeGreaterThan(0);
    expect(soussList.items.every((r) => String(r.territoryCode).startsWith('09'))).toBe(true);
    const marrakechList = await list(marrakech);
    expect(marrakechList.items.map((r) => r.territoryCode)).toEqual(['07.351', '07.351']);
    expect((await list(admin, '?status=validated')).items.every((r) => r.status === 'validated')).toBe(true);
    expect((await list(admin, '?period=2025Q3')).items.map((r) => r.territoryCode).sort()).toEqual([
      '07.351',
      '09.273',
    ]);
    expect((await list(admin, '?territory=national')).items.map((r) => r.territoryCode)).toEqual([null]);
    expect((await list(admin, `?indicator=${shareId}`)).total).toBe(1);
    expect((await list(admin, `?commitment=${scoped}`)).total).toBe(2);
    const page = await list(admin, '?limit=2&offset=1');
    expect(page.items).toHaveLength(2);
    expect(page.total).toBe(all.total);
    expect((await admin.request('GET', '/api/indicator-reports?period=2025Q9')).statusCode).toBe(400);
    expect((await actor.request('GET', '/api/indicator-reports')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/indicator-reports' })).statusCode).toBe(401);
    expect((await marrakech.request('GET', `/api/indicator-reports/${firstId}`)).statusCode).toBe(404);
    expect((await souss.request('GET', `/api/indicator-reports/${firstId}`)).statusCode).toBe(200);
  });

  it('serves the evidence to the organisation, territorial users there and admins only', async () => {
    const url = `/api/indicator-reports/${firstId}/evidence`;
    for (const client of [partner, souss, admin]) {
      const response = await client.request('GET', url);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.rawPayload.equals(tinyPdf('evidence'))).toBe(true);
    }
    expect((await otherPartner.request('GET', url)).statusCode).toBe(404);
    expect((await marrakech.request('GET', url)).statusCode).toBe(404);
    expect((await actor.request('GET', url)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
  });

  it('lets one of two simultaneous submissions in, and validates a report once when two reviewers race', async () => {
    const racing = await Promise.all([
      submit(partner, trained({ period: '2025-01', territoryCode: '01' }), pdf('race-a')),
      submit(partner, trained({ period: '2025-01', territoryCode: '01' }), pdf('race-b')),
    ]);
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const winner = racing.find((r) => r.statusCode === 201)?.json().id as string;
    expect(problem(racing.find((r) => r.statusCode === 409) as LightMyRequestResponse).code).toBe(
      'REPORT_EXISTS',
    );
    const reviews = await Promise.all([
      admin.request('POST', `/api/indicator-reports/${winner}/validate`, { version: 1 }),
      admin.request('POST', `/api/indicator-reports/${winner}/validate`, { version: 1 }),
    ]);
    expect(reviews.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const facts = await db()
      .selectFrom('indicator_facts')
      .select('id')
      .where('report_id', '=', winner)
      .execute();
    expect(facts).toHaveLength(6);
  });

  it('fixes the shape of an indicator with values and keeps its links', async () => {
    const trainedNow = (await admin.request('GET', `/api/indicators/${trainedId}`)).json();
    const reshape = await admin.request('PATCH', `/api/indicators/${trainedId}`, {
      version: trainedNow.version,
      disaggregations: ['sex'],
    });
    expect(reshape.statusCode).toBe(409);
    expect(problem(reshape)).toMatchObject({
      code: 'INDICATOR_IN_USE',
      errors: [{ pointer: '/body/disaggregations' }],
    });
    const rename = await admin.request('PATCH', `/api/indicators/${trainedId}`, {
      version: trainedNow.version,
      nameEn: 'Trained artisans',
    });
    expect(rename.statusCode).toBe(200);
    const unlink = await admin.request('PUT', `/api/commitments/${national}/indicators`, {
      indicatorIds: [shareId],
    });
    expect(unlink.statusCode).toBe(409);
    expect(problem(unlink).code).toBe('INDICATOR_IN_USE');
  });
});
