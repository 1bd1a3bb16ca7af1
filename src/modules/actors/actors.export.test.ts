import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';
import { runCli } from '../../../test/helpers/cli.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../../../test/helpers/db.js';
import { systemContext } from '../../shared/principal.js';
import { importActors } from './actors.import.js';

const fixtures = new URL('../../../test/fixtures/import/', import.meta.url);

/** Reads a CSV export: BOM checked and removed, records as objects by header. */
function readCsv(body: string): Array<Record<string, string>> {
  expect(body.startsWith('\ufeff')).toBe(true);
  return parse(body.slice(1), { columns: true }) as Array<Record<string, string>>;
}

describe('export of actors to CSV and XLSX', () => {
  let t: TestApp;
  let admin: SignedInClient;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t, 'admin');
    const rows = [
      [
        'cooperative',
        '=HYPERLINK("http://evil.example","clic")',
        'تعاونية الأمل',
        '09.541',
        '+212 528 000 000',
        '30.47',
        '-8.87',
      ],
      ['association', '@SUM(A1)', '', '09.163', '', '', ''],
      ['artisan', '-Artisan tiret', 'حرفي', '01.511', '', '35.77', '-5.8'],
      ['cooperative', 'Coopérative Tanger', '', '01.511', '', '', ''],
    ];
    const csv = [
      'kind,nameFr,nameAr,provinceCode,phone,latitude,longitude',
      ...rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')),
    ].join('\n');
    const { report } = await importActors(t.database.handle.db, systemContext('test'), Buffer.from(csv));
    expect(report.created).toBe(4);
  });
  afterAll(() => t.close());

  it('streams CSV with a BOM, every field, Arabic intact, and formula-like cells neutralised', async () => {
    const response = await admin.request('GET', '/api/actors/export.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe('attachment; filename="actors.csv"');
    const records = readCsv(response.body);
    expect(records).toHaveLength(4);
    const byName = (start: string) => records.find((r) => r.nameFr?.includes(start));
    expect(byName('HYPERLINK')).toMatchObject({
      nameFr: `'=HYPERLINK("http://evil.example","clic")`,
      nameAr: 'تعاونية الأمل',
      phone: "'+212 528 000 000",
      latitude: '30.47',
      longitude: '-8.87',
      regionCode: '09',
      status: 'active',
    });
    expect(byName('SUM')?.nameFr).toBe("'@SUM(A1)");
    expect(byName('Artisan tiret')?.nameFr).toBe("'-Artisan tiret");
    for (const record of records)
      for (const value of Object.values(record)) expect(value).not.toMatch(/^[=+@\t\r]/);
  });

  it('takes the list filters, and a territorial user exports its territory only', async () => {
    const coops = readCsv((await admin.request('GET', '/api/actors/export.csv?kind=cooperative')).body);
    expect(coops.map((r) => r.kind)).toEqual(['cooperative', 'cooperative']);
    const tanger = readCsv((await admin.request('GET', '/api/actors/export.csv?province=01.511')).body);
    expect(tanger).toHaveLength(2);
    const souss = await signIn(t, 'territorial', { territoryCode: '09' });
    const mine = readCsv((await souss.request('GET', '/api/actors/export.csv')).body);
    expect(mine.map((r) => r.regionCode)).toEqual(['09', '09']);
    const outside = readCsv((await souss.request('GET', '/api/actors/export.csv?province=01.511')).body);
    expect(outside).toEqual([]);
    const bad = await admin.request('GET', '/api/actors/export.csv?kind=camel');
    expect(bad.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/actors/export.csv' })).statusCode).toBe(401);
  });

  it('streams XLSX: numbers as numbers, text neutralised, Arabic intact', async () => {
    const response = await admin.request('GET', '/api/actors/export.xlsx?region=09');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no worksheet');
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => headers.indexOf(name) + 1;
    expect(sheet?.rowCount).toBe(3);
    const rows = [2, 3].map((r) => sheet?.getRow(r));
    const coop = rows.find((row) => String(row?.getCell(col('kind')).value) === 'cooperative');
    expect(coop?.getCell(col('nameFr')).value).toBe(`'=HYPERLINK("http://evil.example","clic")`);
    expect(coop?.getCell(col('nameAr')).value).toBe('تعاونية الأمل');
    expect(coop?.getCell(col('longitude')).value).toBe(-8.87);
    expect(coop?.getCell(col('womenLed')).value).toBe(false);
  });

  it('imports its own export back unchanged (round trip)', async () => {
    const csv = (await admin.request('GET', '/api/actors/export.csv')).rawPayload;
    const { report } = await importActors(t.database.handle.db, systemContext('test'), csv);
    expect(report).toMatchObject({ rows: 4, created: 0, updated: 0, unchanged: 4, rejected: 0 });
    const xlsx = (await admin.request('GET', '/api/actors/export.xlsx')).rawPayload;
    const again = await importActors(t.database.handle.db, systemContext('test'), xlsx);
    expect(again.report).toMatchObject({ format: 'xlsx', unchanged: 4, rejected: 0 });
  });
});

