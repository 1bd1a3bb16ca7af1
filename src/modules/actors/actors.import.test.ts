import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';
import { AppError } from '../../shared/errors.js';
import { systemContext } from '../../shared/principal.js';
import { verifyAuditChain } from '../audit/audit.service.js';
import { generateActors } from '../generate/generate.actors.js';
import { importActors } from './actors.import.js';
import { decodeText, looksArabic } from './actors.import-read.js';
import { ACTOR_FIELDS } from './actors.schemas.js';
import { loadActorReference } from './actors.validate.js';

const fixture = (name: string) =>
  fs.readFileSync(new URL(`../../../test/fixtures/import/${name}`, import.meta.url));
const ctx = systemContext('test:import');

/** A multipart/form-data body as a browser sends it. */
function multipart(file: { name: string; bytes: Buffer }, fields: Record<string, string> = {}) {
  const boundary = `----nasij${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('import of actors from CSV and XLSX', () => {
  let t: TestApp;
  let admin: SignedInClient;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t, 'admin');
  });
  afterAll(() => t.close());

  const db = () => t.database.handle.db;
  const countActors = async () =>
    Number(
      (
        await db()
          .selectFrom('actors')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const byNia = (nia: string) =>
    db().selectFrom('actors').selectAll().where('nia', '=', nia).executeTakeFirst();
  const upload = (
    client: SignedInClient,
    name: string,
    bytes: Buffer,
    fields: Record<string, string> = {},
    query = '',
  ) => {
    const body = multipart({ name, bytes }, fields);
    return t.app.inject({
      method: 'POST',
      url: `/api/actors/import${query}`,
      headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, 'content-type': body.contentType },
      payload: body.payload,
    });
  };

  it('imports UTF-8 CSV with API headers: kinds, names in both scripts, identifiers, dates, booleans', async () => {
    const { report, rejects } = await importActors(db(), ctx, fixture('utf8-comma.csv'));
    expect(report).toMatchObject({
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ',',
      rows: 3,
      created: 3,
      rejected: 0,
    });
    expect(rejects).toBeNull();
    const coop = await db()
      .selectFrom('actors')
      .selectAll()
      .where('coop_register_number', '=', 'AG2019114')
      .executeTakeFirstOrThrow();
    expect(coop).toMatchObject({
      kind: 'cooperative',
      name_ar: 'تعاونية تيفاوين',
      ice: '001525749000086',
      women_led: true,
      founded_on: '2019-03-14',
      members_women: 18,
      region_code: '09',
    });
    expect(report.warnings).toEqual([{ row: 2, column: 'ice', reason: expect.stringContaining('97') }]);
    expect(await byNia('NIA777')).toMatchObject({
      kind: 'artisan',
      cin: 'BK123456',
      founded_on: '1990-05-02',
      women_led: false,
    });
  });

  it('reads semicolon CSV with a BOM, French headers and labels, province names and decimal commas', async () => {
    const { report } = await importActors(db(), ctx, fixture('utf8-bom-semicolon.csv'));
    expect(report).toMatchObject({ encoding: 'utf-8-bom', delimiter: ';', created: 3, rejected: 0 });
    const argane = await db()
      .selectFrom('actors')
      .selectAll()
      .where('ice', '=', '002345678000035')
      .executeTakeFirstOrThrow();
    expect(argane).toMatchObject({
      province_code: '09.541',
      latitude: 30.47,
      longitude: -8.87,
      founded_on: '2015-02-01',
    });
    const master = await db()
      .selectFrom('actors')
      .selectAll()
      .where('name_fr', '=', 'Fatima Zahra')
      .executeTakeFirstOrThrow();
    expect(master).toMatchObject({ kind: 'master_artisan', women_led: true, coastal: true });
  });

  it('detects Windows-1256 Arabic and Windows-1252 French (capital accents included)', async () => {
    const arabic = await importActors(db(), ctx, fixture('windows-1256.csv'));
    expect(arabic.report).toMatchObject({ encoding: 'windows-1256', delimiter: ';', created: 2 });
    expect(
      await db()
        .selectFrom('actors')
        .select('commune')
        .where('name_ar', '=', 'تعاونية النسيج الأمازيغي')
        .executeTakeFirst(),
    ).toEqual({
      commune: 'تالوين',
    });
    const french = await importActors(db(), ctx, fixture('windows-1252.csv'));
    expect(french.report).toMatchObject({ encoding: 'windows-1252', created: 2 });
    expect(
      await db()
        .selectFrom('actors')
        .select('address')
        .where('name_fr', '=', 'COOPÉRATIVE FÈS BROCART')
        .executeTakeFirst(),
    ).toEqual({
      address: 'Médina de Fès',
    });
    // The heuristic on its own: Arabic runs vs Arabic letters glued to Latin ones.
    expect(looksArabic(iconv.decode(iconv.encode('ÉCOLE CRÉÉE À FÈS', 'windows-1252'), 'windows-1256'))).toBe(
      false,
    );
    expect(looksArabic('تعاونية Tifaouine')).toBe(true);
    expect(decodeText(iconv.encode('nameFr\r\nCôté', 'windows-1252')).encoding).toBe('windows-1252');
  });

  it('reads other headers through a column mapping, and says which headers it does not know', async () => {
    const { report } = await importActors(db(), ctx, fixture('other-headers.csv'), {
      mapping: JSON.parse(fixture('other-headers.mapping.json').toString('utf8')),
    });
    expect(report).toMatchObject({ created: 2, rejected: 0 });
    expect(await byNia('NIA9001')).toMatchObject({ name_fr: 'Youssef Alaoui', province_code: '04.421' });
    const error = await importActors(db(), ctx, fixture('other-headers.csv')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(
      /^Missing header.*"Catégorie acteur", "Raison".*column mapping/,
    );
    const partly = await importActors(
      db(),
      ctx,
      Buffer.from('kind,nameFr,provinceCode,Remarque\nartisan,Ali,09.273,x\n'),
    ).catch((e: unknown) => e);
    expect((partly as AppError).message).toMatch(/unknown column\(s\) "Remarque": .*null to ignore/);
    const typo = await importActors(db(), ctx, fixture('other-headers.csv'), {
      mapping: {
        'Catégorie acteur': 'kind',
        Raison: 'nameFr',
        'Code territoire': 'provinceCode',
        'Numéro RNA': 'nia',
        Remarque: null,
      },
    }).catch((e: unknown) => e);
    expect((typo as AppError).message).toMatch(/"Remarque", which is not a header/);
  });

  it('refuses a file without a header, or not CSV nor XLSX, with a clear message and nothing saved', async () => {
    const before = await countActors();
    const noHeader = await importActors(db(), ctx, fixture('no-header.csv')).catch((e: AppError) => e);
    expect(noHeader).toMatchObject({
      code: 'IMPORT_FAILED',
      message: expect.stringMatching(/^Missing header/),
    });
    const pdf = await importActors(db(), ctx, Buffer.from('%PDF-1.4\n\u0000\u0001binary')).catch(
      (e: AppError) => e,
    );
    expect(pdf).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: expect.stringMatching(/neither CSV nor XLSX/),
    });
    const utf16 = await importActors(db(), ctx, Buffer.from('\ufeffkind,nameFr', 'utf16le')).catch(
      (e: AppError) => e,
    );
    expect(utf16).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringMatching(/UTF-16/) });
    const wrongEncoding = await importActors(
      db(),
      ctx,
      iconv.encode('kind,nameFr,provinceCode\r\nartisan,Côté,09.273', 'windows-1252'),
      {
        encoding: 'utf-8',
      },
    ).catch((e: AppError) => e);
    expect(wrongEncoding).toMatchObject({
      code: 'IMPORT_FAILED',
      message: expect.stringMatching(/not valid UTF-8/),
    });
    const openQuote = await importActors(
      db(),
      ctx,
      Buffer.from('kind,nameFr,provinceCode\n"artisan,Ali,09.273\n'),
    ).catch((e: AppError) => e);
    expect(openQuote).toMatchObject({
      code: 'IMPORT_FAILED',
      message: expect.stringMatching(/cannot be read/),
    });
    expect(await countActors()).toBe(before);
  });

  it('reports each bad row with its row number, column and reason, imports the good ones, and writes rejects', async () => {
    const before = await countActors();
    const { report, rejects } = await importActors(db(), ctx, fixture('bad-rows.csv'));
    expect(report).toMatchObject({ rows: 11, created: 2, rejected: 9 });
    expect(await countActors()).toBe(before + 2);
    const at = (row: number) => report.errors.filter((e) => e.row === row);
    expect(at(3)).toEqual([{ row: 3, column: 'ice', reason: 'an ICE has exactly 15 digits' }]);
    expect(at(4)).toEqual([{ row: 4, column: 'provinceCode', reason: 'unknown province code 99.999' }]);
    expect(at(5)).toEqual([
      { row: 5, column: 'nameFr', reason: expect.stringMatching(/name in Latin script, in Arabic/) },
    ]);
    expect(at(6)).toEqual([
      {
        row: 6,
        column: 'nameFr',
        reason: expect.stringMatching(/301 characters long; at most 300.*nothing is cut/),
      },
    ]);
    expect(at(7)).toEqual([
      { row: 7, column: 'nameFr', reason: 'contains a control character (U+0007): remove it' },
    ]);
    expect(at(8)).toEqual([
      { row: 8, column: null, reason: expect.stringMatching(/6 values but the header has 9 columns/) },
    ]);
    expect(at(9)).toEqual([
      { row: 9, column: null, reason: expect.stringMatching(/past the last column.*"en trop"/) },
    ]);
    expect(at(10)).toEqual([{ row: 10, column: 'nia', reason: 'same identifier as row 2' }]);
    expect(at(11).map((e) => e.column)).toEqual(['kind', 'membersWomen', 'foundedOn', 'phone']);
    expect(rejects?.extension).toBe('csv');
    const text = rejects?.bytes.toString('utf8') ?? '';
    expect(text.startsWith('\ufeffkind,nameFr')).toBe(true);
    const records = parse(text.slice(1), { relax_column_count: true }) as string[][];
    expect(records[0]?.at(-1)).toBe('reason');
    expect(records).toHaveLength(10);
    expect(records[1]).toEqual([
      'cooperative',
      'Coopérative ICE courte',
      '',
      '12345',
      '',
      '09.273',
      '',
      '',
      '',
      'ice: an ICE has exactly 15 digits',
    ]);
    // The overlong name goes to the rejects file whole: nothing is cut.
    expect(records[4]?.[1]).toHaveLength(301);
  });

  it('fixes the rejects file and re-imports it: the fixed rows go in, the rest come back', async () => {
    const { rejects } = await importActors(db(), ctx, fixture('bad-rows.csv'), { dryRun: true });
    const records = parse((rejects?.bytes.toString('utf8') ?? '').slice(1), {
      relax_column_count: true,
    }) as string[][];
    const [header, ...rows] = records as [string[], ...string[][]];
    // Fix the short ICE and the unknown province; leave the others as they are.
    rows[0] = [
      'cooperative',
      'Coopérative ICE corrigée',
      '',
      '003456789000047',
      '',
      '09.273',
      '',
      '',
      '',
      'x',
    ];
    rows[1] = ['association', 'Association Inconnue', '', '', '', '09.163', '', '', '', 'x'];
    const fixedCsv = [header, ...rows]
      .map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(','))
      .join('\r\n');
    const again = await importActors(db(), ctx, Buffer.from(`\ufeff${fixedCsv}`));
    // Fixed rows go in; so does the short row, padded in the rejects file (its values were valid); the
    // row that repeated row 2's NIA now updates the record row 2 created; the rest are refused again.
    expect(again.report).toMatchObject({ created: 3, updated: 1, rejected: 5 });
    expect(again.report.errors.find((e) => e.reason.includes('past the last column'))?.reason).toMatch(
      /"en trop"/,
    );
    expect(
      await db()
        .selectFrom('actors')
        .select('ice')
        .where('name_fr', '=', 'Coopérative ICE corrigée')
        .executeTakeFirst(),
    ).toEqual({
      ice: '003456789000047',
    });
  });

  it('re-importing the same file creates nothing, updates changed values, audits each change, keeps the chain', async () => {
    const first = await importActors(db(), ctx, fixture('utf8-comma.csv'));
    expect(first.report).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    const before = await countActors();
    const auditBefore = await db()
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const changed = fixture('utf8-comma.csv')
      .toString('utf8')
      .replace('Ahmed Bennani', 'Ahmed Bennani El Fassi');
    const second = await importActors(db(), ctx, Buffer.from(changed));
    expect(second.report).toMatchObject({ created: 0, updated: 1, unchanged: 2, rejected: 0 });
    expect(await countActors()).toBe(before);
    const ahmed = await byNia('NIA777');
    expect(ahmed).toMatchObject({ name_fr: 'Ahmed Bennani El Fassi', version: 2 });
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', ahmed?.id ?? '')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['actor.created', 'actor.updated']);
    expect(audit[1]?.before).toMatchObject({ name_fr: 'Ahmed Bennani' });
    expect(audit[1]?.after).toMatchObject({ name_fr: 'Ahmed Bennani El Fassi' });
    const auditAfter = await db()
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(auditAfter.n)).toBe(Number(auditBefore.n) + 1);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });

  it('imports in batches; a row matching two records is refused; a dry run writes nothing', async () => {
    const rows = Array.from({ length: 45 }, (_, i) => `artisan,Artisan ${i},,NIA-B${i},09.273`);
    const csv = Buffer.from(['kind,nameFr,nameAr,nia,provinceCode', ...rows].join('\n'));
    const progress: number[] = [];
    const dry = await importActors(db(), ctx, csv, { dryRun: true, batchSize: 10 });
    expect(dry.report).toMatchObject({ dryRun: true, created: 45 });
    expect(await byNia('NIAB0')).toBeUndefined();
    const { report } = await importActors(db(), ctx, csv, {
      batchSize: 10,
      onProgress: (p) => {
        progress.push(p.rows);
      },
    });
    expect(report.created).toBe(45);
    expect(progress).toEqual([10, 20, 30, 40, 45]);
    const clash = Buffer.from(
      'kind,nameFr,nia,ice,provinceCode\nartisan,Mixte,NIA-B1,001525749000086,09.273\n',
    );
    const refused = await importActors(db(), ctx, clash);
    expect(refused.report.errors[0]?.reason).toMatch(/match different records/);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });

  it('checks the next batch while one is written; a batch that fails there fails whole, later ones are not written', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `artisan,Artisan P${i},,NIA-P${i},09.273`);
    const csv = Buffer.from(['kind,nameFr,nameAr,nia,provinceCode', ...rows].join('\n'));
    const progress: number[] = [];
    // Once the first batch is written, the second is already checked (the pipeline): another user
    // registering one of its identifiers now makes its write fail, as a race with a person would.
    const failed = await importActors(db(), ctx, csv, {
      batchSize: 10,
      onProgress: async (p) => {
        progress.push(p.rows);
        if (p.rows === 10)
          await importActors(
            db(),
            ctx,
            Buffer.from('kind,nameFr,nia,provinceCode\nartisan,Autre,NIA-P12,09.273\n'),
          );
      },
    }).catch((e: unknown) => e);
    expect(failed).toMatchObject({
      code: 'IMPORT_FAILED',
      message: expect.stringMatching(
        /^Rows 12 to 21 could not be saved .*registered one of their identifiers meanwhile.*the 10 rows before them were imported/,
      ),
    });
    expect(progress).toEqual([10]);
    expect(await byNia('NIAP9')).toMatchObject({ name_fr: 'Artisan P9' });
    for (const nia of ['NIAP10', 'NIAP13', 'NIAP20', 'NIAP29']) expect(await byNia(nia)).toBeUndefined();
    expect(await byNia('NIAP12')).toMatchObject({ name_fr: 'Autre' });
    // Run again: the first batch is matched (unchanged), the rest imported, NIA-P12 updates "Autre".
    const again = await importActors(db(), ctx, csv, { batchSize: 10 });
    expect(again.report).toMatchObject({ rows: 30, unchanged: 10, created: 19, updated: 1, rejected: 0 });
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });

  it('a file unreadable further on keeps the whole batches before it, and says so', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `artisan,Artisan Q${i},,NIA-Q${i},09.273`);
    const csv = Buffer.from(
      ['kind,nameFr,nameAr,nia,provinceCode', ...rows, '"artisan,Ouvert,,NIA-Q99,09.273'].join('\n'),
    );
    const failed = await importActors(db(), ctx, csv, { batchSize: 10 }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'IMPORT_FAILED', message: expect.stringMatching(/cannot be read/) });
    const imported = Number(/The (\d+) rows before it were imported/.exec((failed as Error).message)?.[1]);
    expect([10, 20]).toContain(imported);
    // Every batch it names is there, whole; nothing after it.
    for (let i = 0; i < imported; i += 1) expect(await byNia(`NIAQ${i}`)).toBeDefined();
    expect(await byNia(`NIAQ${imported}`)).toBeUndefined();
    expect(await byNia('NIAQ99')).toBeUndefined();
  });

  it('reads XLSX: cached formula values and Excel dates; refuses formulas without a value and merged cells', async () => {
    const { report, rejects } = await importActors(db(), ctx, fixture('formulas-merged.xlsx'));
    expect(report).toMatchObject({ format: 'xlsx', rows: 5, created: 2, rejected: 3 });
    expect(await byNia('NIAX1')).toMatchObject({ members_women: 6, founded_on: '2012-06-30' });
    expect(await byNia('NIAX5')).toMatchObject({ name_fr: 'Association Riche', founded_on: '2001-01-01' });
    expect(report.errors).toEqual([
      {
        row: 3,
        column: 'membersWomen',
        reason: expect.stringMatching(/^formula without a value \(=SUM\(E2:E2\)\)/),
      },
      { row: 4, column: null, reason: 'merged cells D4:D5: unmerge them and write the value in each row' },
      { row: 5, column: null, reason: 'merged cells D4:D5: unmerge them and write the value in each row' },
    ]);
    expect(rejects?.extension).toBe('xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(rejects?.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(1).getCell(9).value).toBe('reason');
    expect(sheet?.getRow(2).getCell(2).value).toBe('Artisan Sans Valeur');
    expect(sheet?.getRow(2).getCell(5).value).toEqual({ formula: 'SUM(E2:E2)' });
    expect(String(sheet?.getRow(3).getCell(9).value)).toMatch(/merged cells/);
  });

  it('through the API: a report, the rejects file to download, the template files; problem+json for bad uploads', async () => {
    const response = await upload(admin, 'bad.csv', fixture('bad-rows.csv'), {}, '?dryRun=true');
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ dryRun: true, rejected: 9, errorsTotal: 12 });
    const rejects = await admin.request('GET', report.rejectsUrl);
    expect(rejects.statusCode).toBe(200);
    expect(rejects.headers['content-type']).toMatch(/^text\/csv/);
    expect(rejects.body).toContain('same identifier as row 2');
    const someoneElse = await signIn(t, 'admin');
    expect((await someoneElse.request('GET', report.rejectsUrl)).statusCode).toBe(404);

    const mapped = await upload(admin, 'other.csv', fixture('other-headers.csv'), {
      mapping: fixture('other-headers.mapping.json').toString('utf8'),
    });
    expect(mapped.json()).toMatchObject({ unchanged: 2, rejected: 0, rejectsUrl: null });
    const badMapping = await upload(admin, 'other.csv', fixture('other-headers.csv'), { mapping: '{nope' });
    expect(badMapping.json()).toMatchObject({ status: 400, errors: [{ pointer: '/body/mapping' }] });

    const notMultipart = await admin.request('POST', '/api/actors/import', { file: 'x' });
    expect(notMultipart.statusCode).toBe(415);
    const xls = await upload(
      admin,
      'old.xls',
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
    );
    expect(xls.statusCode).toBe(415);
    expect(xls.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(xls.json().detail).toMatch(/Excel 97-2003/);
    const noHeader = await upload(admin, 'x.csv', fixture('no-header.csv'));
    expect(noHeader.json()).toMatchObject({
      status: 422,
      code: 'IMPORT_FAILED',
      errors: [{ pointer: '/file' }],
    });

    const csvTemplate = await admin.request('GET', '/api/actors/import/template.csv');
    expect(csvTemplate.body.startsWith('\ufeffkind,nameFr,nameAr,nia,')).toBe(true);
    const docsTemplate = new URL('../../../docs/import/actors-template.csv', import.meta.url);
    expect(csvTemplate.rawPayload.equals(fs.readFileSync(docsTemplate))).toBe(true);
    const xlsxTemplate = await admin.request('GET', '/api/actors/import/template.xlsx');
    expect(xlsxTemplate.headers['content-type']).toMatch(/spreadsheetml/);
    // Both templates import as they are (no rows, no error).
    for (const template of [csvTemplate.rawPayload, xlsxTemplate.rawPayload])
      expect((await importActors(db(), ctx, template)).report).toMatchObject({ rows: 0, rejected: 0 });
    const partner = await signIn(t, 'partner');
    expect((await partner.request('GET', '/api/actors/import/template.csv')).statusCode).toBe(403);
  });

  it('answers 413 problem+json to a 100 MB upload and keeps the registry as it was', async () => {
    const before = await countActors();
    const big = Buffer.alloc(100 * 1024 * 1024, 'a');
    const response = await upload(admin, 'big.csv', big);
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      detail: expect.stringMatching(/larger than 50 MB/),
    });
    expect(await countActors()).toBe(before);
  });

  it('lets a territorial user import rows of its territory only; rows elsewhere are refused with a reason', async () => {
    const souss = await signIn(t, 'territorial', { territoryCode: '09' });
    const csv = Buffer.from(
      [
        'kind,nameFr,nia,provinceCode',
        'artisan,Artisan Souss,NIA-T1,09.541',
        'artisan,Artisan Tanger,NIA-T2,01.511',
        'artisan,Ahmed Bennani mis à jour,NIA-777,04.421',
      ].join('\n'),
    );
    const response = await upload(souss, 'souss.csv', csv);
    expect(response.json()).toMatchObject({ created: 1, rejected: 2 });
    expect(response.json().errors).toEqual([
      { row: 3, column: 'provinceCode', reason: '01.511 is outside your territory (09)' },
      {
        row: 4,
        column: null,
        reason: 'it matches a record outside your territory, which you may not change',
      },
    ]);
    expect(await byNia('NIAT2')).toBeUndefined();
    expect(await byNia('NIA777')).toMatchObject({ name_fr: 'Ahmed Bennani El Fassi' });
  });

  it('imports thousands of rows in full batches on either engine, then re-imports them without a copy', async () => {
    const reference = await loadActorReference(db());
    const generated = [
      ...generateActors(reference, {
        actors: 2500,
        seed: 77,
        duplicatesShare: 0,
        identifierBase: 90_000_000,
      }),
    ];
    const cell = (value: unknown) => (value === null || value === undefined ? '' : String(value));
    const csv = stringify([
      [...ACTOR_FIELDS],
      ...generated.map((row) => ACTOR_FIELDS.map((field) => cell(row.fields[field]))),
    ]);
    const first = await importActors(db(), ctx, Buffer.from(csv));
    expect(first.report).toMatchObject({ created: 2500, rejected: 0 });
    const again = await importActors(db(), ctx, Buffer.from(csv));
    expect(again.report).toMatchObject({ created: 0, rejected: 0 });
  });

  it('never takes a row without identifiers for another record that only shares its name', async () => {
    const csv = [
      'kind,nameFr,provinceCode,commune',
      'cooperative,Coopérative Al Baraka Test,09.273,Inezgane',
      'cooperative,Coopérative Al Baraka Test,09.273,Dcheira',
    ].join('\n');
    const first = await importActors(db(), ctx, Buffer.from(csv));
    expect(first.report).toMatchObject({ created: 2, rejected: 0 });
    const again = await importActors(db(), ctx, Buffer.from(csv));
    expect(again.report).toMatchObject({ created: 0, rejected: 0 });
    const rows = await db()
      .selectFrom('actors')
      .select('commune')
      .where('name_fr', '=', 'Coopérative Al Baraka Test')
      .execute();
    expect(rows.map((r) => r.commune).sort()).toEqual(['Dcheira', 'Inezgane']);
  });
});
