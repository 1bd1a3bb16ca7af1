/**
 * Conventions, indicators and the reporting workflow in Chromium against the real server: an
 * anonymous visitor reads a published demo convention; an administrator creates a convention (a
 * server-side field error shown at its field, then fixed) and attaches a PDF (a non-PDF refused
 * with a clear message); targets with an error at their row; a partner updates its milestone and
 * submits a report with a PDF as evidence (a non-PDF refused); the administrator returns it with a
 * comment, the partner sees the comment and resubmits, the administrator validates it and it
 * becomes read-only; Arabic right-to-left; axe-core on every page in French and in Arabic.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chooseLanguage, hasChromium, login, settle } from './helpers/browser.js';
import { callApi, expectNoAxeViolations, fieldError, visit } from './helpers/page.js';
import { useScenario } from './helpers/scenario.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_PASSWORD } from './helpers/server.js';

const title = hasChromium
  ? 'conventions, indicators and reports in Chromium'
  : `conventions, indicators and reports in Chromium — SKIPPED because ${CHROMIUM_PATH} is not installed`;

const PARTNER_EMAIL = 'partner@nasij.local';

/** A minimal valid PDF (one empty page) with correct cross-reference offsets. */
function minimalPdf(label: string): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${label}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const pdfFile = (name: string) => ({ name, mimeType: 'application/pdf', buffer: minimalPdf(name) });
/** A text file renamed .pdf: the server checks the content, not the name. */
const fakePdf = {
  name: 'pas-un-pdf.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('bonjour, je suis du texte\n'),
};

async function signOut(page: Page): Promise<void> {
  await page.context().clearCookies();
}

interface Setup {
  conventionId: string;
  commitmentId: string;
  indicatorId: string;
  milestoneId: string;
}

/** As an administrator: a convention with the demo partner as a party, its commitment, milestone and indicator. */
async function setUpReporting(page: Page, suffix: string): Promise<Setup> {
  const partners = await (await page.request.get('/api/partners')).json();
  const andf = partners.items.find((p: { acronym: string | null }) => p.acronym === 'ANDF-EX');
  const convention = await callApi(page, 'POST', '/api/conventions', {
    reference: `TEST-RAPPORT-${suffix}`,
    titleFr: `Convention d'essai des rapports ${suffix}`,
    titleAr: `اتفاقية تجريبية للتقارير ${suffix}`,
    status: 'signed',
    signedOn: '2025-06-17',
    axisCodes: ['RAW_MATERIALS'],
    parties: [{ organisationId: andf.id, role: 'party' }],
  });
  const commitment = await callApi(page, 'POST', `/api/conventions/${convention.id}/commitments`, {
    organisationId: andf.id,
    titleFr: `Former des artisanes à la collecte durable ${suffix}`,
    titleAr: `تكوين صانعات في الجمع المستدام ${suffix}`,
    axisCode: 'RAW_MATERIALS',
    budgetCentimes: 125_000_000,
    startsOn: '2025-01-01',
    endsOn: '2026-12-31',
    scope: 'national',
    milestones: [{ titleFr: `Premier atelier ${suffix}`, dueOn: '2025-03-31' }],
  });
  const indicator = await callApi(page, 'POST', '/api/indicators', {
    code: `TEST_FORMES_${suffix}`,
    nameFr: `Artisans formés (essai ${suffix})`,
    nameAr: `الصناع المكوَّنون (تجربة ${suffix})`,
    nameEn: `Artisans trained (test ${suffix})`,
    unit: 'persons',
    aggregation: 'sum',
    disaggregations: ['sex'],
    axisCode: 'RAW_MATERIALS',
  });
  await callApi(page, 'PUT', `/api/commitments/${commitment.id}/indicators`, {
    indicatorIds: [indicator.id],
  });
  return {
    conventionId: convention.id,
    commitmentId: commitment.id,
    indicatorId: indicator.id,
    milestoneId: commitment.milestones[0].id,
  };
}

