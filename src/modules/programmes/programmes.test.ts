import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';
import { multipartBody, tinyPdf } from '../files/files.fixtures.js';

type Json = Record<string, unknown>;
type Problem = { code: string; detail: string; errors?: Array<{ pointer: string; detail: string }> };
const HOUR = 3600_000;

describe('programmes, calls, applications, evaluation (API)', () => {
  let t: TestApp;
  let admin: SignedInClient;
  let partner: SignedInClient;
  let otherPartner: SignedInClient;
  let tanger: SignedInClient;
  let souss: SignedInClient;
  let actor: SignedInClient;
  let otherActor: SignedInClient;
  let sameOrgPartner: SignedInClient;
  let actorId: string;
  let menActorId: string;
  let otherActorId: string;
  let programmeId: string;
  let callId: string;

  const json = (response: LightMyRequestResponse) => response.json() as Json;
  const problem = (response: LightMyRequestResponse) => response.json() as Problem;

  const makeActor = async (options: {
    organisationId: string | null;
    province: string;
    women: number;
    men: number;
    nia: string | null;
  }) => {
    const row = await t.database.handle.db
      .insertInto('actors')
      .values({
        kind: 'cooperative',
        name_fr: `Coopérative ${Math.random().toString(36).slice(2, 8)}`,
        search_key: 'coop',
        province_code: options.province,
        region_code: options.province.slice(0, 2),
        organisation_id: options.organisationId,
        members_women: options.women,
        members_men: options.men,
        nia: options.nia,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };

  const rules = {
    all: [
      { field: 'kind', op: 'in', value: ['cooperative', 'association'] },
      { field: 'women_share', op: '>=', value: 40 },
    ],
  };
  const callBody = (overrides: Json = {}) => ({
    reference: `AAP-${Math.random().toString(36).slice(2, 8)}`,
    titleFr: 'Appel à projets 2026',
    opensAt: new Date(Date.now() - HOUR).toISOString(),
    closesAt: new Date(Date.now() + 24 * HOUR).toISOString(),
    eligibilityRules: rules,
    formFields: [
      { code: 'project', type: 'text', labelFr: 'Projet', required: true, maxLength: 500 },
      { code: 'jobs', type: 'integer', labelFr: 'Emplois créés', min: 0, max: 100 },
    ],
    scoringGrid: [
      { code: 'impact', labelFr: 'Impact', weight: 3, max: 20 },
      { code: 'feasibility', labelFr: 'Faisabilité', weight: 1, max: 10 },
    ],
    reservedShares: [
      {
        code: 'women_led',
        labelFr: 'Dirigées par des femmes',
        minShare: 0.4,
        rule: { field: 'women_led', op: '=', value: true },
      },
    ],
    budgetCentimes: 50_000_000,
    capacity: 20,
    status: 'published',
    ...overrides,
  });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t, 'admin');
    partner = await signIn(t, 'partner');
    otherPartner = await signIn(t, 'partner');
    tanger = await signIn(t, 'territorial', { territoryCode: '01' });
    souss = await signIn(t, 'territorial', { territoryCode: '09' });
    actor = await signIn(t, 'actor');
    otherActor = await signIn(t, 'actor');
    sameOrgPartner = await signIn(t, 'partner', { organisationId: actor.organisationId ?? '' });
    actorId = await makeActor({
      organisationId: actor.organisationId,
      province: '01.511',
      women: 31,
      men: 19,
      nia: 'A1',
    });
    otherActorId = await makeActor({
      organisationId: otherActor.organisationId,
      province: '01.571',
      women: 10,
      men: 30,
      nia: null,
    });
    menActorId = await makeActor({ organisationId: null, province: '01.573', women: 1, men: 9, nia: null });
  });
  afterAll(() => t.close());

  it('lets a partner create its own programme, not one for another organisation; actors cannot', async () => {
    const created = await partner.request('POST', '/api/programmes', {
      reference: 'PRG-FIN-1',
      kind: 'financing',
      subkind: 'grant',
      titleFr: 'Subventions aux coopératives',
      budgetCentimes: 100_000_000,
      capacity: 50,
      status: 'active',
    });
    expect(created.statusCode, created.body).toBe(201);
    programmeId = json(created).id as string;
    expect(json(created).organisationId).toBe(partner.organisationId);

    const forOther = await partner.request('POST', '/api/programmes', {
      reference: 'PRG-X',
      kind: 'training',
      titleFr: 'x',
      organisationId: otherPartner.organisationId,
    });
    expect(forOther.statusCode).toBe(403);
    expect(
      (await actor.request('POST', '/api/programmes', { reference: 'PRG-Y', kind: 'training', titleFr: 'x' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await otherPartner.request('PATCH', `/api/programmes/${programmeId}`, { titleFr: 'pris' })).statusCode,
    ).toBe(403);
    const rawWithout = await admin.request('POST', '/api/programmes', {
      reference: 'PRG-RAW',
      kind: 'raw_material',
      titleFr: 'Laine',
      organisationId: partner.organisationId,
    });
    expect(rawWithout.statusCode).toBe(422);
    expect(problem(rawWithout).errors?.[0]?.pointer).toBe('/body/materialSource');
  });

  it('refuses a call whose rules name an unknown field or compare incompatible types, with pointers', async () => {
    const bad = await partner.request(
      'POST',
      `/api/programmes/${programmeId}/calls`,
      callBody({
        eligibilityRules: {
          all: [
            { field: 'turnover', op: '>', value: 1 },
            { field: 'kind', op: '>=', value: 'artisan' },
            { field: 'women_share', op: '>=', value: '40' },
          ],
        },
        reservedShares: [
          { code: 'x', labelFr: 'x', minShare: 0.1, rule: { field: 'coastal', op: '=', value: 'yes' } },
        ],
      }),
    );
    expect(bad.statusCode).toBe(422);
    expect(problem(bad).code).toBe('RULES_INVALID');
    expect(problem(bad).errors?.map((e) => e.pointer)).toEqual([
      '/body/eligibilityRules/all/0/field',
      '/body/eligibilityRules/all/1/op',
      '/body/eligibilityRules/all/2/value',
      '/body/reservedShares/0/rule/value',
    ]);
    const unknownCodes = await partner.request(
      'POST',
      `/api/programmes/${programmeId}/calls`,
      callBody({
        eligibilityRules: {
          any: [
            { field: 'region', op: 'in', value: ['01', '99'] },
            { field: 'province', op: '=', value: '01.999' },
            { field: 'branch', op: '=', value: 'TEX' },
            { field: 'activity', op: 'not_in', value: ['NOPE'] },
          ],
        },
      }),
    );
    expect(unknownCodes.statusCode).toBe(422);
    expect(problem(unknownCodes).errors?.map((e) => e.pointer)).toEqual([
      '/body/eligibilityRules/any/0/value/1',
      '/body/eligibilityRules/any/1/value',
      '/body/eligibilityRules/any/3/value/0',
    ]);
    const overBudget = await partner.request(
      'POST',
      `/api/programmes/${programmeId}/calls`,
      callBody({ budgetCentimes: 200_000_000 }),
    );
    expect(overBudget.statusCode).toBe(422);
    expect(problem(overBudget).errors?.[0]?.pointer).toBe('/body/budgetCentimes');
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM calls`.execute(
      t.database.handle.db,
    );
    expect(count.rows[0]?.n).toBe(0);

    const created = await partner.request('POST', `/api/programmes/${programmeId}/calls`, callBody());
    expect(created.statusCode, created.body).toBe(201);
    callId = json(created).id as string;
    expect(json(created).open).toBe(true);
  });

  it('previews how many registry actors the rules admit', async () => {
    const preview = await partner.request('POST', `/api/calls/${callId}/eligibility-preview`, {});
    expect(preview.statusCode, preview.body).toBe(200);
    expect(json(preview).count).toBe(1);
    const tried = await partner.request('POST', `/api/calls/${callId}/eligibility-preview`, {
      eligibilityRules: { all: [{ field: 'region', op: '=', value: '01' }] },
    });
    expect(json(tried).count).toBe(3);
    expect(
      (await otherPartner.request('POST', `/api/calls/${callId}/eligibility-preview`, {})).statusCode,
    ).toBe(403);
    expect((await actor.request('POST', `/api/calls/${callId}/eligibility-preview`, {})).statusCode).toBe(
      403,
    );
  });

  it('takes an application from the actor itself, checks eligibility and explains it; twice is refused', async () => {
    const bad = await actor.request('POST', `/api/calls/${callId}/applications`, {
      answers: { jobs: 2.5, colour: 'red' },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      problem(bad)
        .errors?.map((e) => e.pointer)
        .sort(),
    ).toEqual(['/body/answers/colour', '/body/answers/jobs', '/body/answers/project']);

    const applied = await actor.request('POST', `/api/calls/${callId}/applications`, {
      answers: { project: 'Atelier de tissage', jobs: 4 },
      requestedCentimes: 5_000_000,
    });
    expect(applied.statusCode, applied.body).toBe(201);
    const body = json(applied);
    expect(body.status).toBe('eligible');
    expect(body.onBehalf).toBe(false);
    const explanations = body.explanations as Array<{ pointer: string; message: { fr: string } }>;
    expect(explanations.find((e) => e.pointer === '/all/1')?.message.fr).toBe(
      'Part des femmes parmi les membres : 62 % ≥ 40 % ✔',
    );

    const twice = await actor.request('POST', `/api/calls/${callId}/applications`, {
      answers: { project: 'encore' },
    });
    expect(twice.statusCode).toBe(409);
    expect(problem(twice).code).toBe('ALREADY_APPLIED');
    // An actor cannot apply for someone else.
    expect(
      (
        await actor.request('POST', `/api/calls/${callId}/applications`, {
          actorId: otherActorId,
          answers: { project: 'x' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('takes an application from a territorial agent on behalf of an actor of its territory only; an ineligible one is explained', async () => {
    const outside = await souss.request('POST', `/api/calls/${callId}/applications`, {
      actorId: otherActorId,
      answers: { project: 'x' },
    });
    expect(outside.statusCode).toBe(403);
    const missing = await tanger.request('POST', `/api/calls/${callId}/applications`, {
      answers: { project: 'x' },
    });
    expect(problem(missing).errors?.[0]?.pointer).toBe('/body/actorId');
    const applied = await tanger.request('POST', `/api/calls/${callId}/applications`, {
      actorId: otherActorId,
      answers: { project: 'Poterie' },
    });
    expect(applied.statusCode, applied.body).toBe(201);
    expect(json(applied).status).toBe('ineligible');
    expect(json(applied).onBehalf).toBe(true);
    const explanations = json(applied).explanations as Array<{
      pointer: string;
      pass: boolean;
      message: { ar: string; en: string };
    }>;
    expect(explanations.find((e) => e.pointer === '/all/1')).toMatchObject({
      pass: false,
      message: {
        en: 'Share of women among members: 25% ≥ 40% ✘',
        ar: 'نسبة النساء من بين الأعضاء: 25 % ≥ 40 % ✘',
      },
    });
    const notified = await t.database.handle.db
      .selectFrom('notifications')
      .select('kind')
      .where('organisation_id', '=', otherActor.organisationId)
      .execute();
    expect(notified.map((n) => n.kind)).toEqual(['application.ineligible']);
  });

  it('refuses the second of two simultaneous applications for the same actor, leaving one', async () => {
    const call = await partner.request(
      'POST',
      `/api/programmes/${programmeId}/calls`,
      callBody({ budgetCentimes: 1000 }),
    );
    const id = json(call).id as string;
    const [a, b] = await Promise.all([
      actor.request('POST', `/api/calls/${id}/applications`, { answers: { project: 'moi' } }),
      tanger.request('POST', `/api/calls/${id}/applications`, { actorId, answers: { project: 'agent' } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect(problem(a.statusCode === 409 ? a : b).code).toBe('ALREADY_APPLIED');
    const rows = await t.database.handle.db
      .selectFrom('applications')
      .select('id')
      .where('call_id', '=', id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses applications before opening and after closing', async () => {
    const future = await partner.request(
      'POST',
      `/api/programmes/${programmeId}/calls`,
      callBody({
        opensAt: new Date(Date.now() + 2 * HOUR).toISOString(),
        closesAt: new Date(Date.now() + 48 * HOUR).toISOString(),
        budgetCentimes: 1000,
      }),
    );
    const past = await partner.request(
      'POST',
      `/api/programmes/${programmeId}/calls`,
      callBody({
        opensAt: new Date(Date.now() - 48 * HOUR).toISOString(),
        closesAt: new Date(Date.now() - 2 * HOUR).toISOString(),
        budgetCentimes: 1000,
      }),
    );
    const early = await actor.request('POST', `/api/calls/${json(future).id}/applications`, {
      answers: { project: 'x' },
    });
    expect(early.statusCode).toBe(409);
    expect(problem(early).code).toBe('CALL_NOT_OPEN');
    const late = await actor.request('POST', `/api/calls/${json(past).id}/applications`, {
      answers: { project: 'x' },
    });
    expect(late.statusCode).toBe(409);
    expect(problem(late).code).toBe('CALL_CLOSED');
    const draft = await partner.request(
      'POST',
      `/api/programmes/${programmeId}/calls`,
      callBody({ status: 'draft', budgetCentimes: 1000 }),
    );
    // A draft call is not found by applicants.
    expect(
      (
        await actor.request('POST', `/api/calls/${json(draft).id}/applications`, {
          answers: { project: 'x' },
        })
      ).statusCode,
    ).toBe(404);
    // Rules cannot change once applications exist.
    const frozen = await partner.request('PATCH', `/api/calls/${callId}`, { eligibilityRules: { all: [] } });
    expect(problem(frozen).code).toBe('CALL_HAS_APPLICATIONS');
  });

  it('refuses fractional quantities of a material counted in whole units', async () => {
    const raw = await admin.request('POST', '/api/programmes', {
      reference: 'PRG-DOUM',
      kind: 'raw_material',
      titleFr: 'Doum',
      organisationId: partner.organisationId,
      materialSource: 'agricultural',
      material: 'doum',
      unit: 'bundle',
      status: 'active',
    });
    expect(raw.statusCode, raw.body).toBe(201);
    const rawId = json(raw).id as string;
    const quota = await partner.request('PUT', `/api/programmes/${rawId}/quotas`, {
      period: '2026',
      quantity: 10.5,
    });
    expect(problem(quota).errors?.[0]?.pointer).toBe('/body/quantity');
    expect(
      (await partner.request('PUT', `/api/programmes/${rawId}/quotas`, { period: '2026', quantity: -1 }))
        .statusCode,
    ).toBe(400);
    const ok = await partner.request('PUT', `/api/programmes/${rawId}/quotas`, {
      period: '2026',
      territoryCode: '01',
      quantity: 500,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok).quotas).toEqual([
      expect.objectContaining({ period: '2026', territoryCode: '01', quantity: 500, allocated: 0 }),
    ]);
    const call = await partner.request(
      'POST',
      `/api/programmes/${rawId}/calls`,
      callBody({ eligibilityRules: { all: [] }, quotaPeriod: '2026', budgetCentimes: null }),
    );
    expect(call.statusCode, call.body).toBe(201);
    const fractional = await tanger.request('POST', `/api/calls/${json(call).id}/applications`, {
      actorId: menActorId,
      answers: { project: 'x' },
      requestedQuantity: 2.5,
    });
    expect(fractional.statusCode).toBe(422);
    expect(problem(fractional).errors?.[0]?.pointer).toBe('/body/requestedQuantity');
  });

  it("applies the programme's territorial scope in the preview and on submission, with its explanation", async () => {
    const scoped = await partner.request('POST', '/api/programmes', {
      reference: 'PRG-SOUSS',
      kind: 'accompaniment',
      titleFr: 'Accompagnement Souss-Massa et Tanger',
      territoryCodes: ['09', '01.511'],
      status: 'active',
    });
    expect(scoped.statusCode, scoped.body).toBe(201);
    expect(json(scoped).scope).toBe('territories');
    const call = await partner.request(
      'POST',
      `/api/programmes/${json(scoped).id}/calls`,
      callBody({ eligibilityRules: { all: [] }, budgetCentimes: null }),
    );
    const preview = await partner.request('POST', `/api/calls/${json(call).id}/eligibility-preview`, {});
    // Of the three actors of region 01, only the one in province 01.511 is in scope.
    expect(json(preview).count).toBe(1);
    const outside = await tanger.request('POST', `/api/calls/${json(call).id}/applications`, {
      actorId: menActorId,
      answers: { project: 'x' },
    });
    expect(outside.statusCode, outside.body).toBe(201);
    expect(json(outside).status).toBe('ineligible');
    expect(json(outside).explanations).toContainEqual(
      expect.objectContaining({
        pointer: '#scope',
        pass: false,
        message: expect.objectContaining({ fr: 'Territoire du programme (01.511, 09) : 01.573 ✘' }),
      }),
    );
    const inside = await actor.request('POST', `/api/calls/${json(call).id}/applications`, {
      answers: { project: 'x' },
    });
    expect(json(inside).status).toBe('eligible');
  });

  it("shows an actor its organisation's notifications, marks them read, and hides them from others", async () => {
    const list = await otherActor.request('GET', '/api/notifications');
    expect(list.statusCode, list.body).toBe(200);
    const body = json(list) as { unread: number; items: Array<{ id: string; kind: string }> };
    expect(body.items.map((n) => n.kind)).toEqual(['application.ineligible']);
    expect(body.unread).toBe(1);
    const id = body.items[0]?.id ?? '';
    expect((await actor.request('POST', `/api/notifications/${id}/read`)).statusCode).toBe(404);
    expect((await otherActor.request('POST', `/api/notifications/${id}/read`)).statusCode).toBe(204);
    expect(
      (json(await otherActor.request('GET', '/api/notifications?unread=true')) as { unread: number }).unread,
    ).toBe(0);
  });

  it('takes PDF attachments from the applicant while the call is open and serves them to those who see the application', async () => {
    const mine = (json(await actor.request('GET', `/api/applications?callId=${callId}`)).items as Json[])[0];
    const id = mine?.id as string;
    const upload = (client: SignedInClient, bytes: Buffer, label = 'Statuts') => {
      const body = multipartBody({ label }, { name: 'statuts.pdf', bytes });
      return t.app.inject({
        method: 'POST',
        url: `/api/applications/${id}/attachments`,
        payload: body.payload,
        headers: { ...body.headers, cookie: client.cookie, 'x-csrf-token': client.csrf },
      });
    };
    const added = await upload(actor, tinyPdf('statuts'));
    expect(added.statusCode, added.body).toBe(201);
    expect((await upload(actor, Buffer.from('not a pdf'))).statusCode).toBe(415);
    expect((await upload(otherActor, tinyPdf('autre'))).statusCode).toBe(404);
    const list = json(await partner.request('GET', `/api/applications/${id}/attachments`)) as {
      items: Json[];
    };
    expect(list.items).toEqual([expect.objectContaining({ label: 'Statuts', fileId: json(added).fileId })]);
    const download = await tanger.request('GET', `/api/applications/${id}/attachments/${json(added).fileId}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('application/pdf');
    expect(
      (await otherActor.request('GET', `/api/applications/${id}/attachments/${json(added).fileId}`))
        .statusCode,
    ).toBe(404);
  });

  it('scopes lists: the actor sees its own, the territory its own, another partner nothing', async () => {
    const ids = async (client: SignedInClient) =>
      (json(await client.request('GET', `/api/applications?callId=${callId}`)).items as Json[])
        .map((a) => a.actorId as string)
        .sort();
    expect(await ids(actor)).toEqual([actorId]);
    expect(await ids(partner)).toEqual([actorId, otherActorId].sort());
    expect(await ids(tanger)).toEqual([actorId, otherActorId].sort());
    expect(await ids(souss)).toEqual([]);
    expect(await ids(otherPartner)).toEqual([]);
    const mine = (json(await actor.request('GET', `/api/applications?callId=${callId}`)).items as Json[])[0];
    expect((await otherActor.request('GET', `/api/applications/${mine?.id}`)).statusCode).toBe(404);
  });

  it('needs a declaration before scoring, refuses the applicant organisation, keeps scores in the grid, ranks', async () => {
    const mine = (json(await actor.request('GET', `/api/applications?callId=${callId}`)).items as Json[])[0];
    const applicationId = mine?.id as string;
    const ineligible = (
      json(await tanger.request('GET', `/api/applications?callId=${callId}&status=ineligible`))
        .items as Json[]
    )[0];

    const sameOrg = await partner.request('POST', `/api/applications/${applicationId}/evaluators`, {
      evaluatorId: sameOrgPartner.userId,
    });
    expect(sameOrg.statusCode).toBe(403);
    expect(problem(sameOrg).code).toBe('CONFLICT_OF_INTEREST');
    expect(
      (
        await otherPartner.request('POST', `/api/applications/${applicationId}/evaluators`, {
          evaluatorId: otherPartner.userId,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await partner.request('POST', `/api/applications/${ineligible?.id}/evaluators`, {
          evaluatorId: otherPartner.userId,
        })
      ).statusCode,
    ).toBe(409);
    const assigned = await partner.request('POST', `/api/applications/${applicationId}/evaluators`, {
      evaluatorId: otherPartner.userId,
    });
    expect(assigned.statusCode, assigned.body).toBe(201);

    // Not assigned: refused.
    expect(
      (
        await admin.request('PUT', `/api/applications/${applicationId}/scores`, {
          scores: [{ criterion: 'impact', score: 1 }],
        })
      ).statusCode,
    ).toBe(403);
    const undeclared = await otherPartner.request('PUT', `/api/applications/${applicationId}/scores`, {
      scores: [{ criterion: 'impact', score: 15 }],
    });
    expect(undeclared.statusCode).toBe(409);
    expect(problem(undeclared).code).toBe('DECLARATION_REQUIRED');
    // The evaluator now sees the application it evaluates.
    expect((await otherPartner.request('GET', `/api/applications/${applicationId}`)).statusCode).toBe(200);

    const declared = await otherPartner.request('POST', `/api/applications/${applicationId}/declaration`, {
      hasConflict: false,
    });
    expect(declared.statusCode, declared.body).toBe(200);
    expect(
      problem(
        await otherPartner.request('POST', `/api/applications/${applicationId}/declaration`, {
          hasConflict: true,
        }),
      ).code,
    ).toBe('ALREADY_DECLARED');

    const outOfGrid = await otherPartner.request('PUT', `/api/applications/${applicationId}/scores`, {
      scores: [
        { criterion: 'impact', score: 21 },
        { criterion: 'beauty', score: 1 },
      ],
    });
    expect(outOfGrid.statusCode).toBe(422);
    expect(problem(outOfGrid).errors?.map((e) => e.pointer)).toEqual([
      '/body/scores/0/score',
      '/body/scores/1/criterion',
    ]);
    const partial = await otherPartner.request('PUT', `/api/applications/${applicationId}/scores`, {
      scores: [{ criterion: 'impact', score: 15 }],
    });
    expect(json(partial).total).toBeNull();
    const full = await otherPartner.request('PUT', `/api/applications/${applicationId}/scores`, {
      scores: [{ criterion: 'feasibility', score: 5, comment: 'ok' }],
    });
    // (3 × 15/20 + 1 × 5/10) / 4 × 100 = 68.75
    expect(json(full).total).toBe(68.75);
    const after = json(await actor.request('GET', `/api/applications/${applicationId}`));
    expect(after.status).toBe('scored');
    expect(after.totalScore).toBe(68.75);

    const ranking = await partner.request('GET', `/api/calls/${callId}/ranking`);
    expect(ranking.statusCode).toBe(200);
    expect(json(ranking).items).toEqual([
      expect.objectContaining({ rank: 1, applicationId, totalScore: 68.75, evaluators: 1 }),
    ]);
    expect((await otherPartner.request('GET', `/api/calls/${callId}/ranking`)).statusCode).toBe(403);

    const audit = await t.database.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', applicationId)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'application.submitted',
      'application.attachment_added',
      'application.evaluator_assigned',
      'application.interest_declared',
      'application.scored',
      'application.scored',
    ]);
  });

  it('takes one appeal of an ineligible outcome from the applicant and lets the manager uphold it', async () => {
    const ineligible = (
      json(await tanger.request('GET', `/api/applications?callId=${callId}&status=ineligible`))
        .items as Json[]
    )[0];
    const id = ineligible?.id as string;
    expect(
      (await actor.request('POST', `/api/applications/${id}/appeal`, { reason: 'pas moi' })).statusCode,
    ).toBe(404);
    const filed = await otherActor.request('POST', `/api/applications/${id}/appeal`, {
      reason: 'Nos membres ont changé',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(
      (await otherActor.request('POST', `/api/applications/${id}/appeal`, { reason: 'encore' })).statusCode,
    ).toBe(409);
    expect(
      (await otherPartner.request('POST', `/api/applications/${id}/appeal/decision`, { outcome: 'upheld' }))
        .statusCode,
    ).toBe(403);
    // The members' list was corrected in the registry: the upheld appeal re-checks the rules on it.
    await t.database.handle.db
      .updateTable('actors')
      .set({ members_women: 20, members_men: 20 })
      .where('id', '=', otherActorId)
      .execute();
    const decided = await partner.request('POST', `/api/applications/${id}/appeal/decision`, {
      outcome: 'upheld',
      note: 'Liste des membres à jour',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(json(await otherActor.request('GET', `/api/applications/${id}`)).status).toBe('eligible');
    expect(
      (await partner.request('POST', `/api/applications/${id}/appeal/decision`, { outcome: 'dismissed' }))
        .statusCode,
    ).toBe(409);
    // An eligible application has nothing to appeal.
    const mine = (json(await actor.request('GET', `/api/applications?callId=${callId}`)).items as Json[])[0];
    expect(
      (await actor.request('POST', `/api/applications/${mine?.id}/appeal`, { reason: 'x' })).statusCode,
    ).toBe(409);
  });
});
