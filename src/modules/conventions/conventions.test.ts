import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';
import { systemContext } from '../../shared/principal.js';
import { createOrganisation } from '../accounts/organisations.service.js';
import { multipartBody, tinyPdf } from '../files/files.fixtures.js';

interface Problem {
  code: string;
  errors?: Array<{ pointer: string; detail: string }>;
}
interface ConventionJson {
  id: string;
  reference: string;
  status: string;
  version: number;
  published: boolean;
  axisCodes: string[];
  parties: Array<{ organisationId: string; role: string }>;
  signatories: Array<{ fullName: string; organisationId: string }>;
  documents: Array<{ id: string; sha256: string; url: string; title: string }>;
  commitments: CommitmentJson[];
  counts: Record<string, number>;
}
interface CommitmentJson {
  id: string;
  organisationId: string;
  scope: string;
  territoryCodes: string[];
  budgetCentimes: number | null;
  description: string | null;
  version: number;
  overdue: boolean;
  milestonesOverdue: number;
  milestonesDone: number;
  milestones: Array<{ id: string; status: string; doneOn: string | null; overdue: boolean }>;
}

function expectProblem(response: LightMyRequestResponse, status: number, code: string, pointer?: string) {
  expect(response.statusCode, response.body).toBe(status);
  const problem = response.json() as Problem;
  expect(problem.code).toBe(code);
  if (pointer) expect(problem.errors?.map((e) => e.pointer)).toContain(pointer);
}