describe.skipIf(!hasChromium)(title, () => {
  const s = useScenario();

  it('shows a published demo convention to an anonymous visitor, in French and in Arabic right-to-left', async () => {
    await visit(s.page, '/conventions');
    const total = s.page.locator('[data-testid="convention-total"]');
    await expect.poll(() => total.textContent()).toMatch(/^Conventions : \d+$/);
    const listed = await (await s.page.request.get('/api/conventions?q=EX-ASSISES5-01')).json();
    expect(listed.items.length).toBe(1);
    const demo = listed.items[0];
    expect(demo.published).toBe(true);
    // Unpublished conventions never reach an anonymous visitor.
    const all = await (await s.page.request.get('/api/conventions?limit=200')).json();
    expect(all.items.every((c: { published: boolean }) => c.published)).toBe(true);
    await expectNoAxeViolations(s.page, 'fr /conventions (anonymous)');

    await s.page.locator('input[name="q"]').fill('EX-ASSISES5-01');
    await s.page.waitForURL((url) => url.searchParams.get('q') === 'EX-ASSISES5-01');
    const link = s.page.locator('main table a', { hasText: demo.titleFr });
    await link.waitFor();
    await link.click();
    await s.page.waitForURL((url) => url.pathname === `/conventions/${demo.id}`);
    await settle(s.page);
    expect(await s.page.locator('main h1').textContent()).toBe(demo.titleFr);
    expect(await s.page.locator('main').textContent()).toContain('Exemple fictif');
    const documents = s.page.locator('[data-testid="documents"] a');
    expect(await documents.count()).toBeGreaterThan(0);
    const href = (await documents.first().getAttribute('href')) ?? '';
    const download = await s.page.request.get(href);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toContain('application/pdf');
    expect((await download.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const commitments = s.page.locator('[data-testid="commitment"]');
    expect(await commitments.count()).toBeGreaterThan(0);
    expect(await s.page.locator('[data-testid="commitment-budget"]').first().textContent()).toMatch(/MAD/);
    expect(await s.page.locator('[data-testid="milestone"]').count()).toBeGreaterThan(0);
    // An anonymous visitor edits nothing.
    await expect(s.page.getByRole('link', { name: 'Modifier', exact: true }).count()).resolves.toBe(0);
    await expectNoAxeViolations(s.page, 'fr /conventions/:id (anonymous)');

    await chooseLanguage(s.page, 'ar');
    expect(await s.page.evaluate('document.documentElement.dir')).toBe('rtl');
    await expect.poll(() => s.page.locator('main h1').textContent()).toBe(demo.titleAr ?? demo.titleFr);
    expect(await s.page.locator('nav#main-nav a', { hasText: 'الاتفاقيات' }).count()).toBe(1);
    expect(await s.page.locator('main').textContent()).toContain('الالتزامات');
    await expectNoAxeViolations(s.page, 'ar /conventions/:id (anonymous)');
    await visit(s.page, '/conventions');
    await expectNoAxeViolations(s.page, 'ar /conventions (anonymous)');
    await visit(s.page, '/indicators');
    await expectNoAxeViolations(s.page, 'ar /indicators (anonymous)');
    await chooseLanguage(s.page, 'fr');
    // Pages for signed-in roles send an anonymous visitor to the login page.
    await s.page.goto('/reports');
    await s.page.waitForURL((url) => url.pathname === '/login');
  });

  it('creates a convention: the server error at its field, then fixed; a non-PDF refused, a PDF attached', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/conventions/new');
    await expectNoAxeViolations(s.page, 'fr /conventions/new');
    await s.page.locator('input[name="reference"]').fill('TEST-CREATION-01');
    await s.page.locator('input[name="titleFr"]').fill('Convention créée par le test');
    await s.page.locator('input[name="titleAr"]').fill('اتفاقية أنشأها الاختبار');
    await s.page.locator('select[name="status"]').selectOption('signed');
    await s.page.getByRole('button', { name: 'Ajouter une partie' }).click();
    const partyOption = s.page.locator('select[name="parties.0.organisationId"] option', {
      hasText: 'ANDF-EX',
    });
    await s.page
      .locator('select[name="parties.0.organisationId"]')
      .selectOption((await partyOption.getAttribute('value')) ?? '');
    await s.page.getByRole('checkbox', { name: /matières premières/ }).check();

    const rejected = s.page.waitForResponse(
      (r) => r.url().endsWith('/api/conventions') && r.request().method() === 'POST',
    );
    await s.page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    expect((await rejected).status()).toBe(422);
    const signedOn = s.page.locator('input[name="signedOn"]');
    await expect.poll(() => signedOn.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(s.page, 'input[name="signedOn"]')).toBe(
      'Une convention signée doit avoir sa date de signature.',
    );
    expect(await s.page.evaluate('document.activeElement?.getAttribute("name")')).toBe('signedOn');
    await expectNoAxeViolations(s.page, 'fr /conventions/new with a field error');

    await signedOn.fill('2025-06-17');
    await s.page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await s.page.waitForURL((url) => /^\/conventions\/[0-9a-f-]{36}$/.test(url.pathname));
    await settle(s.page);
    expect(await s.page.locator('main h1').textContent()).toBe('Convention créée par le test');
    expect(await s.page.locator('[data-testid="parties"]').textContent()).toContain('ANDF-EX');
    expect(await s.page.locator('[data-testid="published-state"]').textContent()).toBe('Non publiée');

    // A text file named .pdf is refused by its content, with a sentence at the file field.
    const file = s.page.locator('input[type="file"]');
    await file.setInputFiles(fakePdf);
    await s.page.getByRole('button', { name: 'Joindre', exact: true }).click();
    const fileError = s.page.locator('[data-testid="file-error"]');
    await fileError.waitFor();
    expect(await fileError.textContent()).toBe("Ce fichier n'est pas un PDF. Choisissez un document PDF.");
    expect(await file.getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(s.page, 'fr /conventions/:id with a file error');

    await file.setInputFiles(pdfFile('convention-signee.pdf'));
    await s.page.locator('input[name="title"]').fill('Convention signée');
    await s.page.getByRole('button', { name: 'Joindre', exact: true }).click();
    await s.page.locator('[data-testid="documents"] a', { hasText: 'Convention signée' }).waitFor();
    await expect(fileError.count()).resolves.toBe(0);

    // Publishing makes it public.
    await s.page.getByRole('button', { name: 'Publier', exact: true }).click();
    await expect
      .poll(() => s.page.locator('[data-testid="published-state"]').textContent())
      .toBe('Publiée : visible par le public');
  });

  it('saves targets all or nothing, with the error at the row that caused it', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/indicators/new');
    await s.page.locator('input[name="code"]').fill('TEST_CIBLES');
    await s.page.locator('input[name="nameFr"]').fill('Coopératives accompagnées (essai)');
    await s.page.locator('input[name="nameAr"]').fill('التعاونيات المواكبة (تجربة)');
    await s.page.locator('input[name="nameEn"]').fill('Cooperatives supported (test)');
    await s.page.locator('select[name="unit"]').selectOption('actors');
    await s.page.getByRole('checkbox', { name: 'Milieu' }).check();
    await s.page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await s.page.waitForURL((url) => /^\/indicators\/[0-9a-f-]{36}$/.test(url.pathname));
    await settle(s.page);
    // Polled: the form's h1 can still be on screen for a moment after the URL changes.
    await expect
      .poll(() => s.page.locator('main h1').textContent(), { timeout: 20_000 })
      .toBe('Coopératives accompagnées (essai)');
    await s.page.getByRole('link', { name: 'Modifier les cibles' }).click();
    await settle(s.page);

    await s.page.locator('input[name="targets.0.period"]').fill('2025');
    await s.page.locator('input[name="targets.0.value"]').fill('120');
    await s.page.getByRole('button', { name: 'Ajouter une ligne' }).click();
    await s.page.locator('select[name="targets.1.territoryCode"]').selectOption('09');
    await s.page.locator('input[name="targets.1.period"]').fill('2025Q5');
    await s.page.locator('input[name="targets.1.value"]').fill('30');
    await s.page.getByRole('button', { name: 'Enregistrer les cibles' }).click();
    const period = s.page.locator('input[name="targets.1.period"]');
    await expect.poll(() => period.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(s.page, 'input[name="targets.1.period"]')).toContain('Période invalide');
    expect(await s.page.locator('input[name="targets.0.period"]').getAttribute('aria-invalid')).not.toBe(
      'true',
    );
    await expectNoAxeViolations(s.page, 'fr /indicators/:id/targets with a row error');
    // Nothing was written.
    const id = new URL(s.page.url()).pathname.split('/')[2];
    expect((await (await s.page.request.get(`/api/indicators/${id}/targets`)).json()).items).toEqual([]);

    await period.fill('2025Q3');
    await s.page.getByRole('button', { name: 'Enregistrer les cibles' }).click();
    await s.page.getByText('Cibles enregistrées').waitFor();
    const saved = (await (await s.page.request.get(`/api/indicators/${id}/targets`)).json()).items;
    expect(saved.map((t: { period: string }) => t.period).sort()).toEqual(['2025', '2025Q3']);
  });

  it('runs a report from submission to validation: PDF evidence, return with a comment, resubmission, lock', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/conventions');
    const setup = await setUpReporting(s.page, 'A');
    await signOut(s.page);

    // The partner updates its own milestone…
    await login(s.page, s.url, PARTNER_EMAIL, DEMO_PASSWORD, `/commitments/${setup.commitmentId}`);
    await expect(s.page.getByRole('link', { name: 'Modifier', exact: true }).count()).resolves.toBe(0);
    const milestone = s.page.locator('[data-testid="milestone"]').first();
    await milestone.locator('select[name="status"]').selectOption('done');
    await milestone.getByRole('button', { name: /^Enregistrer le jalon/ }).click();
    await milestone.getByText('Jalon enregistré.').waitFor();
    const commitment = await (await s.page.request.get(`/api/commitments/${setup.commitmentId}`)).json();
    expect(commitment.milestones[0].status).toBe('done');
    await expectNoAxeViolations(s.page, 'fr /commitments/:id (partner)');

    // …and reports: one value per cell of the grid, a PDF as evidence.
    await s.page.getByRole('link', { name: 'Déclarer des valeurs' }).click();
    await settle(s.page);
    expect(await s.page.locator('main h1').textContent()).toBe('Déclarer des valeurs');
    const commitmentSelect = s.page.locator('select[name="commitmentId"]');
    await expect.poll(() => commitmentSelect.inputValue()).toBe(setup.commitmentId);
    await expect
      .poll(() => s.page.locator('select[name="indicatorId"]').inputValue())
      .toBe(setup.indicatorId);
    await s.page.locator('select[name="period"]').selectOption('2025Q2');
    const grid = s.page.locator('[data-testid="value-grid"]');
    await expect(grid.locator('input').count()).resolves.toBe(2);
    await grid.getByLabel('Valeur — Femmes').fill('18');
    await grid.getByLabel('Valeur — Hommes').fill('7');
    await expectNoAxeViolations(s.page, 'fr /reports/new (partner)');

    const evidence = s.page.locator('input[name="evidence"]');
    await evidence.setInputFiles(fakePdf);
    await s.page.getByRole('button', { name: 'Soumettre', exact: true }).click();
    const fileError = s.page.locator('[data-testid="file-error"]');
    await fileError.waitFor();
    expect(await fileError.textContent()).toBe("Ce fichier n'est pas un PDF. Choisissez un document PDF.");
    await expectNoAxeViolations(s.page, 'fr /reports/new with a file error');

    await evidence.setInputFiles(pdfFile('liste-emargement.pdf'));
    await s.page.getByRole('button', { name: 'Soumettre', exact: true }).click();
    await s.page.waitForURL((url) => /^\/reports\/[0-9a-f-]{36}$/.test(url.pathname));
    await settle(s.page);
    const reportId = new URL(s.page.url()).pathname.split('/')[2] ?? '';
    const status = s.page.locator('[data-testid="report-status"]');
    expect(await status.textContent()).toBe('Soumis');
    expect(await s.page.locator('[data-testid="evidence-link"]').textContent()).toBe('liste-emargement.pdf');
    await visit(s.page, '/reports');
    await s.page.locator('main table a', { hasText: 'Artisans formés (essai A)' }).waitFor();
    await expectNoAxeViolations(s.page, 'fr /reports (partner)');
    await signOut(s.page);

    // The administrator returns it with a comment.
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/reports/review');
    await s.page.locator('main table a', { hasText: 'Artisans formés (essai A)' }).click();
    await s.page.waitForURL((url) => url.pathname === `/reports/${reportId}`);
    await settle(s.page);
    await expectNoAxeViolations(s.page, 'fr /reports/:id (admin, to review)');
    await s.page.getByRole('button', { name: 'Renvoyer pour correction' }).click();
    const dialog = s.page.getByRole('dialog');
    await dialog
      .locator('textarea[name="comment"]')
      .fill('Le total des hommes ne correspond pas à la liste.');
    await expectNoAxeViolations(s.page, 'fr /reports/:id return dialog');
    await dialog.getByRole('button', { name: 'Renvoyer', exact: true }).click();
    await expect.poll(() => status.textContent()).toBe('Renvoyé');
    await signOut(s.page);

    // The partner sees the comment, corrects and resubmits.
    await login(s.page, s.url, PARTNER_EMAIL, DEMO_PASSWORD, `/reports/${reportId}`);
    expect(await s.page.locator('[data-testid="review-comment"]').textContent()).toContain(
      'Le total des hommes ne correspond pas à la liste.',
    );
    await expectNoAxeViolations(s.page, 'fr /reports/:id returned (partner)');
    await chooseLanguage(s.page, 'ar');
    expect(await s.page.evaluate('document.documentElement.dir')).toBe('rtl');
    expect(await status.textContent()).toBe('مُرجَع');
    await expectNoAxeViolations(s.page, 'ar /reports/:id returned (partner)');
    await chooseLanguage(s.page, 'fr');
    await s.page.locator('[data-testid="value-grid"]').getByLabel('Valeur — Hommes').fill('9');
    await s.page.getByRole('button', { name: 'Soumettre à nouveau' }).click();
    await expect.poll(() => status.textContent()).toBe('Soumis');
    await signOut(s.page);

    // The administrator validates (after confirming) and the report is locked.
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, `/reports/${reportId}`);
    const men = s.page.locator('[data-testid="value-grid"]').getByLabel('Valeur — Hommes');
    expect(await men.inputValue()).toBe('9');
    await s.page.getByRole('button', { name: 'Valider', exact: true }).click();
    await s.page.getByRole('dialog').getByRole('button', { name: 'Valider', exact: true }).click();
    await expect.poll(() => status.textContent()).toBe('Validé');
    await s.page.locator('[data-testid="locked"]').waitFor();
    await expect(s.page.locator('[data-testid="value-grid"] input').count()).resolves.toBe(0);
    await expect(s.page.getByRole('button', { name: 'Valider', exact: true }).count()).resolves.toBe(0);
    await expectNoAxeViolations(s.page, 'fr /reports/:id validated');
    await signOut(s.page);

    await login(s.page, s.url, PARTNER_EMAIL, DEMO_PASSWORD, `/reports/${reportId}`);
    await s.page.locator('[data-testid="locked"]').waitFor();
    await expect(s.page.locator('[data-testid="value-grid"] input').count()).resolves.toBe(0);
    await expect(s.page.getByRole('button', { name: /Soumettre/ }).count()).resolves.toBe(0);
    expect(await s.page.locator('[data-testid="value-grid"]').textContent()).toContain('9');
  });

  it('has no axe violations on the convention, indicator and report pages in French and in Arabic', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/conventions');
    const setup = await setUpReporting(s.page, 'B');
    // A report entered by the administrator on the partner's behalf, to have its page checked too.
    const session = await (await s.page.request.get('/api/auth/session')).json();
    const submitted = await s.page.request.post('/api/indicator-reports', {
      headers: { 'x-csrf-token': session.csrfToken },
      multipart: {
        report: JSON.stringify({
          indicatorId: setup.indicatorId,
          commitmentId: setup.commitmentId,
          territoryCode: '09',
          period: '2025',
          values: [
            { sex: 'female', value: 40 },
            { sex: 'male', value: 12 },
          ],
        }),
        evidence: pdfFile('rapport-annuel.pdf'),
      },
    });
    expect(submitted.status()).toBe(201);
    const report = await submitted.json();
    const pages = [
      '/conventions',
      `/conventions/${setup.conventionId}`,
      '/conventions/new',
      `/conventions/${setup.conventionId}/edit`,
      `/conventions/${setup.conventionId}/commitments/new`,
      `/commitments/${setup.commitmentId}`,
      `/commitments/${setup.commitmentId}/edit`,
      '/indicators',
      `/indicators/${setup.indicatorId}`,
      '/indicators/new',
      `/indicators/${setup.indicatorId}/edit`,
      `/indicators/${setup.indicatorId}/targets`,
      '/reports',
      '/reports/review',
      `/reports/${report.id}`,
      `/reports/new?commitment=${setup.commitmentId}`,
    ];
    for (const lang of ['fr', 'ar'] as const) {
      await chooseLanguage(s.page, lang);
      for (const path of pages) {
        await visit(s.page, path);
        expect(await s.page.evaluate('document.documentElement.dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        await expectNoAxeViolations(s.page, `${lang} ${path}`);
      }
      // The territories picker of a scoped commitment, unfolded.
      await visit(s.page, `/commitments/${setup.commitmentId}/edit`);
      await s.page.locator('select[name="scope"]').selectOption('territories');
      await s.page.locator('fieldset details summary').first().click();
      await expectNoAxeViolations(s.page, `${lang} /commitments/:id/edit with territories`);
      // The return dialog of the review.
      await visit(s.page, `/reports/${report.id}`);
      await s.page.locator('#report-review').waitFor();
      await s.page
        .locator('#report-review ~ * button, section[aria-labelledby="report-review"] button')
        .last()
        .click();
      await s.page.getByRole('dialog').waitFor();
      await expectNoAxeViolations(s.page, `${lang} /reports/:id return dialog`);
      await s.page.keyboard.press('Escape');
      await s.page.getByRole('dialog').waitFor({ state: 'detached' });
    }
    await chooseLanguage(s.page, 'fr');
    await signOut(s.page);

    // A territorial user of Souss-Massa reads the reports of its territory, and reports nothing.
    await login(s.page, s.url, 'region@nasij.local', DEMO_PASSWORD, '/reports');
    expect(await s.page.locator('main h1').textContent()).toBe("Rapports d'indicateurs");
    await s.page.locator('main table a', { hasText: 'Artisans formés (essai B)' }).waitFor();
    await expect(s.page.getByRole('link', { name: 'Nouveau rapport' }).count()).resolves.toBe(0);
    await visit(s.page, `/reports/${report.id}`);
    await expect(s.page.locator('[data-testid="value-grid"] input').count()).resolves.toBe(0);
    await expect(s.page.getByRole('button', { name: 'Valider', exact: true }).count()).resolves.toBe(0);
    await s.page.goto('/reports/new');
    await s.page.locator('[data-page="not-allowed"]').waitFor();
  });
});
