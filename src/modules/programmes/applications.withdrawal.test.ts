import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';
import { TEST_ENGINE } from '../../../test/helpers/db.js';

/**
 * The applicant's own withdrawal (POST /api/applications/:id/withdraw) and the evaluator
 * candidates a manager picks from, against a real database (both engines).
 */
describe(`applicant withdrawal and evaluator candidates (${TEST_ENGINE})`, () => {
  let t: TestApp;
  let manager: SignedInClient;
  let programmeId: string;

  beforeAll(async () => {
    t = await createTestApp();
    manager = await signIn(t, 'partner');
    programmeId = (
      await t.database.handle.db
        .insertInto('programmes')
        .values({
          reference: 'PRG-WD',
          organisation_id: manager.organisationId as string,
          kind: 'financing',
          title_fr: 'Subventions',
          budget_centimes: 100_000_000,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => t.close());

  /** A closed call with six scored applicants (a1 best); budget for three; one signed-in client per applicant. */
  async function makeCall(reference: string) {
    const db = t.database.handle.db;
    const call = await db
      .insertInto('calls')
      .values({
        programme_id: programmeId,
        reference,
        title_fr: 'Appel',
        opens_at: '2025-01-01T00:00:00Z',
        closes_at: '2025-02-01T00:00:00Z',
        status: 'closed',
        budget_centimes: 300_000,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ids: Record<string, string> = {};
    const clients: Record<string, SignedInClient> = {};
    for (const [i, name] of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].entries()) {
      const organisation = await db
        .insertInto('organisations')
        .values({ kind: 'actor', name_fr: `${reference} ${name}` })
        .returning('id')
        .executeTakeFirstOrThrow();
      const actor = await db
        .insertInto('actors')
        .values({
          kind: 'cooperative',
          name_fr: `${reference} ${name}`,
          search_key: `${reference} ${name}`.toLowerCase(),
          province_code: '01.511',
          region_code: '01',
          organisation_id: organisation.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const application = await db
        .insertInto('applications')
        .values({
          call_id: call.id,
          actor_id: actor.id,
          submitted_by_label: 'test',
          status: 'scored',
          submitted_at: '2025-01-15T00:00:00Z',
          requested_centimes: 100_000,
          total_score: 90 - i,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids[name] = application.id;
      clients[name] = await signIn(t, 'actor', { organisationId: organisation.id });
    }
    const selection = await manager.request('POST', `/api/calls/${call.id}/selection`, {});
    if (selection.statusCode !== 200) throw new Error(selection.body);
    return { callId: call.id, ids, clients };
  }

  const stateOf = async (id: string) =>
    t.database.handle.db
      .selectFrom('applications')
      .select(['status', 'waitlist_position'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const withdraw = (client: SignedInClient, id: string) =>
    client.request('POST', `/api/applications/${id}/withdraw`, {});

  it('a selected applicant withdraws itself: its benefit goes back and the first waitlisted moves up', async () => {
    const { callId, ids, clients } = await makeCall('WD1');
    const a1 = ids.a1 as string;
    expect(await stateOf(a1)).toMatchObject({ status: 'selected' });
    expect(await stateOf(ids.a4 as string)).toMatchObject({ status: 'waitlisted', waitlist_position: 1 });

    // Another applicant of the same call cannot withdraw it (404, as if unseen); nothing changes.
    expect((await withdraw(clients.a2 as SignedInClient, a1)).statusCode).toBe(404);
    expect(await stateOf(a1)).toMatchObject({ status: 'selected' });

    const response = await withdraw(clients.a1 as SignedInClient, a1);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ applicationId: a1, status: 'withdrawn', promoted: [ids.a4] });
    expect(await stateOf(a1)).toMatchObject({ status: 'withdrawn', waitlist_position: null });
    expect(await stateOf(ids.a4 as string)).toMatchObject({ status: 'selected', waitlist_position: null });
    expect(await stateOf(ids.a5 as string)).toMatchObject({ status: 'waitlisted', waitlist_position: 1 });
    const benefits = await t.database.handle.db
      .selectFrom('benefits')
      .select(['application_id', 'status'])
      .where('call_id', '=', callId)
      .execute();
    expect(benefits.find((b) => b.application_id === a1)?.status).toBe('withdrawn');
    expect(benefits.find((b) => b.application_id === ids.a4)?.status).toBe('granted');
    const call = await t.database.handle.db
      .selectFrom('calls')
      .select('allocated_centimes')
      .where('id', '=', callId)
      .executeTakeFirstOrThrow();
    expect(Number(call.allocated_centimes)).toBe(300_000);
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log
      WHERE entity_id = ${a1} AND action = 'application.withdrawn'`.execute(t.database.handle.db);
    expect(audit.rows[0]?.n).toBe(1);

    // Once withdrawn, not again.
    const again = await withdraw(clients.a1 as SignedInClient, a1);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'NOT_WITHDRAWABLE' });
  });

  it('a waitlisted applicant leaves the list and those behind it move one place up; a territorial agent may do it', async () => {
    const { ids, clients } = await makeCall('WD2');
    const elsewhere = await signIn(t, 'territorial', { territoryCode: '09' });
    expect((await withdraw(elsewhere, ids.a4 as string)).statusCode).toBe(404);
    const agent = await signIn(t, 'territorial', { territoryCode: '01.511' });
    const response = await withdraw(agent, ids.a4 as string);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().promoted).toEqual([]);
    expect(await stateOf(ids.a4 as string)).toMatchObject({ status: 'withdrawn', waitlist_position: null });
    expect(await stateOf(ids.a5 as string)).toMatchObject({ status: 'waitlisted', waitlist_position: 1 });
    expect(await stateOf(ids.a6 as string)).toMatchObject({ status: 'waitlisted', waitlist_position: 2 });
    expect(await stateOf(ids.a1 as string)).toMatchObject({ status: 'selected' });
    const notified = await sql<{ n: number }>`SELECT count(*)::int AS n FROM notifications
      WHERE application_id = ${ids.a4} AND kind = 'application.withdrawn'`.execute(t.database.handle.db);
    expect(notified.rows[0]?.n).toBe(1);
    // The manager's own withdrawal route is still for managers only.
    const byActor = await (clients.a5 as SignedInClient).request(
      'POST',
      `/api/applications/${ids.a5}/withdrawal`,
      {},
    );
    expect(byActor.statusCode).toBe(403);
  });

  it('lists evaluator candidates to the programme manager only, and naming one of the applicant’s organisation is refused', async () => {
    const { ids, clients } = await makeCall('WD3');
    const db = t.database.handle.db;
    await db
      .updateTable('applications')
      .set({ status: 'eligible' })
      .where('id', '=', ids.a2 as string)
      .execute();
    const colleague = await signIn(t, 'partner');
    const other = await signIn(t, 'partner');
    const url = `/api/applications/${ids.a2}/evaluator-candidates`;
    expect((await other.request('GET', url)).statusCode).toBe(403);
    expect((await (clients.a2 as SignedInClient).request('GET', url)).statusCode).toBe(403);
    const before = (await manager.request('GET', url)).json() as {
      items: { id: string; assigned: boolean }[];
    };
    expect(before.items.find((c) => c.id === colleague.userId)).toMatchObject({ assigned: false });
    expect(before.items.some((c) => c.id === (clients.a2 as SignedInClient).userId)).toBe(false);

    const named = await manager.request('POST', `/api/applications/${ids.a2}/evaluators`, {
      evaluatorId: colleague.userId,
    });
    expect(named.statusCode, named.body).toBe(201);
    const after = (await manager.request('GET', url)).json() as {
      items: { id: string; assigned: boolean }[];
    };
    expect(after.items.find((c) => c.id === colleague.userId)).toMatchObject({ assigned: true });

    // A partner user of the applicant's own organisation is listed, and refused when named.
    const actorOrganisation = (
      await db
        .selectFrom('applications')
        .innerJoin('actors', 'actors.id', 'applications.actor_id')
        .select('actors.organisation_id')
        .where('applications.id', '=', ids.a2 as string)
        .executeTakeFirstOrThrow()
    ).organisation_id as string;
    const insider = await signIn(t, 'partner', { organisationId: actorOrganisation });
    const refused = await manager.request('POST', `/api/applications/${ids.a2}/evaluators`, {
      evaluatorId: insider.userId,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'CONFLICT_OF_INTEREST' });
  });
});
