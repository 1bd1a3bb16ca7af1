/**
 * Programmes, calls and applications in Chromium against the real server: an administrator sets up
 * a programme and an open call through the API; the call page reads its rules as sentences and
 * its budget in MAD; the manager previews eligibility and sees a bad rule's error at its row; the
 * demo cooperative applies and reads its eligibility explanation, rule by rule; Arabic
 * right-to-left; axe-core on every new page in French and in Arabic.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chooseLanguage, hasChromium, login, settle } from './helpers/browser.js';
import { callApi, expectNoAxeViolations, fieldError, visit } from './helpers/page.js';
import { useScenario } from './helpers/scenario.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_PASSWORD } from './helpers/server.js';

const title = hasChromium
  ? 'programmes, calls and applications in Chromium'
  : `programmes, calls and applications in Chromium — SKIPPED because ${CHROMIUM_PATH} is not installed`;

const COOP_EMAIL = 'coop@nasij.local';

interface Setup {
  programmeId: string;
  callId: string;
}

/** As an administrator: an active programme of the demo partner and a call open now. */
async function setUpCall(page: Page): Promise<Setup> {
  const partners = await (await page.request.get('/api/partners')).json();
  const andf = partners.items.find((p: { acronym: string | null }) => p.acronym === 'ANDF-EX');
  const programme = await callApi(page, 'POST', '/api/programmes', {
    reference: 'PRG-ESSAI-WEB',
    organisationId: andf.id,
    kind: 'financing',
    titleFr: "Fonds d'appui aux coopératives (essai)",
    titleAr: 'صندوق دعم التعاونيات (تجربة)',
    titleEn: 'Cooperative support fund (test)',
    budgetCentimes: 200_000_000,
    status: 'active',
  });
  const now = Date.now();
  const call = await callApi(page, 'POST', `/api/programmes/${programme.id}/calls`, {
    reference: 'AAC-ESSAI-WEB-1',
    titleFr: 'Appel 2026 aux coopératives (essai)',
    titleAr: 'طلب ترشيح 2026 للتعاونيات (تجربة)',
    titleEn: '2026 call to cooperatives (test)',
    opensAt: new Date(now - 86_400_000).toISOString(),
    closesAt: new Date(now + 30 * 86_400_000).toISOString(),
    status: 'published',
    budgetCentimes: 50_000_000,
    capacity: 10,
    eligibilityRules: {
      all: [
        { field: 'kind', op: 'in', value: ['cooperative', 'association'] },
        { field: 'members_count', op: '>=', value: 100_000 },
      ],
    },
    formFields: [
      {
        code: 'project',
        type: 'text',
        labelFr: 'Votre projet',
        labelAr: 'مشروعكم',
        labelEn: 'Your project',
        required: true,
      },
    ],
    scoringGrid: [
      { code: 'quality', labelFr: 'Qualité du projet', labelAr: 'جودة المشروع', weight: 2, max: 20 },
    ],
    reservedShares: [
      {
        code: 'women_led',
        labelFr: 'Structures dirigées par une femme',
        labelAr: 'هيئات تسيرها امرأة',
        minShare: 0.4,
        rule: { field: 'women_led', op: '=', value: true },
      },
    ],
  });
  return { programmeId: programme.id, callId: call.id };
}

