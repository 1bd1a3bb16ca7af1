import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';
import { TEST_ENGINE } from '../../../test/helpers/db.js';

type Json = Record<string, unknown>;
const DAY = 24 * 3600 * 1000;

/** Appeals: once, on an ineligible or rejected outcome, within the call's appeal days; decided by the manager. */
describe(`appeals (${TEST_ENGINE})`, () => {
  let t: TestApp;
  let partner: SignedInClient;
  let otherPartner: SignedInClient;
  let actor: SignedInClient;
  let otherActor: SignedInClient;
  let programmeId: string;
  let actorId: string;

  beforeAll(async () => {
    t = await createTestApp();
    partner = await signIn(t, 'partner');
    otherPartner = await signIn(t, 'partner');
    actor = await signIn(t, 'actor');
    otherActor = await signIn(t, 'actor');
    const db = t.database.handle.db;
    programmeId = (
      await db
        .insertInto('programmes')
        .values({
          reference: 'PRG-APPEAL',
          organisation_id: partner.organisationId as string,
          kind: 'training',
          title_fr: 'Formation',
          status: 'active',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    actorId = (
      await db
        .insertInto('actors')
        .values({
          kind: 'cooperative',
          name_fr: 'Coopérative Recours',
          search_key: 'cooperative recours',
          province_code: '01.511',
          region_code: '01',
          organisation_id: actor.organisationId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => t.close());

  let calls = 0;
  /** One decided call with one application of the actor in `status`, decided `daysAgo` days ago. */
  const decided = async (status: 'rejected' | 'ineligible' | 'selected', daysAgo: number) => {
    const db = t.database.handle.db;
    calls += 1;
    const call = await db
      .insertInto('calls')
      .values({
        programme_id: programmeId,
        reference: `AAP-APPEAL-${calls}`,
        title_fr: 'Appel',
        opens_at: new Date('2025-01-01T00:00:00Z'),
        closes_at: new Date('2025-02-01T00:00:00Z'),
        status: 'decided',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const when = new Date(Date.now() - daysAgo * DAY);
    const application = await db
      .insertInto('applications')
      .values({
        call_id: call.id,
        actor_id: actorId,
        submitted_by_label: 'test',
        status,
        submitted_at: new Date('2025-01-10T10:00:00Z'),
        eligible: status !== 'ineligible',
        eligibility_checked_at: when,
        decided_at: status === 'ineligible' ? null : when,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { callId: call.id, id: application.id };
  };
  const appeal = (client: SignedInClient, id: string, body: unknown = { reason: 'Nos membres ont changé' }) =>
    client.request('POST', `/api/applications/${id}/appeal`, body);
  const decide = (client: SignedInClient, id: string, body: unknown) =>
    client.request('POST', `/api/applications/${id}/appeal/decision`, body);
  const status = async (id: string) =>
    (
      await t.database.handle.db
        .selectFrom('applications')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).status;
  const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
    (await query.execute(t.database.handle.db)).rows[0]?.n;

  it('takes one appeal of a rejection within 30 days, refuses others, and the manager dismisses it (final)', async () => {
    const { id } = await decided('rejected', 10);
    expect((await appeal(otherActor, id)).statusCode).toBe(404);
    const missing = await appeal(actor, id, {});
    expect(missing.statusCode).toBe(400);
    expect(JSON.stringify(missing.json())).toContain('reason');
    expect(await status(id)).toBe('rejected');

    const filed = await appeal(actor, id);
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json()).toMatchObject({ applicationId: id, status: 'appealed', outcome: null });
    expect(await status(id)).toBe('appealed');
    const twice = await appeal(actor, id, { reason: 'encore' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'ALREADY_APPEALED' });

    expect((await decide(otherPartner, id, { outcome: 'dismissed' })).statusCode).toBe(403);
    expect((await decide(actor, id, { outcome: 'dismissed' })).statusCode).toBe(403);
    expect((await decide(partner, id, { outcome: 'maybe' })).statusCode).toBe(400);
    expect(await status(id)).toBe('appealed');
    const dismissed = await decide(partner, id, {
      outcome: 'dismissed',
      note: 'Les critères sont inchangés',
    });
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    expect(dismissed.json()).toMatchObject({ status: 'final', outcome: 'dismissed' });
    expect(await status(id)).toBe('final');
    expect((await decide(partner, id, { outcome: 'upheld' })).statusCode).toBe(409);
    expect((await appeal(actor, id)).json()).toMatchObject({ code: 'ALREADY_APPEALED' });

    expect(
      await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log
        WHERE entity_id = ${id} AND action IN ('application.appealed', 'application.appeal_dismissed')`),
    ).toBe(2);
    expect(
      await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM notifications
        WHERE application_id = ${id} AND organisation_id = ${actor.organisationId} AND kind = 'application.appeal_dismissed'`),
    ).toBe(1);
    const seen = (await actor.request('GET', '/api/notifications')).json() as { items: Json[] };
    expect(seen.items.some((n) => n.kind === 'application.appeal_dismissed')).toBe(true);
  });

  it('refuses an appeal after the call’s appeal days (default 30), and takes it when the call allows more', async () => {
    const late = await decided('ineligible', 31);
    const refused = await appeal(actor, late.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'APPEAL_DEADLINE_PASSED' });
    expect(refused.json().detail).toContain('30 days');
    expect(await status(late.id)).toBe('ineligible');
    expect(
      await count(
        sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM application_appeals WHERE application_id = ${late.id}`,
      ),
    ).toBe(0);

    const longer = await decided('ineligible', 40);
    const call = (await partner.request('GET', `/api/calls/${longer.callId}`)).json() as Json;
    expect(call.appealDays).toBe(30);
    expect(
      (await partner.request('PATCH', `/api/calls/${longer.callId}`, { appealDays: 0 })).statusCode,
    ).toBe(400);
    expect(
      (await otherPartner.request('PATCH', `/api/calls/${longer.callId}`, { appealDays: 60 })).statusCode,
    ).toBe(403);
    const changed = await partner.request('PATCH', `/api/calls/${longer.callId}`, { appealDays: 60 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().appealDays).toBe(60);
    expect((await appeal(actor, longer.id)).statusCode).toBe(201);
    const upheld = await decide(partner, longer.id, { outcome: 'upheld', note: 'Liste des membres à jour' });
    expect(upheld.statusCode, upheld.body).toBe(200);
    expect(await status(longer.id)).toBe('eligible');
    const view = (await actor.request('GET', `/api/applications/${longer.id}`)).json() as Json;
    expect(view.status).toBe('eligible');
  });

  it('refuses an appeal of a selected application (409 NOT_APPEALABLE)', async () => {
    const { id } = await decided('selected', 1);
    const refused = await appeal(actor, id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'NOT_APPEALABLE' });
    expect(await status(id)).toBe('selected');
  });

  /** An ineligible application (fewer than 7 members) of a fresh actor to a call requiring 7 or more. */
  const ineligibleForMembers = async (name: string) => {
    const db = t.database.handle.db;
    calls += 1;
    const call = await db
      .insertInto('calls')
      .values({
        programme_id: programmeId,
        reference: `AAP-APPEAL-${calls}`,
        title_fr: 'Appel',
        opens_at: new Date('2025-01-01T00:00:00Z'),
        closes_at: new Date('2025-02-01T00:00:00Z'),
        status: 'decided',
        eligibility_rules: JSON.stringify({ all: [{ field: 'members_count', op: '>=', value: 7 }] }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const organisation = await db
      .insertInto('organisations')
      .values({ kind: 'actor', name_fr: name })
      .returning('id')
      .executeTakeFirstOrThrow();
    const member = await db
      .insertInto('actors')
      .values({
        kind: 'cooperative',
        name_fr: name,
        search_key: name.toLowerCase(),
        province_code: '01.511',
        region_code: '01',
        organisation_id: organisation.id,
        members_women: 2,
        members_men: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const application = await db
      .insertInto('applications')
      .values({
        call_id: call.id,
        actor_id: member.id,
        submitted_by_label: 'test',
        status: 'ineligible',
        submitted_at: new Date(Date.now() - 3 * DAY),
        eligible: false,
        eligibility_checked_at: new Date(Date.now() - 2 * DAY),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const client = await signIn(t, 'actor', { organisationId: organisation.id });
    return { actorId: member.id, id: application.id, client };
  };

  it('re-checks eligibility when an appeal is upheld: still failing stays ineligible with the new explanation', async () => {
    const { id, client } = await ineligibleForMembers('Coopérative Trois Membres');
    expect((await appeal(client, id)).statusCode).toBe(201);
    const upheld = await decide(partner, id, { outcome: 'upheld', note: 'Revoir' });
    expect(upheld.statusCode, upheld.body).toBe(200);
    expect(upheld.json()).toMatchObject({ outcome: 'upheld', status: 'ineligible' });
    expect(await status(id)).toBe('ineligible');
    const view = (await client.request('GET', `/api/applications/${id}`)).json() as { explanations: Json[] };
    const failed = view.explanations.find((e) => e.pointer === '/all/0');
    expect(failed).toMatchObject({ pass: false });
    expect(JSON.stringify(failed?.message)).toContain('3');
    const state = (await client.request('GET', `/api/applications/${id}/appeal`)).json() as Json;
    expect(state).toMatchObject({
      open: false,
      deadline: null,
      appeal: { outcome: 'upheld', decisionNote: 'Revoir' },
    });
    expect(
      await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM notifications
        WHERE application_id = ${id} AND kind = 'application.appeal_upheld' AND payload->>'eligible' = 'false'`),
    ).toBe(1);
  });

  it('re-checks eligibility when an appeal is upheld: corrected registry facts make it eligible', async () => {
    const { id, actorId: memberId, client } = await ineligibleForMembers('Coopérative Corrigée');
    const before = (await client.request('GET', `/api/applications/${id}/appeal`)).json() as Json;
    expect(before).toMatchObject({ open: true, appealDays: 30, appeal: null });
    const deadline = Date.parse(before.deadline as string);
    expect(Math.abs(deadline - (Date.now() + 28 * DAY))).toBeLessThan(60_000);
    expect((await appeal(client, id)).statusCode).toBe(201);
    await t.database.handle.db
      .updateTable('actors')
      .set({ members_women: 5, members_men: 3 })
      .where('id', '=', memberId)
      .execute();
    const upheld = await decide(partner, id, { outcome: 'upheld' });
    expect(upheld.statusCode, upheld.body).toBe(200);
    expect(upheld.json()).toMatchObject({ outcome: 'upheld', status: 'eligible' });
    const view = (await client.request('GET', `/api/applications/${id}`)).json() as Json;
    expect(view).toMatchObject({ status: 'eligible', eligible: true });
    expect((view.explanations as Json[]).find((e) => e.pointer === '/all/0')).toMatchObject({ pass: true });
  });

  it('takes an appeal filed by the territorial agent of the actor, not by one of another territory', async () => {
    const { id } = await decided('rejected', 2);
    const elsewhere = await signIn(t, 'territorial', { territoryCode: '09' });
    expect((await appeal(elsewhere, id)).statusCode).toBe(404);
    expect((await elsewhere.request('GET', `/api/applications/${id}/appeal`)).statusCode).toBe(404);
    const agent = await signIn(t, 'territorial', { territoryCode: '01' });
    const filed = await appeal(agent, id);
    expect(filed.statusCode, filed.body).toBe(201);
    const state = (await actor.request('GET', `/api/applications/${id}/appeal`)).json() as Json;
    expect(state).toMatchObject({ open: false, appeal: { reason: 'Nos membres ont changé', outcome: null } });
    expect((state.appeal as Json).filedByLabel).toBeTruthy();
  });
});
