import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';
import { TEST_ENGINE } from '../../../test/helpers/db.js';
import { systemContext } from '../../shared/principal.js';
import { importActors } from './actors.import.js';
import { checkPersonFacts } from './actors.rules.js';

type Json = Record<string, unknown>;
type Problem = { pointer: string; detail: string };

/** Sex, birth date and disability of artisans (issue 6, part 5): kept, checked, imported, exported. */
describe(`person facts of artisans (${TEST_ENGINE})`, () => {
  let t: TestApp;
  let admin: SignedInClient;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t, 'admin');
  });
  afterAll(() => t.close());

  const create = (body: Json) => admin.request('POST', '/api/actors', body);
  const problems = (body: string): Problem[] => JSON.parse(body).errors;
  const count = async () => (await admin.request('GET', '/api/actors?limit=1')).json().total as number;

  it('the rule: persons only; from 1900, not in the future, at least 15 years old on the day', () => {
    const at = (field: string) => `/body/${field}`;
    const facts = { sex: null, birthDate: null, hasDisability: null };
    expect(checkPersonFacts({ ...facts, sex: 'female' }, false, at)).toEqual([
      { pointer: '/body/sex', detail: expect.stringContaining('only artisans') },
    ]);
    expect(checkPersonFacts({ ...facts, hasDisability: false }, false, at)).toHaveLength(1);
    expect(checkPersonFacts(facts, false, at)).toEqual([]);
    const today = '2026-11-29';
    const on = (birthDate: string) =>
      checkPersonFacts({ ...facts, birthDate }, true, at, today).map((e) => e.detail);
    expect(on('2011-11-29')).toEqual([]);
    expect(on('2011-11-30')[0]).toContain('at least 15 years old');
    expect(on('2026-11-30')).toEqual(['cannot be in the future']);
    expect(on('1900-01-01')).toEqual([]);
    expect(on('1899-12-31')).toEqual(['cannot be before 1900']);
  });

  it('keeps them on an artisan, shows each change in the history, and refuses impossible dates', async () => {
    const created = await create({
      kind: 'artisan',
      nameFr: 'Khadija Amrani',
      provinceCode: '09.273',
      sex: 'female',
      birthDate: '1984-09-02',
      hasDisability: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const actor = created.json().actor;
    // Women-led left unchecked for a woman artisan: kept, with a warning to check both.
    expect(created.json().warnings).toEqual([
      { pointer: '/body/sex', detail: expect.stringContaining('women-led') },
    ]);
    expect(actor).toMatchObject({ sex: 'female', birthDate: '1984-09-02', hasDisability: true });
    const read = (await admin.request('GET', `/api/actors/${actor.id}`)).json();
    expect(read).toMatchObject({ sex: 'female', birthDate: '1984-09-02', hasDisability: true });

    const edited = await admin.request('PATCH', `/api/actors/${actor.id}`, {
      womenLed: true,
      hasDisability: false,
      birthDate: '1985-01-31',
      version: actor.version,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().warnings).toEqual([]);
    const history = (await admin.request('GET', `/api/actors/${actor.id}/history`)).json().items;
    expect(history[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'hasDisability', before: true, after: false },
        { field: 'birthDate', before: '1984-09-02', after: '1985-01-31' },
      ]),
    );

    const before = await count();
    const young = new Date();
    young.setUTCFullYear(young.getUTCFullYear() - 14);
    for (const [birthDate, detail] of [
      ['2999-01-01', 'cannot be in the future'],
      ['1899-06-30', 'cannot be before 1900'],
      [young.toISOString().slice(0, 10), 'at least 15 years old'],
    ] as const) {
      const refused = await create({ kind: 'artisan', nameFr: 'Jeune', provinceCode: '09.273', birthDate });
      expect(refused.statusCode).toBe(400);
      expect(problems(refused.body)).toEqual([
        { pointer: '/body/birthDate', detail: expect.stringContaining(detail) },
      ]);
    }
    const badSex = await create({ kind: 'artisan', nameFr: 'X', provinceCode: '09.273', sex: 'F' });
    expect(badSex.statusCode).toBe(400);
    expect(problems(badSex.body)[0]?.pointer).toBe('/body/sex');
    expect(await count()).toBe(before);
  });

  it('refuses them on an organisation, also when an artisan becomes one without clearing them', async () => {
    const before = await count();
    const coop = await create({
      kind: 'cooperative',
      nameFr: 'Coopérative Annour',
      provinceCode: '09.273',
      sex: 'female',
      hasDisability: false,
    });
    expect(coop.statusCode).toBe(400);
    expect(problems(coop.body).map((p) => p.pointer)).toEqual(['/body/sex', '/body/hasDisability']);
    expect(await count()).toBe(before);

    const artisan = (
      await create({ kind: 'artisan', nameFr: 'Omar Idrissi', provinceCode: '09.273', sex: 'male' })
    ).json().actor;
    const becomes = await admin.request('PATCH', `/api/actors/${artisan.id}`, {
      kind: 'association',
      version: artisan.version,
    });
    expect(becomes.statusCode).toBe(400);
    expect(problems(becomes.body)).toEqual([
      { pointer: '/body/sex', detail: expect.stringContaining('only artisans') },
    ]);
    const cleared = await admin.request('PATCH', `/api/actors/${artisan.id}`, {
      kind: 'association',
      sex: null,
      version: artisan.version,
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().actor).toMatchObject({ kind: 'association', sex: null });
  });

  it('imports them from French and Arabic headers and words, refuses them on organisations, exports them back', async () => {
    const csv = [
      'Type;Nom;Province;CIN;Sexe;Date de naissance;Handicap',
      'artisan;Fatima Zahra Alaoui;09.273;JB100001;F;02/09/1984;non',
      'artisan;Hassan Tazi;09.273;JB100002;homme;1990-05-02;oui',
      'maître artisan;Aicha Berrada;09.273;JB100003;أنثى;15.01.1950;',
      'artisan;Said Naciri;09.273;JB100004;X;01/01/1980;non',
      'coopérative;Coopérative Al Baraka;09.273;;F;;',
      'artisan;Youssef Bennis;09.273;JB100006;M;31/02/1980;',
    ].join('\r\n');
    const ctx = systemContext('test:person-facts');
    const { report } = await importActors(t.database.handle.db, ctx, Buffer.from(csv));
    expect(report).toMatchObject({ rows: 6, created: 3, rejected: 3 });
    expect(report.errors).toEqual([
      { row: 5, column: 'Sexe', reason: expect.stringContaining('is not a sex') },
      { row: 6, column: 'Sexe', reason: expect.stringContaining('only artisans') },
      { row: 7, column: 'Date de naissance', reason: expect.stringContaining('not a real date') },
    ]);
    const stored = await t.database.handle.db
      .selectFrom('actors')
      .select(['cin', 'sex', 'birth_date', 'has_disability'])
      .where('cin', 'in', ['JB100001', 'JB100002', 'JB100003'])
      .orderBy('cin')
      .execute();
    expect(stored).toEqual([
      { cin: 'JB100001', sex: 'female', birth_date: '1984-09-02', has_disability: false },
      { cin: 'JB100002', sex: 'male', birth_date: '1990-05-02', has_disability: true },
      { cin: 'JB100003', sex: 'female', birth_date: '1950-01-15', has_disability: null },
    ]);

    const exported = await admin.request('GET', '/api/actors/export.csv?province=09.273&kind=artisan');
    const records = parse(exported.body.replace(/^\ufeff/, ''), { columns: true }) as Json[];
    expect(records.find((r) => r.cin === 'JB100002')).toMatchObject({
      sex: 'male',
      birthDate: '1990-05-02',
      hasDisability: 'true',
    });
    // The export imports back as it is: nothing changes.
    const again = await importActors(t.database.handle.db, ctx, Buffer.from(exported.body));
    expect(again.report).toMatchObject({ created: 0, updated: 0, rejected: 0 });
  });
});