describe('conventions, commitments and milestones', () => {
  let t: TestApp;
  let admin: SignedInClient;
  let partnerA: SignedInClient;
  let partnerB: SignedInClient;
  let region09: SignedInClient;
  let region01: SignedInClient;
  let actor: SignedInClient;
  let ses: string;
  let conventionId: string;
  let commitmentId: string;
  let nationalCommitmentId: string;

  const anonymous = (method: string, url: string) => t.app.inject({ method: method as 'GET', url });

  beforeAll(async () => {
    t = await createTestApp({ maxUploadBytes: 64 * 1024 });
    admin = await signIn(t, 'admin');
    partnerA = await signIn(t, 'partner');
    partnerB = await signIn(t, 'partner');
    region09 = await signIn(t, 'territorial', { territoryCode: '09' });
    region01 = await signIn(t, 'territorial', { territoryCode: '01' });
    actor = await signIn(t, 'actor');
    ses = (
      await createOrganisation(t.database.handle.db, systemContext('test'), {
        kind: 'state_secretariat',
        nameFr: "Secrétariat d'État (test)",
      })
    ).id;
  });
  afterAll(() => t.close());

  const draft = () => ({
    reference: 'CONV-2025-001',
    titleFr: 'Convention de partenariat pour les matières premières',
    titleAr: 'اتفاقية شراكة',
    axisCodes: ['RAW_MATERIALS', 'TERRITORIAL'],
    parties: [
      { organisationId: ses, role: 'lead' },
      { organisationId: partnerA.organisationId, role: 'party' },
    ],
    signatories: [
      { organisationId: ses, fullName: 'Amina Exemple', functionTitle: "Secrétaire d'État" },
      { organisationId: partnerA.organisationId, fullName: 'Karim Exemple' },
    ],
    startsOn: '2025-06-17',
    endsOn: '2027-12-31',
  });

  it('lists the ten axes and the partner organisations to anyone', async () => {
    const axes = await anonymous('GET', '/api/axes');
    expect(axes.statusCode).toBe(200);
    const items = (axes.json() as { items: Array<{ code: string; nameAr: string; nameEn: string }> }).items;
    expect(items).toHaveLength(10);
    expect(items[0]).toMatchObject({ code: 'RAW_MATERIALS' });
    expect(items.every((a) => a.nameAr && a.nameEn)).toBe(true);
    const partners = await anonymous('GET', '/api/partners');
    expect(partners.statusCode).toBe(200);
    const ids = (partners.json() as { items: Array<{ id: string }> }).items.map((p) => p.id);
    expect(ids).toContain(ses);
    expect(ids).toContain(partnerA.organisationId);
    expect(ids).not.toContain(actor.organisationId);
  });

  it('lets only administrators create conventions', async () => {
    expectProblem(
      await t.app.inject({ method: 'POST', url: '/api/conventions', payload: draft() }),
      401,
      'AUTH_REQUIRED',
    );
    expectProblem(await partnerA.request('POST', '/api/conventions', draft()), 403, 'FORBIDDEN');
    expectProblem(await region09.request('POST', '/api/conventions', draft()), 403, 'FORBIDDEN');
    const created = await admin.request('POST', '/api/conventions', draft());
    expect(created.statusCode, created.body).toBe(201);
    const convention = created.json() as ConventionJson;
    conventionId = convention.id;
    expect(convention).toMatchObject({
      status: 'draft',
      published: false,
      version: 1,
      axisCodes: ['RAW_MATERIALS', 'TERRITORIAL'],
    });
    expect(convention.parties[0]).toMatchObject({ organisationId: ses, role: 'lead' });
    expect(convention.signatories.map((s) => s.fullName)).toEqual(['Amina Exemple', 'Karim Exemple']);
  });

  it('refuses bad conventions with a located error and stores nothing', async () => {
    const cases: Array<[Record<string, unknown>, number, string, string]> = [
      [{ reference: 'conv-2025-001' }, 409, 'IDENTIFIER_TAKEN', '/body/reference'],
      [{ reference: 'X-1', axisCodes: ['RAW_MATERIALS', 'NOPE'] }, 422, 'UNPROCESSABLE', '/body/axisCodes/1'],
      [
        { reference: 'X-2', signatories: [{ organisationId: partnerB.organisationId, fullName: 'Intrus' }] },
        422,
        'UNPROCESSABLE',
        '/body/signatories/0/organisationId',
      ],
      [
        { reference: 'X-3', parties: [{ organisationId: actor.organisationId }], signatories: [] },
        422,
        'UNPROCESSABLE',
        '/body/parties/0/organisationId',
      ],
      [{ reference: 'X-4', status: 'signed' }, 422, 'UNPROCESSABLE', '/body/signedOn'],
      [{ reference: 'X-5', endsOn: '2025-01-01' }, 422, 'UNPROCESSABLE', '/body/endsOn'],
      [{ reference: 'X-6', published: true }, 422, 'UNPROCESSABLE', '/body/published'],
      [{ reference: 'X-7', signedOn: '2025-13-45' }, 400, 'VALIDATION_FAILED', '/body/signedOn'],
    ];
    for (const [change, status, code, pointer] of cases) {
      expectProblem(
        await admin.request('POST', '/api/conventions', { ...draft(), ...change }),
        status,
        code,
        pointer,
      );
    }
    const list = await admin.request('GET', '/api/conventions');
    expect((list.json() as { total: number }).total).toBe(1);
  });

  it('shows a draft only to administrators and its parties', async () => {
    for (const client of [partnerB, region09, actor]) {
      expectProblem(await client.request('GET', `/api/conventions/${conventionId}`), 404, 'NOT_FOUND');
      expect((await client.request('GET', '/api/conventions')).json()).toMatchObject({ total: 0 });
    }
    expectProblem(await anonymous('GET', `/api/conventions/${conventionId}`), 404, 'NOT_FOUND');
    expect((await anonymous('GET', '/api/conventions')).json()).toMatchObject({ total: 0, items: [] });
    expect((await partnerA.request('GET', `/api/conventions/${conventionId}`)).statusCode).toBe(200);
    expect((await partnerA.request('GET', '/api/conventions')).json()).toMatchObject({ total: 1 });
  });

  it('adds commitments of a party only, with known territories, axis, dates and a budget', async () => {
    const url = `/api/conventions/${conventionId}/commitments`;
    const good = {
      organisationId: partnerA.organisationId,
      reference: 'E1',
      titleFr: 'Approvisionner les coopératives en bois',
      axisCode: 'RAW_MATERIALS',
      budgetCentimes: 150_000_000,
      startsOn: '2025-07-01',
      endsOn: '2026-12-31',
      territoryCodes: ['09.541', '09.581'],
      milestones: [
        { titleFr: 'Inventaire', dueOn: '2020-01-31' },
        { titleFr: 'Premières livraisons', dueOn: '2025-09-30', status: 'done', doneOn: '2025-09-15' },
        { titleFr: 'Bilan', dueOn: '2099-12-31' },
      ],
    };
    const cases: Array<[Record<string, unknown>, number, string, string]> = [
      [{ organisationId: partnerB.organisationId }, 422, 'UNPROCESSABLE', '/body/organisationId'],
      [{ territoryCodes: ['09', '01.511', '99.999'] }, 422, 'UNPROCESSABLE', '/body/territoryCodes/2'],
      [{ territoryCodes: ['06.141.01.00'] }, 422, 'UNPROCESSABLE', '/body/territoryCodes/0'],
      [{ scope: 'national' }, 422, 'UNPROCESSABLE', '/body/territoryCodes'],
      [{ axisCode: 'UNKNOWN_AXIS' }, 422, 'UNPROCESSABLE', '/body/axisCode'],
      [{ endsOn: '2025-01-01' }, 422, 'UNPROCESSABLE', '/body/endsOn'],
      [{ budgetCentimes: -1 }, 400, 'VALIDATION_FAILED', '/body/budgetCentimes'],
      [{ budgetCentimes: 12.5 }, 400, 'VALIDATION_FAILED', '/body/budgetCentimes'],
      [
        { milestones: [{ titleFr: 'x', dueOn: '2025-01-01', status: 'planned', doneOn: '2025-01-01' }] },
        422,
        'UNPROCESSABLE',
        '/body/milestones/0/doneOn',
      ],
    ];
    for (const [change, status, code, pointer] of cases) {
      expectProblem(await admin.request('POST', url, { ...good, ...change }), status, code, pointer);
    }
    expectProblem(await partnerA.request('POST', url, good), 403, 'FORBIDDEN');
    const created = await admin.request('POST', url, good);
    expect(created.statusCode, created.body).toBe(201);
    const commitment = created.json() as CommitmentJson;
    commitmentId = commitment.id;
    expect(commitment).toMatchObject({
      scope: 'territories',
      territoryCodes: ['09.541', '09.581'],
      budgetCentimes: 150_000_000,
      milestonesOverdue: 1,
      milestonesDone: 1,
    });
    expect(commitment.milestones.map((m) => m.overdue)).toEqual([true, false, false]);
    expectProblem(await admin.request('POST', url, good), 409, 'IDENTIFIER_TAKEN', '/body/reference');

    const national = await admin.request('POST', url, {
      organisationId: ses,
      titleFr: 'Plateforme nationale',
      axisCode: 'TERRITORIAL',
      endsOn: '2024-12-31',
    });
    expect(national.statusCode, national.body).toBe(201);
    nationalCommitmentId = (national.json() as CommitmentJson).id;
    expect(national.json()).toMatchObject({ scope: 'national', territoryCodes: [], overdue: true });

    const detail = (await admin.request('GET', `/api/conventions/${conventionId}`)).json() as ConventionJson;
    expect(detail.counts).toEqual({
      commitments: 2,
      commitmentsOverdue: 1,
      budgetCentimes: 150_000_000,
      milestones: 3,
      milestonesDone: 1,
      milestonesOverdue: 1,
    });
    const list = (await admin.request('GET', '/api/conventions')).json() as { items: ConventionJson[] };
    expect(list.items[0]?.counts).toEqual(detail.counts);
  });

  it('shows an unpublished convention to the territories where it has commitments', async () => {
    expect((await region09.request('GET', `/api/conventions/${conventionId}`)).statusCode).toBe(200);
    expectProblem(await region01.request('GET', `/api/conventions/${conventionId}`), 404, 'NOT_FOUND');
  });

  it('moves status forward only, with a signature date, refusing stale versions, then publishes', async () => {
    const url = `/api/conventions/${conventionId}`;
    expectProblem(
      await admin.request('PATCH', url, { status: 'signed' }),
      422,
      'UNPROCESSABLE',
      '/body/signedOn',
    );
    const signed = await admin.request('PATCH', url, {
      status: 'signed',
      signedOn: '2025-06-17',
      signedPlace: 'Benguérir',
      version: 1,
    });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'signed', version: 2 });
    expectProblem(await admin.request('PATCH', url, { titleFr: 'Autre', version: 1 }), 409, 'STALE_VERSION');
    expectProblem(
      await admin.request('PATCH', url, { status: 'draft' }),
      422,
      'UNPROCESSABLE',
      '/body/status',
    );
    expectProblem(await partnerA.request('PATCH', url, { titleFr: 'Par un partenaire' }), 403, 'FORBIDDEN');
    expectProblem(
      await admin.request('PATCH', url, { parties: [{ organisationId: ses, role: 'lead' }] }),
      422,
      'UNPROCESSABLE',
      '/body/parties',
    );
    expectProblem(
      await admin.request('PATCH', url, {
        signatories: [{ organisationId: partnerB.organisationId, fullName: 'X' }],
      }),
      422,
      'UNPROCESSABLE',
      '/body/signatories/0/organisationId',
    );
    const published = await admin.request('PATCH', url, { status: 'in_force', published: true, version: 2 });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'in_force', published: true, version: 3 });
    expect((await admin.request('PATCH', url, { status: 'closed' })).json()).toMatchObject({
      status: 'closed',
    });
    expect((await admin.request('PATCH', url, { status: 'in_force' })).json()).toMatchObject({
      status: 'in_force',
    });
    expectProblem(await admin.request('DELETE', url), 409, 'CONFLICT');
  });

  it('shows published conventions to everyone, with filters', async () => {
    const list = async (query: string) =>
      ((await anonymous('GET', `/api/conventions${query}`)).json() as { total: number }).total;
    expect(await list('')).toBe(1);
    expect(await list('?territory=09')).toBe(1);
    expect(await list('?territory=09.541')).toBe(1);
    expect(await list('?territory=01')).toBe(1); // the national commitment is active everywhere
    expect(await list('?axis=TERRITORIAL')).toBe(1);
    expect(await list('?axis=WOMEN')).toBe(0);
    expect(await list(`?partner=${partnerA.organisationId}`)).toBe(1);
    expect(await list(`?partner=${partnerB.organisationId}`)).toBe(0);
    expect(await list('?q=conv-2025')).toBe(1);
    expect(await list('?q=premi%C3%A8res')).toBe(1);
    expect(await list('?q=nothing-like-this')).toBe(0);
    expect(await list('?status=draft')).toBe(0);
    expect((await anonymous('GET', `/api/conventions/${conventionId}`)).statusCode).toBe(200);
    expect((await anonymous('GET', `/api/commitments/${commitmentId}`)).json()).toMatchObject({
      canEdit: 'none',
      conventionReference: 'CONV-2025-001',
    });
    const partners = (await anonymous('GET', '/api/partners')).json() as {
      items: Array<{ id: string; publishedConventions: number; publishedCommitments: number }>;
    };
    expect(partners.items.find((p) => p.id === partnerA.organisationId)).toMatchObject({
      publishedConventions: 1,
      publishedCommitments: 1,
    });
    expectProblem(
      await anonymous('GET', '/api/conventions?cursor=bad!'),
      400,
      'VALIDATION_FAILED',
      '/querystring/cursor',
    );
  });

  it('pages the list', async () => {
    for (const n of [2, 3, 4]) {
      const r = await admin.request('POST', '/api/conventions', {
        reference: `PAGE-${n}`,
        titleFr: `Page ${n}`,
      });
      expect(r.statusCode).toBe(201);
    }
    const first = (await admin.request('GET', '/api/conventions?limit=2&sort=reference')).json() as {
      items: ConventionJson[];
      total: number;
      nextCursor: string;
    };
    expect(first.total).toBe(4);
    expect(first.items.map((c) => c.reference)).toEqual(['CONV-2025-001', 'PAGE-2']);
    const second = (
      await admin.request('GET', `/api/conventions?limit=2&sort=reference&cursor=${first.nextCursor}`)
    ).json() as {
      items: ConventionJson[];
      nextCursor: string | null;
    };
    expect(second.items.map((c) => c.reference)).toEqual(['PAGE-3', 'PAGE-4']);
    expect(second.nextCursor).toBeNull();
  });

  it('lets a partner update the progress of its own commitments and nothing else', async () => {
    const url = `/api/commitments/${commitmentId}`;
    const own = await partnerA.request('PATCH', url, { description: 'Livraisons en cours', version: 1 });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ description: 'Livraisons en cours', version: 2 });
    expectProblem(
      await partnerA.request('PATCH', url, { budgetCentimes: 1 }),
      403,
      'FORBIDDEN',
      '/body/budgetCentimes',
    );
    expectProblem(
      await partnerA.request('PATCH', url, { description: 'x', version: 1 }),
      409,
      'STALE_VERSION',
    );
    expectProblem(
      await partnerA.request('PATCH', `/api/commitments/${nationalCommitmentId}`, { description: 'x' }),
      403,
      'FORBIDDEN',
    );
    expectProblem(await partnerB.request('PATCH', url, { description: 'x' }), 403, 'FORBIDDEN');
    expectProblem(await region09.request('PATCH', url, { description: 'x' }), 403, 'FORBIDDEN');
    expectProblem(await actor.request('PATCH', url, { description: 'x' }), 403, 'FORBIDDEN');
    expectProblem(
      await t.app.inject({ method: 'PATCH', url, payload: { description: 'x' } }),
      401,
      'AUTH_REQUIRED',
    );
    expect((await partnerA.request('GET', url)).json()).toMatchObject({ canEdit: 'progress' });

    const commitment = (await partnerA.request('GET', url)).json() as CommitmentJson;
    const overdue = commitment.milestones.find((m) => m.overdue);
    if (!overdue) throw new Error('no overdue milestone');
    const done = await partnerA.request('PATCH', `/api/milestones/${overdue.id}`, { status: 'done' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', overdue: false });
    expect((done.json() as { doneOn: string }).doneOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expectProblem(
      await partnerA.request('PATCH', `/api/milestones/${overdue.id}`, {
        status: 'done',
        doneOn: '2999-01-01',
      }),
      422,
      'UNPROCESSABLE',
      '/body/doneOn',
    );
    expectProblem(
      await partnerA.request('PATCH', `/api/milestones/${overdue.id}`, { dueOn: '2030-01-01' }),
      403,
      'FORBIDDEN',
      '/body/dueOn',
    );
    expectProblem(
      await partnerB.request('PATCH', `/api/milestones/${overdue.id}`, { status: 'planned' }),
      403,
      'FORBIDDEN',
    );
    expectProblem(
      await partnerA.request('POST', `${url}/milestones`, { titleFr: 'x', dueOn: '2030-01-01' }),
      403,
      'FORBIDDEN',
    );
    expectProblem(await partnerA.request('DELETE', `/api/milestones/${overdue.id}`), 403, 'FORBIDDEN');
    const reopened = await partnerA.request('PATCH', `/api/milestones/${overdue.id}`, {
      status: 'in_progress',
    });
    expect(reopened.json()).toMatchObject({ status: 'in_progress', doneOn: null, overdue: true });
  });

  it('lets administrators change the territories and milestones of a commitment', async () => {
    const url = `/api/commitments/${commitmentId}`;
    expectProblem(
      await admin.request('PATCH', url, { territoryCodes: ['01', '02', '77'] }),
      422,
      'UNPROCESSABLE',
      '/body/territoryCodes/2',
    );
    expectProblem(
      await admin.request('PATCH', url, { startsOn: '2027-01-01' }),
      422,
      'UNPROCESSABLE',
      '/body/endsOn',
    );
    expectProblem(
      await admin.request('PATCH', url, { organisationId: partnerB.organisationId }),
      422,
      'UNPROCESSABLE',
      '/body/organisationId',
    );
    const moved = await admin.request('PATCH', url, {
      territoryCodes: ['09'],
      titleFr: 'Bois pour Souss-Massa',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ scope: 'territories', territoryCodes: ['09'] });
    const unchanged = await admin.request('PATCH', url, { budgetCentimes: 200_000_000 });
    expect(unchanged.json()).toMatchObject({ territoryCodes: ['09'], budgetCentimes: 200_000_000 });
    const milestone = await admin.request('POST', `${url}/milestones`, {
      titleFr: 'Évaluation',
      dueOn: '2026-06-30',
    });
    expect(milestone.statusCode, milestone.body).toBe(201);
    const id = (milestone.json() as { id: string }).id;
    expect((await admin.request('DELETE', `/api/milestones/${id}`)).statusCode).toBe(204);
    expectProblem(await admin.request('DELETE', `/api/milestones/${id}`), 404, 'NOT_FOUND');
  });

  it('attaches PDF documents, refuses other files, and serves them to whoever sees the convention', async () => {
    const url = `/api/conventions/${conventionId}/documents`;
    const pdf = tinyPdf('convention signée');
    const upload = (
      client: SignedInClient,
      fields: Record<string, string>,
      bytes: Buffer,
      name = 'convention.pdf',
    ) => {
      const body = multipartBody(fields, { name, bytes });
      return t.app.inject({
        method: 'POST',
        url,
        payload: body.payload,
        headers: { ...body.headers, cookie: client.cookie, 'x-csrf-token': client.csrf },
      });
    };
    expectProblem(await upload(partnerA, {}, pdf), 403, 'FORBIDDEN');
    expectProblem(
      await upload(admin, {}, Buffer.from('PK\u0003\u0004 a zip, named .pdf')),
      415,
      'FILE_NOT_PDF',
    );
    expectProblem(await upload(admin, { kind: 'poster' }, pdf), 400, 'VALIDATION_FAILED', '/body/kind');
    expectProblem(
      await upload(admin, {}, Buffer.concat([pdf, Buffer.alloc(70 * 1024, 32)])),
      413,
      'FILE_TOO_LARGE',
    );
    const added = await upload(
      admin,
      { kind: 'signed_convention', title: 'Convention signée' },
      pdf,
      'الاتفاقية.pdf',
    );
    expect(added.statusCode, added.body).toBe(201);
    const document = added.json() as { id: string; sha256: string; url: string; originalName: string };
    expect(document.originalName).toBe('الاتفاقية.pdf');
    expectProblem(await upload(admin, {}, pdf), 409, 'CONFLICT', '/body/file');

    const download = await anonymous('GET', document.url);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-sha256']).toBe(document.sha256);
    expect(download.headers['content-disposition']).toContain("filename*=UTF-8''");
    expect(download.rawPayload.equals(pdf)).toBe(true);

    await admin.request('PATCH', `/api/conventions/${conventionId}`, { published: false });
    expectProblem(await anonymous('GET', document.url), 404, 'NOT_FOUND');
    expectProblem(await partnerB.request('GET', document.url), 404, 'NOT_FOUND');
    expect((await partnerA.request('GET', document.url)).statusCode).toBe(200);
    expect((await region09.request('GET', document.url)).statusCode).toBe(200);
    await admin.request('PATCH', `/api/conventions/${conventionId}`, { published: true });

    expectProblem(await partnerA.request('DELETE', document.url), 403, 'FORBIDDEN');
    expect((await admin.request('DELETE', document.url)).statusCode).toBe(204);
    expectProblem(await anonymous('GET', document.url), 404, 'NOT_FOUND');
  });

  it('shows the convergence of a region and of its provinces', async () => {
    const region = (await anonymous('GET', '/api/territories/09/convergence')).json() as {
      territory: { nameFr: string };
      conventions: Array<{ id: string; commitments: CommitmentJson[] }>;
      totals: { commitments: number };
    };
    expect(region.territory.nameFr).toBeTruthy();
    expect(region.conventions.map((c) => c.id)).toEqual([conventionId]);
    expect(region.conventions[0]?.commitments.map((c) => c.id).sort()).toEqual(
      [commitmentId, nationalCommitmentId].sort(),
    );
    // Scoped to region 09, the commitment is active in its provinces; elsewhere only the national one.
    const province = (await anonymous('GET', '/api/territories/09.541/convergence')).json() as typeof region;
    expect(province.totals.commitments).toBe(2);
    const other = (await anonymous('GET', '/api/territories/01.511/convergence')).json() as typeof region;
    expect(other.conventions[0]?.commitments.map((c) => c.id)).toEqual([nationalCommitmentId]);
    expectProblem(await anonymous('GET', '/api/territories/99/convergence'), 404, 'NOT_FOUND');
    // A draft with a commitment in 01 is seen there only by administrators (and its parties).
    const hidden = (
      await admin.request('POST', '/api/conventions', {
        reference: 'HIDDEN',
        titleFr: 'Brouillon',
        parties: [{ organisationId: ses }],
      })
    ).json() as ConventionJson;
    await admin.request('POST', `/api/conventions/${hidden.id}/commitments`, {
      organisationId: ses,
      titleFr: 'x',
      axisCode: 'WOMEN',
      territoryCodes: ['01'],
    });
    const seen = async (client: SignedInClient | null) =>
      (
        (
          await (client
            ? client.request('GET', '/api/territories/01/convergence')
            : anonymous('GET', '/api/territories/01/convergence'))
        ).json() as typeof region
      ).conventions.map((c) => c.id);
    expect(await seen(admin)).toContain(hidden.id);
    expect(await seen(region01)).toContain(hidden.id);
    expect(await seen(null)).not.toContain(hidden.id);
    expect(await seen(partnerA)).not.toContain(hidden.id);
    expect((await admin.request('DELETE', `/api/conventions/${hidden.id}`)).statusCode).toBe(204);
    expectProblem(await admin.request('GET', `/api/conventions/${hidden.id}`), 404, 'NOT_FOUND');
  });

  it('deletes commitments (administrators only) and keeps the history in the audit trail', async () => {
    expectProblem(
      await partnerA.request('DELETE', `/api/commitments/${nationalCommitmentId}`),
      403,
      'FORBIDDEN',
    );
    expect((await admin.request('DELETE', `/api/commitments/${nationalCommitmentId}`)).statusCode).toBe(204);
    expectProblem(await admin.request('GET', `/api/commitments/${nationalCommitmentId}`), 404, 'NOT_FOUND');
    const db = t.database.handle.db;
    const convention = await db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', conventionId)
      .orderBy('seq')
      .execute();
    expect(convention.map((r) => r.action)).toEqual([
      'convention.created',
      'convention.updated',
      'convention.published',
      'convention.updated',
      'convention.updated',
      'convention.document_added',
      'convention.unpublished',
      'convention.published',
      'convention.document_removed',
    ]);
    const commitment = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', commitmentId)
      .orderBy('seq')
      .execute();
    expect(commitment.map((r) => r.action)).toEqual([
      'commitment.created',
      'commitment.updated',
      'commitment.updated',
      'commitment.updated',
    ]);
    expect(commitment[1]?.actor_label).toBe(partnerA.email);
    expect(commitment[1]?.after).toMatchObject({ description: 'Livraisons en cours' });
    const deleted = await db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', nationalCommitmentId)
      .execute();
    expect(deleted.map((r) => r.action)).toEqual(['commitment.created', 'commitment.deleted']);
    const milestones = await db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'milestone')
      .execute();
    expect(milestones.map((r) => r.action)).toContain('milestone.updated');

    // The same history through the API, with field names of the API, for signed-in users who see it.
    const history = await partnerA.request('GET', `/api/conventions/${conventionId}/history`);
    expect(history.statusCode, history.body).toBe(200);
    const items = (
      history.json() as {
        items: Array<{
          action: string;
          entityId: string;
          actorLabel: string;
          changes: Array<{ field: string; before: unknown; after: unknown }>;
        }>;
      }
    ).items;
    expect(items.map((i) => i.action)).toContain('commitment.deleted');
    expect(items.map((i) => i.action)).toContain('milestone.updated');
    expect(items.at(-1)?.action).toBe('convention.created');
    const described = items.find((i) => i.action === 'commitment.updated' && i.actorLabel === partnerA.email);
    expect(described?.changes).toEqual([
      { field: 'description', before: null, after: 'Livraisons en cours' },
    ]);
    expect(items.some((i) => i.entityId === nationalCommitmentId)).toBe(true);
    expectProblem(await anonymous('GET', `/api/conventions/${conventionId}/history`), 401, 'AUTH_REQUIRED');
    expectProblem(
      await partnerB.request('GET', '/api/conventions/00000000-0000-4000-8000-000000000000/history'),
      404,
      'NOT_FOUND',
    );
  });
});
