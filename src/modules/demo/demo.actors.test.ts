import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../test/helpers/app.js';
import { TEST_ENGINE } from '../../../test/helpers/db.js';
import { completeDemoPersonFacts, seedDemo } from './demo.seed.js';

type Facts = { id: string; sex: string | null; birth_date: string | null; has_disability: boolean | null };

describe(`demo artisans' person facts (${TEST_ENGINE})`, () => {
  let t: TestApp;
  const db = () => t.database.handle.db;
  const demoPersons = async () =>
    (
      await sql<Facts>`SELECT id, sex, birth_date::text AS birth_date, has_disability FROM actors
        WHERE is_demo AND kind IN ('artisan', 'master_artisan') ORDER BY id`.execute(db())
    ).rows;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(db(), { password: TEST_PASSWORD });
  });
  afterAll(() => t.close());

  it('gives every demo artisan a sex, a birth date and a disability answer, organisations none', async () => {
    const persons = await demoPersons();
    expect(persons.length).toBeGreaterThan(20);
    for (const person of persons) {
      expect(['female', 'male']).toContain(person.sex);
      expect(person.birth_date).toMatch(/^(19|20)\d\d-\d\d-\d\d$/);
      expect(typeof person.has_disability).toBe('boolean');
    }
    const organisations = await sql<{ n: number }>`SELECT count(*)::int AS n FROM actors
      WHERE is_demo AND kind NOT IN ('artisan', 'master_artisan')
        AND (sex IS NOT NULL OR birth_date IS NOT NULL OR has_disability IS NOT NULL)`.execute(db());
    expect(organisations.rows[0]?.n).toBe(0);
  });

  it('completes a demo seeded before person facts existed, through audited edits, once', async () => {
    const seeded = await demoPersons();
    await sql`UPDATE actors SET sex = NULL, birth_date = NULL, has_disability = NULL
      WHERE is_demo AND kind IN ('artisan', 'master_artisan')`.execute(db());
    // The seed at the next start completes them; a second start has nothing left to do.
    await seedDemo(db(), { password: TEST_PASSWORD });
    expect(await demoPersons()).toEqual(seeded);
    const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log
      WHERE entity_type = 'actor' AND action = 'actor.updated' AND actor_label = 'system:demo-seed'`.execute(
      db(),
    );
    expect(audited.rows[0]?.n).toBe(seeded.length);
    expect(await completeDemoPersonFacts(db())).toBe(0);
  });
});
