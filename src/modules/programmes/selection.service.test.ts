import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';

/** POST /api/calls/:id/selection and withdrawals, against a real database (both engines). */
describe('call selection', () => {
  let t: TestApp;
  let manager: SignedInClient;
  let admin: SignedInClient;
  let programmeId: string;

  beforeAll(async () => {
    t = await createTestApp();
    manager = await signIn(t, 'partner');
    admin = await signIn(t, 'admin');
    const programme = await t.database.handle.db
      .insertInto('programmes')
      .values({
        reference: 'PRG-SEL',
        organisation_id: manager.organisationId as string,
        kind: 'financing',
        title_fr: 'Subventions',
        budget_centimes: 100_000_000,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    programmeId = programme.id;
  });
  afterAll(async () => t.close());

  /** A closed call with ten scored applications; women-led: ranks 4, 7 and 9. */
  async function makeCall(
    reference: string,
    { minShare = 0.4, budget = 500_000 } = {},
  ): Promise<{ callId: string; ids: Record<string, string> }> {
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
        budget_centimes: budget,
        reserved_shares: JSON.stringify([
          {
            code: 'women_led',
            labelFr: 'Femmes',
            minShare,
            rule: { field: 'women_led', op: '=', value: true },
          },
        ]),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ids: Record<string, string> = {};
    const names = ['m1', 'm2', 'm3', 'w1', 'm4', 'm5', 'w2', 'm6', 'w3', 'm7'];
    for (const [i, name] of names.entries()) {
      const actor = await db
        .insertInto('actors')
        .values({
          kind: 'cooperative',
          name_fr: `${reference} ${name}`,
          search_key: `${reference} ${name}`.toLowerCase(),
          province_code: '01.511',
          region_code: '01',
          women_led: name.startsWith('w'),
          organisation_id: (
            await db
              .insertInto('organisations')
              .values({ kind: 'actor', name_fr: `${reference} ${name}` })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
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
    }
    return { callId: call.id, ids };
  }

  const statusOf = async (id: string) =>
    (
      await t.database.handle.db
        .selectFrom('applications')
        .select(['status', 'waitlist_position'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).status;

  it('selects five within the budget with 40 % women-led, stores statuses, benefits and the call allocation', async () => {
    const { callId, ids } = await makeCall('C1');
    const response = await manager.request('POST', `/api/calls/${callId}/selection`, {});
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    const name = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0];
    expect(body.selected.map((p: { id: string }) => name(p.id))).toEqual(['m1', 'm2', 'm3', 'w1', 'w2']);
    expect(body.shares[0]).toMatchObject({ group: 'women_led', selected: 2, required: 2, met: true });
    expect(await statusOf(ids.w2 as string)).toBe('selected');
    expect(await statusOf(ids.m4 as string)).toBe('waitlisted');
    const call = await t.database.handle.db
      .selectFrom('calls')
      .selectAll()
      .where('id', '=', callId)
      .executeTakeFirstOrThrow();
    expect(call.status).toBe('decided');
    expect(Number(call.allocated_centimes)).toBe(500_000);
    const benefits = await t.database.handle.db
      .selectFrom('benefits')
      .select('application_id')
      .where('call_id', '=', callId)
      .execute();
    expect(benefits).toHaveLength(5);

    const again = await admin.request('POST', `/api/calls/${callId}/selection`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('SELECTION_DONE');

    // w1 withdraws: one woman in five would be under 40 %, so w3 moves up (not m4, first on the list).
    const withdrawal = await manager.request('POST', `/api/applications/${ids.w1}/withdrawal`, {});
    expect(withdrawal.statusCode, withdrawal.body).toBe(200);
    expect(withdrawal.json().promoted).toEqual([ids.w3]);
    expect(await statusOf(ids.w1 as string)).toBe('withdrawn');
    expect(await statusOf(ids.w3 as string)).toBe('selected');
    const after = await t.database.handle.db
      .selectFrom('calls')
      .select('allocated_centimes')
      .where('id', '=', callId)
      .executeTakeFirstOrThrow();
    expect(Number(after.allocated_centimes)).toBe(500_000);
    const stored = (await manager.request('GET', `/api/calls/${callId}/selection`)).json();
    expect(stored).toMatchObject({ status: 'decided', allocatedCentimes: 500_000 });
    expect(stored.applications.filter((a: { status: string }) => a.status === 'waitlisted')).toHaveLength(4);
    expect(stored.applications.find((a: { id: string }) => a.id === ids.m4)).toMatchObject({
      status: 'waitlisted',
      waitlistPosition: 1,
    });
    // The reasons read back after the fact: the selection's own, then the withdrawal's.
    const reasonOf = (id: string | undefined) =>
      stored.applications.find((a: { id: string }) => a.id === id)?.reason;
    expect(reasonOf(ids.w2)).toEqual({ kind: 'reserved', group: 'women_led' });
    expect(reasonOf(ids.m1)).toEqual({ kind: 'rank' });
    expect(reasonOf(ids.w1)).toEqual({ kind: 'withdrawn' });
    expect(reasonOf(ids.w3)).toEqual({ kind: 'promoted', after: ids.w1 });
    expect(reasonOf(ids.m4)?.kind).toBeTruthy();
    expect(stored.shares[0]).toMatchObject({ group: 'women_led', selected: 2, met: true });
    expect(
      (await (await signIn(t, 'partner')).request('GET', `/api/calls/${callId}/selection`)).statusCode,
    ).toBe(403);
    const told = await t.database.handle.db
      .selectFrom('notifications')
      .select(['kind', 'application_id'])
      .where('application_id', '=', ids.w3 as string)
      .orderBy('created_at')
      .execute();
    expect(told.map((n) => n.kind)).toEqual(['application.waitlisted', 'application.promoted']);
    const notSelected = await manager.request('POST', `/api/applications/${ids.m7}/withdrawal`, {});
    expect(notSelected.json().code).toBe('NOT_SELECTED');
  });

  it('two managers selecting the same call at the same moment: one selection, the other 409', async () => {
    const { callId } = await makeCall('C2');
    const [a, b] = await Promise.all([
      manager.request('POST', `/api/calls/${callId}/selection`, {}),
      admin.request('POST', `/api/calls/${callId}/selection`, {}),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const benefits = await t.database.handle.db
      .selectFrom('benefits')
      .select('id')
      .where('call_id', '=', callId)
      .execute();
    expect(benefits).toHaveLength(5);
  });

  it('draws material from the quota of each applicant territory (province, else national), never past it', async () => {
    const db = t.database.handle.db;
    const other = await db
      .selectFrom('territories')
      .select('code')
      .where('code', 'like', '01.%')
      .where('code', '!=', '01.511')
      .where('code', 'not like', '01.%.%')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const programme = await db
      .insertInto('programmes')
      .values({
        reference: 'PRG-WOOL',
        organisation_id: manager.organisationId as string,
        kind: 'raw_material',
        title_fr: 'Laine',
        material_source: 'agricultural',
        material: 'laine',
        unit: 'kg',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const province = await db
      .insertInto('programme_quotas')
      .values({
        programme_id: programme.id,
        unit: 'kg',
        period: '2025',
        territory_code: '01.511',
        quantity: 40,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const national = await db
      .insertInto('programme_quotas')
      .values({ programme_id: programme.id, unit: 'kg', period: '2025', territory_code: null, quantity: 30 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const call = await db
      .insertInto('calls')
      .values({
        programme_id: programme.id,
        reference: 'WOOL-1',
        title_fr: 'Laine 2025',
        opens_at: '2025-01-01T00:00:00Z',
        closes_at: '2025-02-01T00:00:00Z',
        status: 'closed',
        quota_period: '2025',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const where = ['01.511', '01.511', '01.511', other.code, other.code];
    const ids: string[] = [];
    for (const [i, code] of where.entries()) {
      const actor = await db
        .insertInto('actors')
        .values({
          kind: 'cooperative',
          name_fr: `Laine ${i}`,
          search_key: `laine ${i}`,
          province_code: code,
          region_code: '01',
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
          requested_quantity: 20,
          total_score: 90 - i,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(application.id);
    }
    const response = await manager.request('POST', `/api/calls/${call.id}/selection`, {});
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().selected.map((p: { id: string }) => ids.indexOf(p.id))).toEqual([0, 1, 3]);
    const quotas = await db
      .selectFrom('programme_quotas')
      .select(['id', 'allocated'])
      .where('programme_id', '=', programme.id)
      .execute();
    const allocated = Object.fromEntries(quotas.map((q) => [q.id, Number(q.allocated)]));
    expect(allocated).toEqual({ [province.id]: 40, [national.id]: 20 });
  });

  it('a selection and a grant drawing on the same quota at the same moment: never over, never a deadlock', async () => {
    const db = t.database.handle.db;
    const programme = await db
      .insertInto('programmes')
      .values({
        reference: 'PRG-ALFA',
        organisation_id: manager.organisationId as string,
        kind: 'raw_material',
        title_fr: 'Alfa',
        material_source: 'agricultural',
        material: 'alfa',
        unit: 'kg',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const quota = await db
      .insertInto('programme_quotas')
      .values({ programme_id: programme.id, unit: 'kg', period: '2025', territory_code: null, quantity: 50 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const call = await db
      .insertInto('calls')
      .values({
        programme_id: programme.id,
        reference: 'ALFA-1',
        title_fr: 'Alfa 2025',
        opens_at: '2025-01-01T00:00:00Z',
        closes_at: '2025-02-01T00:00:00Z',
        status: 'closed',
        quota_period: '2025',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const actors: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const actor = await db
        .insertInto('actors')
        .values({
          kind: 'cooperative',
          name_fr: `Alfa ${i}`,
          search_key: `alfa ${i}`,
          province_code: '01.511',
          region_code: '01',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      actors.push(actor.id);
      if (i < 3)
        await db
          .insertInto('applications')
          .values({
            call_id: call.id,
            actor_id: actor.id,
            submitted_by_label: 'test',
            status: 'scored',
            submitted_at: '2025-01-15T00:00:00Z',
            requested_quantity: 20,
            total_score: 90 - i,
          })
          .execute();
    }
    const [selection, grant] = await Promise.all([
      manager.request('POST', `/api/calls/${call.id}/selection`, {}),
      admin.request('POST', `/api/programmes/${programme.id}/benefits`, {
        actorId: actors[3],
        quantity: 30,
        quotaId: quota.id,
      }),
    ]);
    expect(selection.statusCode, selection.body).toBe(200);
    expect([201, 409]).toContain(grant.statusCode);
    const row = await db
      .selectFrom('programme_quotas')
      .select('allocated')
      .where('id', '=', quota.id)
      .executeTakeFirstOrThrow();
    const live = await db
      .selectFrom('benefits')
      .select('quantity')
      .where('quota_id', '=', quota.id)
      .where('status', '=', 'granted')
      .execute();
    const total = live.reduce((sum, b) => sum + Number(b.quantity), 0);
    expect(Number(row.allocated)).toBe(total);
    expect(total).toBeLessThanOrEqual(50);
    // Either the grant came first (30, then one selected) or the selection did (40, grant refused).
    expect(total).toBe(grant.statusCode === 201 ? 50 : 40);
  });

  it('honours a reserved share in fractions of a percent (12.5 % of 8 is one place, not 13 %)', async () => {
    const { callId } = await makeCall('C5', { minShare: 0.125, budget: 800_000 });
    const response = await manager.request('POST', `/api/calls/${callId}/selection`, {});
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().selected).toHaveLength(8);
    expect(response.json().shares[0]).toMatchObject({ minPercent: 12.5, required: 1, met: true });
  });

  it('refuses a reserved share finer than a hundredth of a percent, at its row', async () => {
    const response = await manager.request('POST', `/api/programmes/${programmeId}/calls`, {
      reference: 'C-FINE',
      titleFr: 'Appel',
      opensAt: '2030-01-01T00:00:00Z',
      closesAt: '2030-02-01T00:00:00Z',
      reservedShares: [
        {
          code: 'youth',
          labelFr: 'Jeunes',
          minShare: 0.1,
          rule: { field: 'youth_share', op: '>=', value: 50 },
        },
        {
          code: 'women',
          labelFr: 'Femmes',
          minShare: 0.12345,
          rule: { field: 'women_led', op: '=', value: true },
        },
      ],
    });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().errors[0].pointer).toBe('/body/reservedShares/1/minShare');
  });

  it('refuses a call still open for applications with its own code', async () => {
    const { callId } = await makeCall('C4');
    await t.database.handle.db
      .updateTable('calls')
      .set({ status: 'published', closes_at: new Date(Date.now() + 86_400_000) })
      .where('id', '=', callId)
      .execute();
    const early = await manager.request('POST', `/api/calls/${callId}/selection`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('CALL_STILL_OPEN');
  });

  it('refuses other organisations and roles, and unscored applications', async () => {
    const { callId } = await makeCall('C3');
    const other = await signIn(t, 'partner');
    const actor = await signIn(t, 'actor');
    expect((await other.request('POST', `/api/calls/${callId}/selection`, {})).statusCode).toBe(403);
    expect((await actor.request('POST', `/api/calls/${callId}/selection`, {})).statusCode).toBe(403);
    await t.database.handle.db
      .updateTable('applications')
      .set({ status: 'eligible', total_score: null })
      .where('call_id', '=', callId)
      .where('total_score', '<', 83)
      .execute();
    const pending = await manager.request('POST', `/api/calls/${callId}/selection`, {});
    expect(pending.statusCode).toBe(409);
    expect(pending.json().code).toBe('SCORING_INCOMPLETE');
  });
});
