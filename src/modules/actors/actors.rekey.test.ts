import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { searchKey } from '../../shared/normalise.js';
import { systemContext } from '../../shared/principal.js';
import { ensureSearchKeysCurrent } from './actors.rekey.js';
import { createActor } from './actors.service.js';

describe('search keys follow the normalisation rules', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  it('recomputes every stored key when the rules changed, then does nothing while they stay', async () => {
    const db = database.handle.db;
    const ctx = systemContext('test');
    for (const name of ['Coopérative Tifaouine', 'Association Annour', 'تعاونية الأمل']) {
      await createActor(db, ctx, { kind: 'cooperative', nameFr: name, provinceCode: '09.273' });
    }
    const first = await ensureSearchKeysCurrent(db, () => {}, 2);
    expect(first.wasCurrent).toBe(false);
    // Keys made by older rules, and a fingerprint of those rules.
    await sql`UPDATE actors SET search_key = 'stale'`.execute(db);
    await sql`UPDATE system_settings SET value = 'older-rules'`.execute(db);
    const second = await ensureSearchKeysCurrent(db, () => {}, 2);
    expect(second).toEqual({ rekeyed: 3, wasCurrent: false });
    const rows = await db.selectFrom('actors').select(['name_fr', 'search_key']).execute();
    for (const row of rows) expect(row.search_key).toBe(searchKey(row.name_fr ?? ''));
    expect(await ensureSearchKeysCurrent(db)).toEqual({ rekeyed: 0, wasCurrent: true });
  });
});
