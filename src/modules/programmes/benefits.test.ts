import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';

/** Benefits: grants never pass a quota or budget, also when two managers allocate at once (both engines). */
describe('programme benefits', () => {
  let t: TestApp;
  let manager: SignedInClient;
  let admin: SignedInClient;
  let programmeId: string;
  let quotaId: string;
  let budgetProgrammeId: string;
  const actorIds: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    manager = await signIn(t, 'partner');
    admin = await signIn(t, 'admin');
    const db = t.database.handle.db;
    const programme = await db
      .insertInto('programmes')
      .values({
        reference: 'PRG-THUYA',
        organisation_id: manager.organisationId as string,
        kind: 'raw_material',
        title_fr: 'Bois de thuya',
        material_source: 'forest',
        material: 'thuya',
        unit: 'unit',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    programmeId = programme.id;
    const quota = await db
      .insertInto('programme_quotas')
      .values({
        programme_id: programmeId,
        unit: 'unit',
        period: '2025',
        territory_code: null,
        quantity: 100,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    quotaId = quota.id;
    const money = await db
      .insertInto('programmes')
      .values({
        reference: 'PRG-GRANT',
        organisation_id: manager.organisationId as string,
        kind: 'financing',
        title_fr: 'Subventions',
        budget_centimes: 1_000_000,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    budgetProgrammeId = money.id;
    for (let i = 0; i < 6; i += 1) {
      const actor = await db
        .insertInto('actors')
        .values({
          kind: 'cooperative',
          name_fr: `Coop ${i}`,
          search_key: `coop ${i}`,
          province_code: '01.511',
          region_code: '01',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      actorIds.push(actor.id);
    }
  });
  afterAll(async () => t.close());

  const grants = async (id: string) =>
    t.database.handle.db.selectFrom('benefits').selectAll().where('programme_id', '=', id).execute();
  const auditCount = async (action: string) =>
    Number(
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action}`.execute(
          t.database.handle.db,
        )
      ).rows[0]?.n,
    );

  it('two managers drawing 60 + 60 from a quota of 100 at the same moment: one 201, one 409, nothing partial', async () => {
    const auditBefore = await auditCount('benefit.granted');
    const [a, b] = await Promise.all([
      manager.request('POST', `/api/programmes/${programmeId}/benefits`, {
        actorId: actorIds[0],
        quantity: 60,
        quotaId,
      }),
      admin.request('POST', `/api/programmes/${programmeId}/benefits`, {
        actorId: actorIds[1],
        quantity: 60,
        quotaId,
      }),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses).toEqual([201, 409]);
    const refused = a.statusCode === 409 ? a : b;
    expect(refused.json()).toMatchObject({ code: 'QUOTA_EXCEEDED', errors: [{ pointer: '/body/quantity' }] });
    const quota = await t.database.handle.db
      .selectFrom('programme_quotas')
      .selectAll()
      .where('id', '=', quotaId)
      .executeTakeFirstOrThrow();
    expect(Number(quota.allocated)).toBe(60);
    expect(await grants(programmeId)).toHaveLength(1);
    expect(await auditCount('benefit.granted')).toBe(auditBefore + 1);
    // What is left can still be taken, exactly.
    const rest = await manager.request('POST', `/api/programmes/${programmeId}/benefits`, {
      actorId: actorIds[2],
      quantity: 40,
      quotaId,
    });
    expect(rest.statusCode).toBe(201);
    const over = await manager.request('POST', `/api/programmes/${programmeId}/benefits`, {
      actorId: actorIds[3],
      quantity: 1,
      quotaId,
    });
    expect(over.statusCode).toBe(409);
  });

  it('many concurrent grants against a budget: the sum never passes it', async () => {
    const responses = await Promise.all(
      actorIds.map((actorId, i) =>
        (i % 2 ? admin : manager).request('POST', `/api/programmes/${budgetProgrammeId}/benefits`, {
          actorId,
          amountCentimes: 300_000,
        }),
      ),
    );
    const created = responses.filter((r) => r.statusCode === 201);
    expect(created).toHaveLength(3);
    for (const r of responses.filter((x) => x.statusCode !== 201))
      expect(r.json()).toMatchObject({ code: 'BUDGET_EXCEEDED' });
    const rows = await grants(budgetProgrammeId);
    expect(rows.reduce((s, r) => s + Number(r.amount_centimes), 0)).toBe(900_000);
  });

  it('refuses fractional pieces (422), negative or fractional amounts and seats (400), with pointers', async () => {
    const url = `/api/programmes/${programmeId}/benefits`;
    const fractional = await manager.request('POST', url, { actorId: actorIds[4], quantity: 1.5, quotaId });
    expect(fractional.statusCode).toBe(422);
    expect(fractional.json().errors[0].pointer).toBe('/body/quantity');
    const negative = await manager.request('POST', url, { actorId: actorIds[4], quantity: -2, quotaId });
    expect(negative.statusCode).toBe(400);
    expect(JSON.stringify(negative.json().errors)).toContain('/body/quantity');
    const seats = await manager.request('POST', `/api/programmes/${budgetProgrammeId}/benefits`, {
      actorId: actorIds[4],
      seats: 1.5,
    });
    expect(seats.statusCode).toBe(400);
    const nothing = await manager.request('POST', `/api/programmes/${budgetProgrammeId}/benefits`, {
      actorId: actorIds[4],
    });
    expect(nothing.statusCode).toBe(422);
    expect(nothing.json().errors[0].pointer).toBe('/body');
  });

  it('lets only the running partner or an administrator grant', async () => {
    const other = await signIn(t, 'partner');
    const actor = await signIn(t, 'actor');
    const body = { actorId: actorIds[5], amountCentimes: 1 };
    expect(
      (await other.request('POST', `/api/programmes/${budgetProgrammeId}/benefits`, body)).statusCode,
    ).toBe(403);
    expect(
      (await actor.request('POST', `/api/programmes/${budgetProgrammeId}/benefits`, body)).statusCode,
    ).toBe(403);
    const anonymous = await t.app.inject({
      method: 'GET',
      url: `/api/programmes/${budgetProgrammeId}/benefits`,
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('records disbursements up to the amount granted, then the benefit is delivered; visits; cancel gives back', async () => {
    const [benefit] = await grants(budgetProgrammeId);
    const id = benefit?.id as string;
    const first = await manager.request('POST', `/api/benefits/${id}/deliveries`, {
      kind: 'disbursement',
      deliveredOn: '2025-04-01',
      amountCentimes: 200_000,
    });
    expect(first.statusCode).toBe(201);
    const tooMuch = await manager.request('POST', `/api/benefits/${id}/deliveries`, {
      kind: 'disbursement',
      deliveredOn: '2025-05-01',
      amountCentimes: 200_000,
    });
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().code).toBe('DELIVERY_EXCEEDED');
    const rest = await manager.request('POST', `/api/benefits/${id}/deliveries`, {
      kind: 'disbursement',
      deliveredOn: '2025-05-01',
      amountCentimes: 100_000,
    });
    expect(rest.statusCode).toBe(201);
    const visit = await manager.request('POST', `/api/benefits/${id}/visits`, {
      visitedOn: '2025-06-10',
      notes: 'Atelier équipé, deux apprenties formées',
    });
    expect(visit.statusCode).toBe(201);
    const detail = await manager.request('GET', `/api/benefits/${id}`);
    expect(detail.json()).toMatchObject({
      benefit: { status: 'delivered' },
      deliveries: [{}, {}],
      visits: [{}],
    });

    const [, quotaBenefit] = await grants(programmeId);
    const cancelled = await manager.request('POST', `/api/benefits/${quotaBenefit?.id}/cancel`, {
      note: 'renonce',
    });
    expect(cancelled.statusCode).toBe(200);
    const quota = await t.database.handle.db
      .selectFrom('programme_quotas')
      .select('allocated')
      .where('id', '=', quotaId)
      .executeTakeFirstOrThrow();
    expect(Number(quota.allocated)).toBe(100 - Number(quotaBenefit?.quantity));
  });
});