describe.skipIf(!hasChromium)(title, () => {
  const s = useScenario();
  let setup: Setup | undefined;

  it('a manager reads the call, previews eligibility and sees a bad rule refused at its row', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/programmes');
    setup = await setUpCall(s.page);
    await visit(s.page, '/programmes');
    await s.page.locator('main table a', { hasText: "Fonds d'appui aux coopératives (essai)" }).click();
    await s.page.waitForURL((url) => url.pathname === `/programmes/${setup?.programmeId}`);
    await settle(s.page);
    expect(await s.page.locator('[data-testid="programme-budget"]').textContent()).toMatch(
      /2\D?000\D?000.*MAD/,
    );
    await expectNoAxeViolations(s.page, 'fr /programmes/:id');
    await s.page.locator('main table a', { hasText: 'Appel 2026 aux coopératives (essai)' }).click();
    await s.page.waitForURL((url) => url.pathname === `/calls/${setup?.callId}`);
    await settle(s.page);
    expect(await s.page.locator('[data-testid="call-budget"]').textContent()).toMatch(/500\D?000.*MAD/);
    const rules = (await s.page.locator('[data-testid="rules"]').textContent()) ?? '';
    expect(rules).toContain("Type d'acteur : l'un de Coopérative, Association");
    expect(rules).toContain('Nombre de membres : au moins 100000');
    expect(await s.page.locator('[data-testid="reserved-shares"]').textContent()).toContain(
      'Structures dirigées par une femme : au moins 40 % des places',
    );

    // The saved rules admit nobody of the demo registry; without the member count, some.
    await s.page.getByRole('button', { name: "Calculer l'aperçu" }).click();
    const count = s.page.locator('[data-testid="preview-count"]');
    await expect.poll(() => count.textContent()).toBe('Acteurs éligibles : 0');
    await s.page.locator('[data-testid="rule-row-1"]').getByRole('button', { name: 'Retirer' }).click();
    await s.page.getByRole('button', { name: "Calculer l'aperçu" }).click();
    await expect
      .poll(async () => Number(((await count.textContent()) ?? '').replace(/\D/g, '')))
      .toBeGreaterThan(0);
    await expectNoAxeViolations(s.page, 'fr /calls/:id (manager, preview)');

    // A percentage written as a word is refused by the server, shown at the second row's value.
    await s.page.getByRole('button', { name: 'Ajouter une condition' }).click();
    await s.page.locator('select[name="rules.1.field"]').selectOption('women_share');
    await s.page.locator('select[name="rules.1.op"]').selectOption('>=');
    await s.page.locator('input[name="rules.1.value"]').fill('quarante');
    const refused = s.page.waitForResponse((r) => r.url().endsWith('/eligibility-preview'));
    await s.page.getByRole('button', { name: "Calculer l'aperçu" }).click();
    expect((await refused).status()).toBe(422);
    const value = s.page.locator('input[name="rules.1.value"]');
    await expect.poll(() => value.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(s.page, 'input[name="rules.1.value"]')).toBeTruthy();
    expect(await s.page.locator('input[name="rules.0.value"]').getAttribute('aria-invalid')).not.toBe('true');
    await expectNoAxeViolations(s.page, 'fr /calls/:id with a rule error');

    await chooseLanguage(s.page, 'ar');
    expect(await s.page.evaluate('document.documentElement.dir')).toBe('rtl');
    await expect
      .poll(() => s.page.locator('main h1').textContent())
      .toBe('طلب ترشيح 2026 للتعاونيات (تجربة)');
    expect(await s.page.locator('[data-testid="rules"]').textContent()).toContain('نوع الفاعل');
    await expectNoAxeViolations(s.page, 'ar /calls/:id (manager)');
    await visit(s.page, '/programmes');
    await expectNoAxeViolations(s.page, 'ar /programmes');
    await visit(s.page, `/programmes/${setup.programmeId}`);
    await expectNoAxeViolations(s.page, 'ar /programmes/:id');
    await chooseLanguage(s.page, 'fr');
    await visit(s.page, '/programmes');
    await expectNoAxeViolations(s.page, 'fr /programmes');
  });

  it('the demo cooperative applies and reads its eligibility explanation, in French and in Arabic', async () => {
    if (!setup) throw new Error('the first test sets the call up');
    await login(s.page, s.url, COOP_EMAIL, DEMO_PASSWORD, `/calls/${setup.callId}`);
    // An applicant sees no preview tool.
    expect(await s.page.locator('[data-testid="preview"]').count()).toBe(0);
    await expectNoAxeViolations(s.page, 'fr /calls/:id (actor)');

    // The required answer left empty: the server's error at the field.
    const rejected = s.page.waitForResponse(
      (r) => r.url().endsWith('/applications') && r.request().method() === 'POST',
    );
    await s.page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    expect((await rejected).status()).toBe(422);
    const project = s.page.locator('input[name="project"]');
    await expect.poll(() => project.getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(s.page, 'fr /calls/:id with a field error');

    await project.fill('Un métier à tisser pour la coopérative');
    await s.page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    await s.page.waitForURL((url) => /^\/applications\/[0-9a-f-]{36}$/.test(url.pathname));
    await settle(s.page);
    expect(await s.page.locator('[data-testid="application-status"]').textContent()).toBe('Non éligible');
    expect(await s.page.locator('[data-testid="eligibility-verdict"]').textContent()).toContain(
      'Non éligible',
    );
    const failed = s.page.locator('[data-testid="explanations"] [data-pass="false"]');
    expect(await failed.count()).toBeGreaterThan(0);
    expect(await failed.allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/Nombre de membres.*✘/)]),
    );
    // The decision letter of the ineligible application, in French.
    const letter = s.page.locator('[data-testid="decision-letters"] a[lang="fr"]');
    const pdf = await s.page.request.get((await letter.getAttribute('href')) ?? '');
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    await expectNoAxeViolations(s.page, 'fr /applications/:id');

    await chooseLanguage(s.page, 'ar');
    expect(await s.page.evaluate('document.documentElement.dir')).toBe('rtl');
    await expect
      .poll(() => failed.allTextContents())
      .toEqual(expect.arrayContaining([expect.stringMatching(/عدد الأعضاء.*✘/)]));
    await expectNoAxeViolations(s.page, 'ar /applications/:id');
    await visit(s.page, '/applications');
    expect(await s.page.locator('main table').textContent()).toContain('AAC-ESSAI-WEB-1');
    await expectNoAxeViolations(s.page, 'ar /applications');
    await visit(s.page, `/calls/${setup.callId}`);
    await expectNoAxeViolations(s.page, 'ar /calls/:id (actor)');
    await chooseLanguage(s.page, 'fr');
    await visit(s.page, '/applications');
    expect(await s.page.locator('main table').textContent()).toContain('Non éligible');
    expect(await s.page.locator('[data-testid="notifications"]').textContent()).toContain(
      "Votre candidature n'est pas éligible",
    );
    const unread = s.page.locator('[data-testid="unread-count"]');
    const before = Number(((await unread.textContent()) ?? '').replace(/\D/g, ''));
    expect(before).toBeGreaterThan(0);
    await s.page.getByRole('button', { name: 'Marquer comme lue' }).first().click();
    await expect
      .poll(async () => Number(((await unread.textContent()) ?? '').replace(/\D/g, '')))
      .toBe(before - 1);
    await expectNoAxeViolations(s.page, 'fr /applications');
  });
  it('an evaluator declares no conflict and scores; the manager selects, records a withdrawal and the waiting list moves up', async () => {
    if (!setup) throw new Error('the first test sets the programme up');
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/programmes');
    const now = Date.now();
    const call = await callApi(s.page, 'POST', `/api/programmes/${setup.programmeId}/calls`, {
      reference: 'AAC-ESSAI-WEB-2',
      titleFr: 'Appel à sélection (essai)',
      titleAr: 'طلب ترشيح للانتقاء (تجربة)',
      opensAt: new Date(now - 86_400_000).toISOString(),
      closesAt: new Date(now + 30 * 86_400_000).toISOString(),
      status: 'published',
      budgetCentimes: 100_000,
      eligibilityRules: { all: [] },
      scoringGrid: [
        { code: 'quality', labelFr: 'Qualité', labelAr: 'الجودة', weight: 2, max: 20 },
        { code: 'impact', labelFr: 'Impact', labelAr: 'الأثر', weight: 1, max: 10 },
      ],
      evaluatorsPerApplication: 1,
    });
    await s.page.context().clearCookies();
    await login(s.page, s.url, COOP_EMAIL, DEMO_PASSWORD, '/applications');
    const mine = await callApi(s.page, 'POST', `/api/calls/${call.id}/applications`, {
      requestedCentimes: 80_000,
    });
    expect(mine.eligible).toBe(true);
    await s.page.context().clearCookies();
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/programmes');
    const session = await (await s.page.request.get('/api/auth/session')).json();
    // Another active actor of the demo registry, applied for by the administrator, scored through the API.
    const actors = await (await s.page.request.get('/api/actors?status=active&limit=50')).json();
    const other = actors.items.find((a: { id: string }) => a.id !== mine.actorId);
    const second = await callApi(s.page, 'POST', `/api/calls/${call.id}/applications`, {
      actorId: other.id,
      requestedCentimes: 80_000,
    });
    expect(second.eligible).toBe(true);
    await callApi(s.page, 'POST', `/api/applications/${second.id}/evaluators`, {
      evaluatorId: session.user.id,
    });
    await callApi(s.page, 'POST', `/api/applications/${second.id}/declaration`, { hasConflict: false });
    await callApi(s.page, 'PUT', `/api/applications/${second.id}/scores`, {
      scores: [
        { criterion: 'quality', score: 10 },
        { criterion: 'impact', score: 5 },
      ],
    });

    // The evaluator's page: the declaration first, then a score per criterion within the grid's bounds.
    await visit(s.page, `/applications/${mine.id}`);
    await s.page.getByRole('button', { name: "M'attribuer l'évaluation" }).click();
    await s.page.getByText('Évaluation attribuée.').waitFor();
    await expectNoAxeViolations(s.page, 'fr /applications/:id (evaluator, declaration)');
    await s.page.getByRole('radio', { name: /aucun conflit/ }).check();
    await s.page.getByRole('button', { name: 'Enregistrer la déclaration' }).click();
    const quality = s.page.locator('input[name="scores.quality"]');
    await quality.waitFor();
    await quality.fill('25');
    await s.page.locator('input[name="scores.impact"]').fill('9');
    const refused = s.page.waitForResponse((r) => r.url().endsWith('/scores'));
    await s.page.getByRole('button', { name: 'Enregistrer les notes' }).click();
    expect((await refused).status()).toBe(422);
    await expect.poll(() => quality.getAttribute('aria-invalid')).toBe('true');
    expect(await s.page.locator('input[name="scores.impact"]').getAttribute('aria-invalid')).not.toBe('true');
    await quality.fill('18');
    await s.page.getByRole('button', { name: 'Enregistrer les notes' }).click();
    const total = s.page.locator('[data-testid="weighted-total"]');
    await expect.poll(() => total.textContent()).toBe('Note pondérée : 90 / 100');
    await expectNoAxeViolations(s.page, 'fr /applications/:id (evaluator, scored)');

    // The selection, once the call is closed: the best score fits the budget, the other waits; a
    // withdrawal moves it up.
    await visit(s.page, `/calls/${call.id}`);
    expect(await s.page.locator('main').textContent()).toContain(
      "La sélection se lance après la clôture de l'appel.",
    );
    await callApi(s.page, 'PATCH', `/api/calls/${call.id}`, {
      closesAt: new Date(Date.now() - 1000).toISOString(),
    });
    await visit(s.page, `/calls/${call.id}`);
    await s.page.getByRole('button', { name: 'Lancer la sélection' }).click();
    const dialog = s.page.getByRole('dialog');
    await dialog.waitFor();
    await expectNoAxeViolations(s.page, 'fr /calls/:id selection dialog');
    await dialog.getByRole('button', { name: 'Lancer la sélection' }).click();
    const selected = s.page.locator('[data-testid="selection-selected"]');
    await selected.waitFor();
    expect(await selected.textContent()).toContain(mine.actorName);
    const waitlisted = (await s.page.locator('[data-testid="selection-waitlisted"]').textContent()) ?? '';
    expect(waitlisted).toContain(second.actorName);
    expect(waitlisted).toContain('plus de place : budget');
    await expectNoAxeViolations(s.page, 'fr /calls/:id with the selection');

    const row = s.page.locator('main table tr', { hasText: mine.actorName });
    await row.getByRole('button', { name: 'Enregistrer un désistement' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Enregistrer un désistement' }).click();
    const promoted = s.page.locator('[data-testid="promoted"]');
    await promoted.waitFor();
    expect(await promoted.textContent()).toContain(second.actorName);
    await expect
      .poll(() => s.page.locator('main table tr', { hasText: second.actorName }).textContent())
      .toContain('Retenue');
    expect(await s.page.locator('main table tr', { hasText: mine.actorName }).textContent()).toContain(
      'Désistement',
    );
    await chooseLanguage(s.page, 'ar');
    expect(await s.page.evaluate('document.documentElement.dir')).toBe('rtl');
    await expectNoAxeViolations(s.page, 'ar /calls/:id (manager, after selection)');
    await visit(s.page, `/applications/${second.id}`);
    await expectNoAxeViolations(s.page, 'ar /applications/:id (manager)');
    await chooseLanguage(s.page, 'fr');
  });
  it('a manager creates a programme and a call through the forms: a bad rule refused at its row, then fixed', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/programmes/new');
    await expectNoAxeViolations(s.page, 'fr /programmes/new');
    await s.page.locator('input[name="reference"]').fill('PRG-FORM-WEB');
    await s.page.locator('select[name="kind"]').selectOption('training');
    const partnerOption = s.page.locator('select[name="organisationId"] option', { hasText: 'ANDF-EX' });
    await s.page
      .locator('select[name="organisationId"]')
      .selectOption((await partnerOption.getAttribute('value')) ?? '');
    await s.page.locator('input[name="titleFr"]').fill('Formation au tissage (formulaire)');
    await s.page.locator('input[name="titleAr"]').fill('التكوين في النسيج (استمارة)');
    await s.page.locator('input[name="budget"]').fill('300000');
    await s.page.locator('select[name="status"]').selectOption('active');
    await s.page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await s.page.waitForURL((url) => /^\/programmes\/[0-9a-f-]{36}$/.test(url.pathname));
    await settle(s.page);
    await expect
      .poll(() => s.page.locator('main h1').textContent())
      .toBe('Formation au tissage (formulaire)');
    expect(await s.page.locator('[data-testid="programme-budget"]').textContent()).toMatch(/300\D?000.*MAD/);

    await s.page.getByRole('link', { name: 'Nouvel appel' }).click();
    await s.page.waitForURL((url) => url.pathname.endsWith('/calls/new'));
    await settle(s.page);
    await s.page.locator('input[name="reference"]').fill('AAC-FORM-WEB');
    await s.page.locator('input[name="titleFr"]').fill('Appel créé par le formulaire');
    await s.page.locator('input[name="opensAt"]').fill('2026-01-01T09:00');
    await s.page.locator('input[name="closesAt"]').fill('2027-01-31T18:00');
    await s.page.locator('input[name="budget"]').fill('100000');
    await s.page.getByRole('button', { name: 'Ajouter une condition' }).click();
    await s.page.locator('select[name="rules.0.field"]').selectOption('kind');
    await s.page.locator('select[name="rules.0.op"]').selectOption('in');
    await s.page.locator('input[name="rules.0.value"]').fill('cooperative, association');
    await s.page.getByRole('button', { name: 'Ajouter une condition' }).click();
    await s.page.locator('select[name="rules.1.field"]').selectOption('region');
    await s.page.locator('select[name="rules.1.op"]').selectOption('=');
    await s.page.locator('input[name="rules.1.value"]').fill('99');
    // A weight of 0 is refused by the server's schema, shown at the criterion's weight.
    await s.page.getByRole('button', { name: 'Ajouter un critère' }).click();
    await s.page.locator('input[name="grid.0.code"]').fill('quality');
    await s.page.locator('input[name="grid.0.labelFr"]').fill('Qualité du projet');
    await s.page.locator('input[name="grid.0.weight"]').fill('0');
    await expectNoAxeViolations(s.page, 'fr /programmes/:id/calls/new');
    const invalid = s.page.waitForResponse(
      (r) => r.url().endsWith('/calls') && r.request().method() === 'POST',
    );
    await s.page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    expect((await invalid).status()).toBeGreaterThanOrEqual(400);
    const weight = s.page.locator('input[name="grid.0.weight"]');
    await expect.poll(() => weight.getAttribute('aria-invalid')).toBe('true');
    expect(await s.page.locator('input[name="grid.0.max"]').getAttribute('aria-invalid')).not.toBe('true');
    await weight.fill('2');
    const rejected = s.page.waitForResponse(
      (r) => r.url().endsWith('/calls') && r.request().method() === 'POST',
    );
    await s.page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    expect((await rejected).status()).toBe(422);
    const region = s.page.locator('input[name="rules.1.value"]');
    await expect.poll(() => region.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(s.page, 'input[name="rules.1.value"]')).toContain('99');
    expect(await s.page.locator('input[name="rules.0.value"]').getAttribute('aria-invalid')).not.toBe('true');
    await expectNoAxeViolations(s.page, 'fr /programmes/:id/calls/new with a rule error');
    await chooseLanguage(s.page, 'ar');
    expect(await s.page.evaluate('document.documentElement.dir')).toBe('rtl');
    await expectNoAxeViolations(s.page, 'ar /programmes/:id/calls/new with a rule error');
    await chooseLanguage(s.page, 'fr');

    await region.fill('01');
    await s.page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await s.page.waitForURL((url) => /^\/calls\/[0-9a-f-]{36}$/.test(url.pathname));
    await settle(s.page);
    await expect.poll(() => s.page.locator('main h1').textContent()).toBe('Appel créé par le formulaire');
    expect(await s.page.locator('[data-testid="rules"]').textContent()).toContain('Région : 01');
    expect(await s.page.locator('main').textContent()).toContain('Qualité du projet : note sur 20, poids 2');
    await visit(s.page, '/programmes/new');
    await chooseLanguage(s.page, 'ar');
    await expectNoAxeViolations(s.page, 'ar /programmes/new');
    await chooseLanguage(s.page, 'fr');
  });
});
