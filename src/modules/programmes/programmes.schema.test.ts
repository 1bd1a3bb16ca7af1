import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';

/** The 0010 schema's own guarantees, checked without the services. */
describe('programmes schema (0010)', () => {
  let test: TestDatabase;
  let programmeId: string;
  let actorId: string;

  beforeAll(async () => {
    test = await createTestDatabase();
    const { db } = test.handle;
    const organisation = await db
      .insertInto('organisations')
      .values({ kind: 'partner', partner_type: 'agency', name_fr: 'Agence des eaux et forêts' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const programme = await db
      .insertInto('programmes')
      .values({
        reference: 'PRG-THUYA',
        organisation_id: organisation.id,
        kind: 'raw_material',
        title_fr: 'Bois de thuya',
        material_source: 'forest',
        material: 'thuya',
        unit: 'unit',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    programmeId = programme.id;
    const actor = await db
      .insertInto('actors')
      .values({
        kind: 'cooperative',
        name_fr: 'Coop',
        search_key: 'coop',
        province_code: '01.511',
        region_code: '01',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    actorId = actor.id;
  });
  afterAll(async () => test.destroy());

  it('refuses a raw-material programme without its material, and material on another kind', async () => {
    const { db } = test.handle;
    const organisation = await db
      .selectFrom('programmes')
      .select('organisation_id')
      .executeTakeFirstOrThrow();
    await expect(
      db
        .insertInto('programmes')
        .values({
          reference: 'P2',
          organisation_id: organisation.organisation_id,
          kind: 'raw_material',
          title_fr: 'x',
        })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto('programmes')
        .values({
          reference: 'P3',
          organisation_id: organisation.organisation_id,
          kind: 'training',
          title_fr: 'x',
          unit: 'kg',
        })
        .execute(),
    ).rejects.toThrow();
  });

  it('keeps whole units whole and a quota never over-allocated', async () => {
    const { db } = test.handle;
    await expect(
      db
        .insertInto('programme_quotas')
        .values({ programme_id: programmeId, unit: 'unit', period: '2026', quantity: 10.5 })
        .execute(),
    ).rejects.toThrow();
    // The unit must be the programme's own.
    await expect(
      db
        .insertInto('programme_quotas')
        .values({ programme_id: programmeId, unit: 'kg', period: '2026', quantity: 10 })
        .execute(),
    ).rejects.toThrow();
    const quota = await db
      .insertInto('programme_quotas')
      .values({ programme_id: programmeId, unit: 'unit', period: '2026', quantity: 10 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      db.updateTable('programme_quotas').set({ allocated: 11 }).where('id', '=', quota.id).execute(),
    ).rejects.toThrow();
    await expect(
      db.updateTable('programme_quotas').set({ allocated: -1 }).where('id', '=', quota.id).execute(),
    ).rejects.toThrow();
    await db.updateTable('programme_quotas').set({ allocated: 10 }).where('id', '=', quota.id).execute();
    const row = await db
      .selectFrom('programme_quotas')
      .selectAll()
      .where('id', '=', quota.id)
      .executeTakeFirstOrThrow();
    expect(Number(row.allocated)).toBe(10);
  });

  it('refuses a second application of the same actor to the same call, and a call closing before it opens', async () => {
    const { db } = test.handle;
    await expect(
      db
        .insertInto('calls')
        .values({
          programme_id: programmeId,
          reference: 'BAD',
          title_fr: 'x',
          opens_at: '2026-02-01T00:00:00Z',
          closes_at: '2026-01-01T00:00:00Z',
        })
        .execute(),
    ).rejects.toThrow();
    const call = await db
      .insertInto('calls')
      .values({
        programme_id: programmeId,
        reference: 'AAP-1',
        title_fr: 'Appel',
        opens_at: '2026-01-01T00:00:00Z',
        closes_at: '2026-02-01T00:00:00Z',
        budget_centimes: 1000,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const values = {
      call_id: call.id,
      actor_id: actorId,
      submitted_by_label: 'agent@example.ma',
      submitted_at: new Date(),
    };
    await db.insertInto('applications').values(values).execute();
    await expect(db.insertInto('applications').values(values).execute()).rejects.toThrow();
    await expect(
      db.updateTable('calls').set({ allocated_centimes: 1001 }).where('id', '=', call.id).execute(),
    ).rejects.toThrow();
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM applications`.execute(db);
    expect(count.rows[0]?.n).toBe(1);
  });
});
