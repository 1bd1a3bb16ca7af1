import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedInClient, signIn, type TestApp } from '../../../test/helpers/app.js';
import { TEST_ENGINE } from '../../../test/helpers/db.js';
import { rtlPieces } from './letters.pdf.js';
import { letterReference } from './letters.service.js';

/** The text of every page, read back from the PDF (pdf.js). */
async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes) }).promise;
  const out: string[] = [];
  for (let n = 1; n <= pdf.numPages; n += 1) {
    const content = await (await pdf.getPage(n)).getTextContent();
    for (const item of content.items) if ('str' in item) out.push(item.str);
  }
  await pdf.destroy();
  return out.join(' ');
}

describe(`decision letters (${TEST_ENGINE})`, () => {
  let t: TestApp;
  let admin: SignedInClient;
  let partner: SignedInClient;
  let otherPartner: SignedInClient;
  let actor: SignedInClient;
  let otherActor: SignedInClient;
  let territorial: SignedInClient;
  let ineligibleActor: SignedInClient;
  let selectedId: string;
  let ineligibleId: string;
  let submittedId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t, 'admin');
    partner = await signIn(t, 'partner');
    otherPartner = await signIn(t, 'partner');
    actor = await signIn(t, 'actor');
    otherActor = await signIn(t, 'actor');
    territorial = await signIn(t, 'territorial', { territoryCode: '01' });
    ineligibleActor = await signIn(t, 'actor');
    const db = t.database.handle.db;
    const programme = await db
      .insertInto('programmes')
      .values({
        reference: 'PRG-LTR',
        organisation_id: partner.organisationId as string,
        kind: 'financing',
        title_fr: 'Subventions aux coopératives',
        title_ar: 'منح للتعاونيات',
        budget_centimes: 100_000_000,
        status: 'active',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const call = await db
      .insertInto('calls')
      .values({
        programme_id: programme.id,
        reference: 'AAP-LTR-2025',
        title_fr: 'Appel 2025',
        title_ar: 'دعوة 2025',
        opens_at: new Date('2025-01-01T00:00:00Z'),
        closes_at: new Date('2025-02-01T00:00:00Z'),
        status: 'decided',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const newActor = async (name: string, organisationId: string | null) =>
      (
        await db
          .insertInto('actors')
          .values({
            kind: 'cooperative',
            name_fr: name,
            name_ar: 'تعاونية الأمل',
            search_key: name.toLowerCase(),
            province_code: '01.511',
            region_code: '01',
            organisation_id: organisationId,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const apply = async (
      actorId: string,
      status: 'selected' | 'ineligible' | 'submitted',
      extra: Record<string, unknown> = {},
    ) =>
      (
        await db
          .insertInto('applications')
          .values({
            call_id: call.id,
            actor_id: actorId,
            submitted_by_label: 'test',
            status,
            submitted_at: new Date('2025-01-10T10:00:00Z'),
            decided_at: status === 'submitted' ? null : new Date('2025-03-05T10:00:00Z'),
            ...extra,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const first = await newActor('Coopérative Al Amal', actor.organisationId);
    selectedId = await apply(first, 'selected', { total_score: 81.5, rank: 2 });
    await db
      .insertInto('benefits')
      .values({
        programme_id: programme.id,
        call_id: call.id,
        application_id: selectedId,
        actor_id: first,
        amount_centimes: 2_500_000,
        granted_by_label: 'test',
      })
      .execute();
    const message = (fr: string, ar: string) => ({ fr, ar, en: fr });
    ineligibleId = await apply(
      await newActor('Coopérative Tafilalt', ineligibleActor.organisationId),
      'ineligible',
      {
        eligible: false,
        eligibility: JSON.stringify({
          eligible: false,
          asOf: '2025-01-10T10:00:00Z',
          base: { pointer: '#base', kind: 'base', pass: true, message: message('Acteur actif', 'فاعل نشيط') },
          scope: null,
          rules: {
            pointer: '',
            kind: 'all',
            pass: false,
            message: message('Toutes les conditions', 'جميع الشروط'),
            children: [
              {
                pointer: '/all/0',
                kind: 'condition',
                pass: false,
                message: message(
                  'Part des femmes membres : 20 % (au moins 40 % requis)',
                  'نسبة النساء الأعضاء: 20 %',
                ),
              },
              {
                pointer: '/all/1',
                kind: 'condition',
                pass: true,
                message: message('Membres : 12', 'الأعضاء: 12'),
              },
            ],
          },
        }),
      },
    );
    submittedId = await apply(await newActor('Coopérative Atlas', null), 'submitted');
  });
  afterAll(() => t.close());

  const letter = (client: SignedInClient, id: string, lang = 'fr') =>
    client.request('GET', `/api/applications/${id}/decision-letter?lang=${lang}`);

  it('gives the applicant its letter as a PDF in French, with the reference, decision and benefit', async () => {
    const response = await letter(actor, selectedId);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const reference = letterReference('AAP-LTR-2025', selectedId);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${reference}-fr.pdf"`);
    const bytes = response.rawPayload;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain('/FontFile2');
    const text = await pdfText(bytes);
    for (const expected of [
      reference,
      'Lettre de décision',
      'Coopérative Al Amal',
      'PRG-LTR',
      'AAP-LTR-2025',
      'retenue',
      '81.5/100, rang 2',
      '25 000,00 MAD',
      '05/03/2025',
    ])
      expect(text).toContain(expected);
  });

  it('writes the Arabic letter right to left with the Arabic names, the reference kept left to right', async () => {
    const response = await letter(actor, selectedId, 'ar');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(response.rawPayload);
    expect(text).toContain(letterReference('AAP-LTR-2025', selectedId));
    for (const word of ['رسالة', 'القرار', 'منح', 'للتعاونيات', '25,000.00', 'درهم'])
      expect(text).toContain(word);
    expect(text).not.toContain('Lettre de décision');
    // Words are placed one by one from the right margin: the first word of the title is further right.
    expect(rtlPieces('رسالة القرار').map((p) => p.text)).toEqual(['رسالة', ' ', 'القرار']);
    expect(rtlPieces('المرجع: NSJ-A-1 (ب)').map((p) => p.text)).toEqual([
      'المرجع:',
      ' ',
      'NSJ-A-1',
      ' ',
      ')ب(',
    ]);
  });

  it('names the failed rules of an ineligible application and mentions the appeal', async () => {
    const text = await pdfText((await letter(ineligibleActor, ineligibleId)).rawPayload);
    expect((await letter(actor, ineligibleId)).statusCode).toBe(404);
    expect(text).toContain('Part des femmes membres : 20 % (au moins 40 % requis)');
    expect(text).not.toContain('Membres : 12');
    expect(text).toContain('recours');
  });

  it('is read by the programme manager and an administrator, and by nobody else (404)', async () => {
    expect((await letter(partner, selectedId)).statusCode).toBe(200);
    expect((await letter(admin, selectedId, 'ar')).statusCode).toBe(200);
    for (const client of [otherActor, otherPartner, territorial]) {
      const refused = await letter(client, selectedId);
      expect(refused.statusCode).toBe(404);
      expect(refused.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
    const anonymous = await t.app.inject({
      method: 'GET',
      url: `/api/applications/${selectedId}/decision-letter`,
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await letter(actor, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('refuses an undecided application (409 NOT_DECIDED) and an unknown language (400)', async () => {
    const undecided = await letter(partner, submittedId);
    expect(undecided.statusCode).toBe(409);
    expect(undecided.json()).toMatchObject({ code: 'NOT_DECIDED' });
    const english = await letter(actor, selectedId, 'en');
    expect(english.statusCode).toBe(400);
  });
});
