/**
 * Programmes, calls and applications in Chromium against the real server: an administrator sets up
 * a programme and an open call through the API; the call page reads its rules as sentences and
 * its budget in MAD; the manager previews eligibility and sees a bad rule's error at its row; the
 * demo cooperative applies and reads its eligibility explanation, rule by rule; Arabic
 * right-to-left; axe-core on every new page in French and in Arabic.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  axeViolations,
  CHROMIUM_PATH,
  chooseLanguage,
  hasChromium,
  login,
  settle,
} from './helpers/browser.js';
import { useScenario } from './helpers/scenario.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_PASSWORD } from './helpers/server.js';

const title = hasChromium
  ? 'programmes, calls and applications in Chromium'
  : `programmes, calls and applications in Chromium — SKIPPED because ${CHROMIUM_PATH} is not installed`;

const COOP_EMAIL = 'coop@nasij.local';

async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length > 0) process.stderr.write(`axe violations on ${label}:\n${violations.join('\n')}\n`);
  expect(violations, `axe violations on ${label}`).toEqual([]);
}

async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await settle(page);
}

/** Calls the API with the browser's session (cookie and CSRF token), as the UI would. */
async function callApi(page: Page, method: string, path: string, data?: unknown) {
  const session = await (await page.request.get('/api/auth/session')).json();
  const response = await page.request.fetch(path, {
    method,
    headers: { 'x-csrf-token': session.csrfToken },
    ...(data === undefined ? {} : { data }),
  });
  const body = response.status() === 204 ? null : await response.json();
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${JSON.stringify(body)}`);
  return body;
}

/** The text of the error Mantine shows under an input (linked by aria-describedby). */
async function fieldError(page: Page, selector: string): Promise<string | null> {
  const ids = (await page.locator(selector).getAttribute('aria-describedby')) ?? '';
  const id = ids.split(' ').find((x) => x.includes('error'));
  return id ? page.locator(`[id="${id}"]`).textContent() : null;
}

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
    await expectNoAxeViolations(s.page, 'fr /applications');
  });
});
