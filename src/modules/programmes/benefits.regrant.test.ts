import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';

/**
 * A selected application whose benefit was cancelled receives a new one (migration 0014: one LIVE
 * benefit per application), drawn again under the call's budget; never two live ones, also when two
 * managers grant at the same moment (both engines).
 */
describe('a new benefit after a cancelled one', () => {
  let t: TestApp;
  let manager: SignedInClient;
  let admin: SignedInClient;
  let programmeId: string;
  let callId: string;
  let applicationId: string;

  beforeAll(async () => {
    t = await createTestApp();
    manager = await signIn(t, 'partner');
    admin = await signIn(t, 'admin');
    const db = t.database.handle.db;
    programmeId = (
      await db
        .insertInto('programmes')
        .values({
          reference: 'PRG-REGRANT',
          organisation_id: manager.organisationId as string,
          kind: 'financing',
          title_fr: 'Subventions',
          budget_centimes: 1_000_000,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    callId = (
      await db
        .insertInto('calls')
        .values({
          programme_id: programmeId,
          reference: 'C-REGRANT',
          title_fr: 'Appel',
          opens_at: '2025-01-01T00:00:00Z',
          closes_at: '2025-02-01T00:00:00Z',
          status: 'decided',
          budget_centimes: 300_000,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const actor = await db
      .insertInto('actors')
      .values({
        kind: 'cooperative',
        name_fr: 'Coopérative Regrant',
        search_key: 'cooperative regrant',
        province_code: '01.511',
        region_code: '01',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    applicationId = (
      await db
        .insertInto('applications')
        .values({
          call_id: callId,
          actor_id: actor.id,
          submitted_by_label: 'test',
          status: 'selected',
          submitted_at: '2025-01-15T00:00:00Z',
          requested_centimes: 200_000,
          total_score: 80,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => t.close());

  const url = () => `/api/programmes/${programmeId}/benefits`;
  const callAllocated = async () =>
    Number(
      (
        await t.database.handle.db
          .selectFrom('calls')
          .select('allocated_centimes')
          .where('id', '=', callId)
          .executeTakeFirstOrThrow()
      ).allocated_centimes,
    );

  it('refuses a second live benefit, replaces a cancelled one, and never gives two at once', async () => {
    const first = await manager.request('POST', url(), { applicationId, amountCentimes: 200_000 });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ callId, actorName: 'Coopérative Regrant', status: 'granted' });
    expect(await callAllocated()).toBe(200_000);

    const twice = await manager.request('POST', url(), { applicationId, amountCentimes: 50_000 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('BENEFIT_EXISTS');

    const cancelled = await manager.request('POST', `/api/benefits/${first.json().id}/cancel`, {
      note: 'montant erroné',
    });
    expect(cancelled.statusCode).toBe(200);
    expect(await callAllocated()).toBe(0);

    // Two managers replace it at the same moment: one new benefit, the other 409; the call's
    // budget holds exactly one.
    const [a, b] = await Promise.all([
      manager.request('POST', url(), { applicationId, amountCentimes: 150_000 }),
      admin.request('POST', url(), { applicationId, amountCentimes: 150_000 }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect((a.statusCode === 409 ? a : b).json().code).toBe('BENEFIT_EXISTS');
    expect(await callAllocated()).toBe(150_000);

    const list = await manager.request('GET', `${url()}?callId=${callId}`);
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { applicationId: string; status: string; amountCentimes: number }[];
    expect(items.map((b) => [b.applicationId, b.status, b.amountCentimes])).toEqual([
      [applicationId, 'cancelled', 200_000],
      [applicationId, 'granted', 150_000],
    ]);
  });

  it('the database itself refuses two live benefits for one application (the partial unique index)', async () => {
    const db = t.database.handle.db;
    const live = await db
      .selectFrom('benefits')
      .selectAll()
      .where('application_id', '=', applicationId)
      .where('status', '=', 'granted')
      .executeTakeFirstOrThrow();
    const { id: _id, created_at: _c, updated_at: _u, granted_at: _g, ...copy } = live;
    await expect(db.insertInto('benefits').values(copy).execute()).rejects.toThrow(/unique|duplicate/i);
    await expect(
      db
        .insertInto('benefits')
        .values({ ...copy, status: 'cancelled' })
        .execute(),
    ).resolves.toBeDefined();
  });

  it('a benefit list of another call of the programme is empty; another organisation gets 403', async () => {
    const other = await signIn(t, 'partner');
    expect((await other.request('GET', url())).statusCode).toBe(403);
    const none = await manager.request('GET', `${url()}?callId=${programmeId}`);
    expect(none.json().items).toEqual([]);
  });
});
