import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';
import { TEST_ENGINE } from '../../../test/helpers/db.js';
import { multipartBody, tinyPdf } from '../files/files.fixtures.js';

type Json = Record<string, unknown>;
type Problem = { code: string; errors?: Array<{ pointer: string; detail: string }> };
const HOUR = 3600_000;

/**
 * Draft applications: saved with partial answers, edited, submitted later (eligibility evaluated as
 * an immediate submission does), deleted; invisible to the programme's manager; against a real
 * database (both engines).
 */
describe(`draft applications (${TEST_ENGINE})`, () => {
  let t: TestApp;
  let manager: SignedInClient;
  let actor: SignedInClient;
  let otherActor: SignedInClient;
  let agent: SignedInClient;
  let programmeId: string;

  const json = (response: LightMyRequestResponse) => response.json() as Json;
  const problem = (response: LightMyRequestResponse) => response.json() as Problem;
  const pointers = (response: LightMyRequestResponse) =>
    (problem(response).errors ?? []).map((e) => e.pointer).sort();
  const audits = async (id: string) =>
    (
      await sql<{
        action: string;
      }>`SELECT action FROM audit_log WHERE entity_id = ${id} ORDER BY seq`.execute(t.database.handle.db)
    ).rows.map((r) => r.action);
  const stored = (id: string) =>
    t.database.handle.db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();

  const makeActor = async (organisationId: string | null, women: number) =>
    (
      await t.database.handle.db
        .insertInto('actors')
        .values({
          kind: 'cooperative',
          name_fr: `Coopérative ${Math.random().toString(36).slice(2, 8)}`,
          search_key: 'coop',
          province_code: '01.511',
          region_code: '01',
          organisation_id: organisationId,
          members_women: women,
          members_men: 10 - women,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  /** An open call asking a required text and an optional whole number; women ≥ 40 % to be eligible. */
  const openCall = async () => {
    const response = await manager.request('POST', `/api/programmes/${programmeId}/calls`, {
      reference: `AAP-${Math.random().toString(36).slice(2, 8)}`,
      titleFr: 'Appel à projets',
      opensAt: new Date(Date.now() - HOUR).toISOString(),
      closesAt: new Date(Date.now() + 24 * HOUR).toISOString(),
      eligibilityRules: { all: [{ field: 'women_share', op: '>=', value: 40 }] },
      formFields: [
        { code: 'project', type: 'text', labelFr: 'Projet', required: true, maxLength: 500 },
        { code: 'jobs', type: 'integer', labelFr: 'Emplois créés', required: true, min: 0, max: 100 },
      ],
      scoringGrid: [{ code: 'impact', labelFr: 'Impact', weight: 1, max: 20 }],
      budgetCentimes: 10_000_000,
      status: 'published',
    });
    if (response.statusCode !== 201) throw new Error(response.body);
    return json(response).id as string;
  };
  const saveDraft = (client: SignedInClient, callId: string, answers: Json, extra: Json = {}) =>
    client.request('POST', `/api/calls/${callId}/applications`, { answers, draft: true, ...extra });

  beforeAll(async () => {
    t = await createTestApp();
    manager = await signIn(t, 'partner');
    actor = await signIn(t, 'actor');
    otherActor = await signIn(t, 'actor');
    agent = await signIn(t, 'territorial', { territoryCode: '01' });
    await makeActor(actor.organisationId, 6);
    await makeActor(otherActor.organisationId, 6);
    const programme = await manager.request('POST', '/api/programmes', {
      reference: 'PRG-DRAFTS',
      kind: 'financing',
      titleFr: 'Subventions',
      budgetCentimes: 100_000_000,
      status: 'active',
    });
    if (programme.statusCode !== 201) throw new Error(programme.body);
    programmeId = json(programme).id as string;
  });
  afterAll(async () => t.close());

  it('saves a draft with partial answers, edits it and submits it: eligibility evaluated, notified, audited', async () => {
    const callId = await openCall();
    const created = await saveDraft(actor, callId, { project: 'Atelier de tissage' });
    expect(created.statusCode, created.body).toBe(201);
    const draft = json(created);
    expect(draft).toMatchObject({ status: 'draft', eligible: null, submittedAt: null, explanations: [] });
    const id = draft.id as string;
    expect(await stored(id)).toMatchObject({ status: 'draft', eligibility: null, submitted_at: null });
    const notificationsOf = async () =>
      (
        await t.database.handle.db
          .selectFrom('notifications')
          .select('kind')
          .where('application_id', '=', id)
          .execute()
      ).map((n) => n.kind);
    expect(await notificationsOf()).toEqual([]);

    // A given answer is still type-checked in a draft, with its pointer; nothing changes.
    const wrong = await actor.request('PATCH', `/api/applications/${id}`, {
      answers: { project: 'Atelier', jobs: 2.5 },
    });
    expect(wrong.statusCode).toBe(422);
    expect(pointers(wrong)).toEqual(['/body/answers/jobs']);
    expect((await stored(id))?.answers).toEqual({ project: 'Atelier de tissage' });

    const edited = await actor.request('PATCH', `/api/applications/${id}`, {
      answers: { project: 'Atelier de tissage et teinture', jobs: 4 },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(json(edited)).toMatchObject({
      status: 'draft',
      answers: { project: 'Atelier de tissage et teinture', jobs: 4 },
    });

    const submitted = await actor.request('POST', `/api/applications/${id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    const view = json(submitted);
    expect(view).toMatchObject({ status: 'eligible', eligible: true, onBehalf: false });
    expect(view.submittedAt).not.toBeNull();
    expect((view.explanations as Json[]).length).toBeGreaterThan(1);
    expect(await stored(id)).toMatchObject({ status: 'eligible', eligible: true });
    expect(await notificationsOf()).toEqual(['application.eligible']);
    expect(await audits(id)).toEqual([
      'application.draft_created',
      'application.draft_updated',
      'application.submitted',
    ]);

    // Submitted: no longer edited, submitted again or deleted as a draft.
    for (const [method, url] of [
      ['PATCH', `/api/applications/${id}`],
      ['POST', `/api/applications/${id}/submit`],
      ['DELETE', `/api/applications/${id}`],
    ] as const) {
      const again = await actor.request(
        method,
        url,
        method === 'PATCH' ? { answers: {} } : method === 'POST' ? {} : undefined,
      );
      expect(again.statusCode, `${method} ${url}`).toBe(409);
      expect(problem(again).code).toBe('NOT_DRAFT');
    }
  });

  it('stores the same verdict a direct submission gives: an ineligible applicant submitted through a draft', async () => {
    const callId = await openCall();
    const org = await signIn(t, 'actor');
    await makeActor(org.organisationId, 2);
    const draft = json(await saveDraft(org, callId, { project: 'Poterie', jobs: 1 }));
    const submitted = await org.request('POST', `/api/applications/${draft.id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(json(submitted)).toMatchObject({ status: 'ineligible', eligible: false });
    const failed = (json(submitted).explanations as Array<{ pass: boolean; message: { fr: string } }>).filter(
      (e) => !e.pass,
    );
    expect(failed.map((e) => e.message.fr).join('\n')).toContain('Part des femmes');
  });

  it('accepts partial answers in a draft but refuses them at submission, with pointers; the draft stays', async () => {
    const callId = await openCall();
    const created = await saveDraft(actor, callId, {});
    expect(created.statusCode, created.body).toBe(201);
    const id = json(created).id as string;
    const refused = await actor.request('POST', `/api/applications/${id}/submit`, {});
    expect(refused.statusCode).toBe(422);
    expect(pointers(refused)).toEqual(['/body/answers/jobs', '/body/answers/project']);
    expect(await stored(id)).toMatchObject({ status: 'draft', submitted_at: null });
    expect(await audits(id)).toEqual(['application.draft_created']);
    // Without draft: the same partial answers are refused at once and nothing is stored.
    const direct = await otherActor.request('POST', `/api/calls/${callId}/applications`, { answers: {} });
    expect(direct.statusCode).toBe(422);
    expect(pointers(direct)).toEqual(['/body/answers/jobs', '/body/answers/project']);
    // A wrong type in a draft is refused even at creation.
    const typed = await saveDraft(otherActor, callId, { jobs: 'quatre' });
    expect(typed.statusCode).toBe(422);
    expect(pointers(typed)).toEqual(['/body/answers/jobs']);
    const none = await t.database.handle.db
      .selectFrom('applications')
      .innerJoin('actors', 'actors.id', 'applications.actor_id')
      .select('applications.id')
      .where('applications.call_id', '=', callId)
      .where('actors.organisation_id', '=', otherActor.organisationId as string)
      .execute();
    expect(none).toEqual([]);
  });

  it('counts a draft as the one application of the actor: a second draft or a submission is 409 ALREADY_APPLIED', async () => {
    const callId = await openCall();
    expect((await saveDraft(actor, callId, { project: 'Un' })).statusCode).toBe(201);
    const second = await saveDraft(actor, callId, { project: 'Deux' });
    expect(second.statusCode).toBe(409);
    expect(problem(second).code).toBe('ALREADY_APPLIED');
    const direct = await actor.request('POST', `/api/calls/${callId}/applications`, {
      answers: { project: 'Trois', jobs: 1 },
    });
    expect(problem(direct).code).toBe('ALREADY_APPLIED');
  });

  it('refuses to submit or edit a draft once the call has closed (409 CALL_CLOSED); the draft may still be deleted', async () => {
    const callId = await openCall();
    const id = json(await saveDraft(actor, callId, { project: 'Vannerie', jobs: 3 })).id as string;
    const closing = await manager.request('PATCH', `/api/calls/${callId}`, {
      closesAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect(closing.statusCode, closing.body).toBe(200);
    const submitted = await actor.request('POST', `/api/applications/${id}/submit`, {});
    expect(submitted.statusCode).toBe(409);
    expect(problem(submitted).code).toBe('CALL_CLOSED');
    const edited = await actor.request('PATCH', `/api/applications/${id}`, { answers: { project: 'x' } });
    expect(problem(edited).code).toBe('CALL_CLOSED');
    expect(await stored(id)).toMatchObject({ status: 'draft', answers: { project: 'Vannerie', jobs: 3 } });
    const deleted = await actor.request('DELETE', `/api/applications/${id}`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect(await stored(id)).toBeUndefined();
    expect(await audits(id)).toEqual(['application.draft_created', 'application.draft_deleted']);
  });

  it("hides a draft from the programme's manager, never ranks it, and lets only the applicant side act on it", async () => {
    const callId = await openCall();
    const id = json(await saveDraft(actor, callId, { project: 'Broderie' })).id as string;

    // The manager sees neither the draft nor its attachments, names no evaluator for it, and may
    // still change the form (a draft does not freeze the call: its submission checks the form then).
    expect((await manager.request('GET', `/api/applications/${id}`)).statusCode).toBe(404);
    expect(json(await manager.request('GET', `/api/applications?callId=${callId}`)).items).toEqual([]);
    expect((await manager.request('GET', `/api/applications/${id}/attachments`)).statusCode).toBe(404);
    expect((await manager.request('GET', `/api/applications/${id}/evaluator-candidates`)).statusCode).toBe(
      404,
    );
    expect(json(await manager.request('GET', `/api/calls/${callId}/ranking`)).items).toEqual([]);
    expect((await manager.request('GET', `/api/applications/${id}/decision-letter?lang=fr`)).statusCode).toBe(
      404,
    );

    // Another organisation: 404, and nothing changes.
    for (const [method, url] of [
      ['GET', `/api/applications/${id}`],
      ['PATCH', `/api/applications/${id}`],
      ['POST', `/api/applications/${id}/submit`],
      ['DELETE', `/api/applications/${id}`],
    ] as const) {
      const response = await otherActor.request(
        method,
        url,
        method === 'PATCH' ? { answers: {} } : method === 'POST' ? {} : undefined,
      );
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    expect(await stored(id)).toMatchObject({ status: 'draft', answers: { project: 'Broderie' } });

    // The territorial agent of the actor's territory edits it and attaches a PDF; the actor submits.
    expect(json(await agent.request('GET', `/api/applications?callId=${callId}`)).items).toEqual([
      expect.objectContaining({ id, status: 'draft' }),
    ]);
    const edited = await agent.request('PATCH', `/api/applications/${id}`, {
      answers: { project: 'Broderie de Fès', jobs: 2 },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const body = multipartBody({ label: 'Statuts' }, { name: 'statuts.pdf', bytes: tinyPdf('statuts') });
    const attached = await t.app.inject({
      method: 'POST',
      url: `/api/applications/${id}/attachments`,
      payload: body.payload,
      headers: { ...body.headers, cookie: agent.cookie, 'x-csrf-token': agent.csrf },
    });
    expect(attached.statusCode, attached.body).toBe(201);
    const submitted = await actor.request('POST', `/api/applications/${id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(json(submitted)).toMatchObject({ status: 'eligible', onBehalf: false });

    // Submitted, it is the manager's to see, with its attachment.
    expect((await manager.request('GET', `/api/applications/${id}`)).statusCode).toBe(200);
    const attachments = json(await manager.request('GET', `/api/applications/${id}/attachments`));
    expect(attachments.items).toEqual([expect.objectContaining({ label: 'Statuts' })]);
  });

  it('lets the form change while only drafts exist, and checks the draft against the new form on submission', async () => {
    const callId = await openCall();
    const id = json(await saveDraft(actor, callId, { project: 'Cuir', jobs: 1 })).id as string;
    const changed = await manager.request('PATCH', `/api/calls/${callId}`, {
      formFields: [
        { code: 'project', type: 'text', labelFr: 'Projet', required: true, maxLength: 500 },
        { code: 'market', type: 'choice', labelFr: 'Marché', required: true, options: ['local', 'export'] },
      ],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const refused = await actor.request('POST', `/api/applications/${id}/submit`, {});
    expect(refused.statusCode).toBe(422);
    expect(pointers(refused)).toEqual(['/body/answers/jobs', '/body/answers/market']);
    expect(
      (
        await actor.request('PATCH', `/api/applications/${id}`, {
          answers: { project: 'Cuir', market: 'export' },
        })
      ).statusCode,
    ).toBe(200);
    expect(json(await actor.request('POST', `/api/applications/${id}/submit`, {})).status).toBe('eligible');
    // Now an application exists: the form is frozen as before.
    const frozen = await manager.request('PATCH', `/api/calls/${callId}`, {
      formFields: [{ code: 'project', type: 'text', labelFr: 'Projet', required: true }],
    });
    expect(problem(frozen).code).toBe('CALL_HAS_APPLICATIONS');
  });
});