describe(`nasij import actors / export actors on ${TEST_ENGINE}`, () => {
  let dir: string;
  let database: TestDatabase | null = null;
  let env: Record<string, string | undefined>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nasij-import-cli-'));
    if (TEST_ENGINE === 'postgres') database = await createTestDatabase({ migrated: false });
    env = { NASIJ_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: database?.url ?? undefined };
    await database?.handle.close();
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (database) await database.destroy().catch(() => {});
  });

  it('imports with progress on stderr, writes rejects next to the file, is idempotent, and exports', async () => {
    const input = path.join(dir, 'bad-rows.csv');
    fs.copyFileSync(new URL('bad-rows.csv', fixtures), input);
    const dry = await runCli(['import', 'actors', input, '--dry-run'], env);
    expect(dry.stdout).toMatch(/^dry run \(nothing saved\): 11 rows read: 2 created/m);
    const first = await runCli(['import', 'actors', input], env, 120_000);
    expect(first.code).toBe(3);
    expect(first.stdout).toContain(
      '11 rows read: 2 created, 0 updated, 0 unchanged, 9 rejected [csv, utf-8, delimiter ","]',
    );
    expect(first.stdout).toContain('row 10, column "nia": same identifier as row 2');
    const rejects = path.join(dir, 'bad-rows.rejects.csv');
    expect(fs.readFileSync(rejects, 'utf8')).toContain('same identifier as row 2');
    const again = await runCli(
      ['import', 'actors', input, '--rejects', path.join(dir, 'r.csv'), '--json'],
      env,
    );
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, unchanged: 2, rejected: 9 });

    const mapped = await runCli(
      [
        'import',
        'actors',
        new URL('other-headers.csv', fixtures).pathname,
        '--mapping',
        new URL('other-headers.mapping.json', fixtures).pathname,
      ],
      env,
    );
    expect(mapped.code).toBe(0);
    expect(mapped.stdout).toMatch(/2 created/);

    const big = path.join(dir, 'big.csv');
    const lines = Array.from({ length: 10_500 }, (_, i) => `artisan,Artisan ${i},NIA-C${i},09.541`);
    fs.writeFileSync(big, ['kind,nameFr,nia,provinceCode', ...lines].join('\n'));
    const bulk = await runCli(['import', 'actors', big], env, 120_000);
    expect(bulk.code).toBe(0);
    expect(bulk.stderr).toMatch(/import: 10,000 rows read: 10,000 created.*rows\/s/);

    const out = path.join(dir, 'coops.xlsx');
    const exported = await runCli(
      ['export', 'actors', '--format', 'xlsx', '--out', out, '--kind', 'cooperative'],
      env,
    );
    expect(exported.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets[0]?.rowCount).toBe(2);
    const csvOut = path.join(dir, 'all.csv');
    await runCli(['export', 'actors', '--out', csvOut, '--province', '09.541'], env);
    expect(readCsv(fs.readFileSync(csvOut, 'utf8'))).toHaveLength(10_500);

    const missing = await runCli(['import', 'actors', path.join(dir, 'nope.csv')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no file at/);
    const badFlag = await runCli(['export', 'actors', '--out', csvOut, '--women-led', 'maybe'], env);
    expect(badFlag.code).toBe(2);
    const audit = await runCli(['audit', 'verify'], env);
    expect(audit.stdout).toMatch(/audit trail intact/);
  }, 300_000);
});
