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
});
