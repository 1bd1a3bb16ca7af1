import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import type { Database } from '../../db/database.js';
import { systemContext } from '../../shared/principal.js';
import { createOrganisation, updateOrganisation } from '../accounts/organisations.service.js';
import { GENESIS_HASH, hashAuditRow, recordAudit, verifyAuditChain } from './audit.service.js';

const ctx = systemContext('test');

/** Tampering needs the append-only trigger out of the way, as an attacker with superuser rights would. */
async function tamper(db: Kysely<Database>, statement: ReturnType<typeof sql>) {
  await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(db);
  try {
    await statement.execute(db);
  } finally {
    await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(db);
  }
}

describe('audit trail', () => {
  let database: TestDatabase;
  let db: Kysely<Database>;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.handle.db;
  });
  afterAll(() => database.destroy());

  /** Five rows: five organisations created, then one renamed. */
  async function writeRows() {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(db);
    await sql`DELETE FROM audit_log`.execute(db);
    await sql`DELETE FROM organisations`.execute(db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(db);
    const ids: string[] = [];
    for (let i = 1; i <= 4; i += 1) {
      ids.push((await createOrganisation(db, ctx, { kind: 'partner', nameFr: `Partenaire ${i}` })).id);
    }
    await updateOrganisation(db, ctx, ids[0] ?? '', { nameFr: 'Partenaire renommé' });
  }

  it('records who, when, what and before/after for each write, chained by hash', async () => {
    await writeRows();
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
    const update = rows[4];
    expect(update).toMatchObject({
      action: 'organisation.updated',
      actor_label: 'test',
      entity_type: 'organisation',
    });
    expect(update?.before).toMatchObject({ name_fr: 'Partenaire 1' });
    expect(update?.after).toMatchObject({ name_fr: 'Partenaire renommé' });
    for (const row of rows) expect(hashAuditRow(row)).toBe(row.hash);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 5, head: { seq: 5 } });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit table', async () => {
    await writeRows();
    await expect(sql`UPDATE audit_log SET actor_label = 'x' WHERE seq = 1`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_log WHERE seq = 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('reports an edited row', async () => {
    await writeRows();
    await tamper(
      db,
      sql`UPDATE audit_log SET after = jsonb_set(after, '{name_fr}', '"Falsifié"') WHERE seq = 3`,
    );
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      checked: 2,
      firstProblem: { seq: 3, kind: 'edited' },
    });
  });

  it('reports a deleted row', async () => {
    await writeRows();
    await tamper(db, sql`DELETE FROM audit_log WHERE seq = 2`);
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      firstProblem: { seq: 2, kind: 'deleted' },
    });
  });

  it('reports the first rows deleted', async () => {
    await writeRows();
    await tamper(db, sql`DELETE FROM audit_log WHERE seq <= 2`);
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      firstProblem: { seq: 1, kind: 'deleted' },
    });
  });

  it('reports an inserted row, even one whose own hash is consistent', async () => {
    await writeRows();
    // A forger renumbers the tail and slips a self-consistent row in at seq 3.
    await tamper(db, sql`UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3`);
    const forged = {
      seq: 3,
      at: new Date(),
      actor_user_id: null,
      actor_token_id: null,
      actor_label: 'forger',
      action: 'organisation.created',
      entity_type: 'organisation',
      entity_id: 'x',
      before: null,
      after: { name_fr: 'Fantôme' },
      request_id: null,
      prev_hash: 'f'.repeat(64),
    };
    const hash = hashAuditRow(forged);
    await tamper(
      db,
      sql`INSERT INTO audit_log (seq, at, actor_label, action, entity_type, entity_id, after, prev_hash, hash)
          VALUES (3, ${forged.at}, 'forger', 'organisation.created', 'organisation', 'x', ${JSON.stringify(forged.after)}::jsonb, ${forged.prev_hash}, ${hash})`,
    );
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      firstProblem: { seq: 3, kind: 'inserted' },
    });
  });

  it('leaves no audit row when the change it records is rolled back', async () => {
    await writeRows();
    await expect(
      db.transaction().execute(async (trx) => {
        await recordAudit(trx, ctx, {
          action: 'organisation.created',
          entityType: 'organisation',
          entityId: 'y',
        });
        throw new Error('the business write failed');
      }),
    ).rejects.toThrow('the business write failed');
    const count = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    expect(Number(count?.n)).toBe(5);
    // The next row takes seq 6: no gap, so the chain stays verifiable.
    await createOrganisation(db, ctx, { kind: 'chamber', nameFr: 'Chambre après rollback' });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 6 });
  });

  it('keeps the chain linear when many writers append at once', async () => {
    await writeRows();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        createOrganisation(db, ctx, { kind: 'partner', nameFr: `Concurrent ${i}` }),
      ),
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 17 });
  });
});
