/**
 * The programme manager's pages in Chromium against the real server: editing a programme and a
 * call (reserved shares in fractions of a percent, application form fields, appeal days), each
 * server error at its row; a call with applications keeps its rules (409 shown); deleting refused
 * while in use; quotas of a raw-material programme with errors at their field; the stored
 * selection's reasons after a reload; benefits: disbursement, follow-up visit, cancellation and a
 * new benefit for the same application. Every page checked by axe-core in French and in Arabic.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chooseLanguage, hasChromium, login, settle } from './helpers/browser.js';
import { callApi, expectNoAxeViolations, fieldError, visit } from './helpers/page.js';
import { useScenario } from './helpers/scenario.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_PASSWORD } from './helpers/server.js';

const title = hasChromium
  ? 'programme managers edit programmes, calls, quotas and benefits in Chromium'
  : `programme managers in Chromium — SKIPPED because ${CHROMIUM_PATH} is not installed`;

const DAY = 86_400_000;
const PARTNER_EMAIL = 'partner@nasij.local';

async function partnerId(page: Page): Promise<string> {
  const partners = await (await page.request.get('/api/partners')).json();
  return partners.items.find((p: { acronym: string | null }) => p.acronym === 'ANDF-EX').id;
}

async function programme(page: Page, reference: string, extra: Record<string, unknown> = {}) {
  return callApi(page, 'POST', '/api/programmes', {
    reference,
    organisationId: await partnerId(page),
    kind: 'financing',
    titleFr: `Programme ${reference}`,
    titleAr: `برنامج ${reference}`,
    budgetCentimes: 100_000_000,
    status: 'active',
    ...extra,
  });
}

async function openCall(
  page: Page,
  programmeId: string,
  reference: string,
  extra: Record<string, unknown> = {},
) {
  return callApi(page, 'POST', `/api/programmes/${programmeId}/calls`, {
    reference,
    titleFr: `Appel ${reference}`,
    titleAr: `طلب ترشيح ${reference}`,
    opensAt: new Date(Date.now() - DAY).toISOString(),
    closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
    status: 'published',
    budgetCentimes: 10_000_000,
    eligibilityRules: { all: [] },
    ...extra,
  });
}

async function activeActors(page: Page): Promise<{ id: string; nameFr: string | null }[]> {
  return (await (await page.request.get('/api/actors?status=active&limit=50')).json()).items;
}

const save = (page: Page) => page.getByRole('button', { name: 'Enregistrer', exact: true }).click();

describe.skipIf(!hasChromium)(title, () => {
  const s = useScenario();

  it('edits a programme and a call: a share of 12.5 %, form fields and appeal days; errors at their row', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/programmes');
    const p = await programme(s.page, 'PRG-MAN-1');
    const call = await openCall(s.page, p.id, 'AAC-MAN-1');

    await visit(s.page, `/programmes/${p.id}`);
    await s.page.getByRole('link', { name: 'Modifier', exact: true }).click();
    await s.page.waitForURL((url) => url.pathname === `/programmes/${p.id}/edit`);
    await settle(s.page);
    const titleFr = s.page.locator('input[name="titleFr"]');
    await expect.poll(() => titleFr.inputValue()).toBe('Programme PRG-MAN-1');
    expect(await s.page.locator('input[name="budget"]').inputValue()).toBe('1000000');
    await expectNoAxeViolations(s.page, 'fr /programmes/:id/edit');
    await titleFr.fill('Programme modifié');
    await save(s.page);
    await s.page.waitForURL((url) => url.pathname === `/programmes/${p.id}`);
    await expect.poll(() => s.page.locator('main h1').textContent()).toBe('Programme modifié');

    // The call, from the programme's list of calls.
    await s.page.getByRole('link', { name: 'Modifier AAC-MAN-1' }).click();
    await s.page.waitForURL((url) => url.pathname === `/calls/${call.id}/edit`);
    await settle(s.page);
    await expect.poll(() => s.page.locator('input[name="reference"]').inputValue()).toBe('AAC-MAN-1');
    await s.page.locator('input[name="appealDays"]').fill('45');
    await s.page.getByRole('button', { name: 'Ajouter une part réservée' }).click();
    await s.page.locator('input[name="shares.0.code"]').fill('women_led');
    await s.page.locator('input[name="shares.0.labelFr"]').fill('Structures dirigées par une femme');
    await s.page.locator('input[name="shares.0.labelAr"]').fill('هيئات تسيرها امرأة');
    await s.page.locator('input[name="shares.0.percent"]').fill('12,345');
    await expectNoAxeViolations(s.page, 'fr /calls/:id/edit');
    const refused = s.page.waitForResponse((r) => r.url().endsWith(`/api/calls/${call.id}`));
    await save(s.page);
    expect((await refused).status()).toBe(422);
    const percent = s.page.locator('input[name="shares.0.percent"]');
    await expect.poll(() => percent.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(s.page, 'input[name="shares.0.percent"]')).toContain('Deux décimales');
    expect(await s.page.locator('input[name="shares.0.code"]').getAttribute('aria-invalid')).not.toBe('true');
    await expectNoAxeViolations(s.page, 'fr /calls/:id/edit with a share error');
    await chooseLanguage(s.page, 'ar');
    expect(await s.page.evaluate('document.documentElement.dir')).toBe('rtl');
    await expect.poll(() => fieldError(s.page, 'input[name="shares.0.percent"]')).toContain('رقمان عشريان');
    await expectNoAxeViolations(s.page, 'ar /calls/:id/edit with a share error');
    await chooseLanguage(s.page, 'fr');

    // A choice without its options is refused at the row's options.
    await percent.fill('12,5');
    await s.page.getByRole('button', { name: 'Ajouter une question' }).click();
    await s.page.locator('input[name="fields.0.code"]').fill('size');
    await s.page.locator('select[name="fields.0.type"]').selectOption('choice');
    await s.page.locator('input[name="fields.0.labelFr"]').fill("Taille de l'atelier");
    await save(s.page);
    const options = s.page.locator('input[name="fields.0.options"]');
    await expect.poll(() => options.getAttribute('aria-invalid')).toBe('true');
    await options.fill('small, large');
    await s.page.locator('input[name="fields.0.required"]').check();
    await save(s.page);
    await s.page.waitForURL((url) => url.pathname === `/calls/${call.id}`);
    await expect
      .poll(async () => (await s.page.locator('[data-testid="reserved-shares"]').textContent()) ?? '')
      .toContain('au moins 12,5 % des places');
    const saved = await callApi(s.page, 'GET', `/api/calls/${call.id}`);
    expect(saved.appealDays).toBe(45);
    expect(saved.reservedShares[0]).toMatchObject({ code: 'women_led', minShare: 0.125 });
    expect(saved.formFields[0]).toMatchObject({
      code: 'size',
      type: 'choice',
      required: true,
      options: ['small', 'large'],
    });
  });

  it('keeps the rules of a call with applications (409 shown) and refuses to delete what is in use', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/programmes');
    const p = await programme(s.page, 'PRG-MAN-2');
    const call = await openCall(s.page, p.id, 'AAC-MAN-2');
    const [actor] = await activeActors(s.page);
    await callApi(s.page, 'POST', `/api/calls/${call.id}/applications`, { actorId: actor?.id });

    await visit(s.page, `/calls/${call.id}/edit`);
    await s.page.locator('[data-testid="call-frozen"]').waitFor();
    await s.page.getByRole('button', { name: 'Ajouter une condition' }).click();
    await s.page.locator('select[name="rules.0.field"]').selectOption('kind');
    await s.page.locator('input[name="rules.0.value"]').fill('cooperative');
    const frozen = s.page.waitForResponse((r) => r.url().endsWith(`/api/calls/${call.id}`));
    await save(s.page);
    expect((await frozen).status()).toBe(409);
    const alert = s.page.getByRole('alert', { name: 'La requête a échoué' });
    await expect.poll(() => alert.textContent()).toContain('ne changent plus');
    await expectNoAxeViolations(s.page, 'fr /calls/:id/edit frozen (409)');

    // Deleting the call: asked first, then refused with the reason.
    await s.page.getByRole('button', { name: "Supprimer l'appel" }).click();
    const dialog = s.page.getByRole('dialog');
    await dialog.waitFor();
    await expectNoAxeViolations(s.page, 'fr delete-call dialog');
    await dialog.getByRole('button', { name: "Supprimer l'appel" }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect
      .poll(() => s.page.locator('main').textContent())
      .toContain('Cet appel a déjà des candidatures');
    await chooseLanguage(s.page, 'ar');
    await expect.poll(() => s.page.locator('main').textContent()).toContain('لهذا الطلب ترشيحات بالفعل');
    await expectNoAxeViolations(s.page, 'ar /calls/:id/edit frozen (409)');
    await chooseLanguage(s.page, 'fr');

    // The programme has a call: deleting it is refused (409 PROGRAMME_IN_USE), in plain words.
    await visit(s.page, `/programmes/${p.id}/edit`);
    await s.page.getByRole('button', { name: 'Supprimer le programme' }).click();
    await dialog.waitFor();
    const answer = s.page.waitForResponse((r) => r.url().endsWith(`/api/programmes/${p.id}`));
    await dialog.getByRole('button', { name: 'Supprimer le programme' }).click();
    expect((await answer).status()).toBe(409);
    await expect.poll(() => s.page.locator('main').textContent()).toContain('il ne peut pas être supprimé');

    // One without calls goes, after the question.
    const empty = await programme(s.page, 'PRG-MAN-EMPTY');
    await visit(s.page, `/programmes/${empty.id}/edit`);
    await s.page.getByRole('button', { name: 'Supprimer le programme' }).click();
    await dialog.getByRole('button', { name: 'Supprimer le programme' }).click();
    await s.page.waitForURL((url) => url.pathname === '/programmes');
    expect((await s.page.request.get(`/api/programmes/${empty.id}`)).status()).toBe(404);
  });

  it('the running partner sets quotas of its raw-material programme, each error at its field', async () => {
    // The demo partner runs ANDF-EX's programmes: the manager pages are its own, not only an admin's.
    await login(s.page, s.url, PARTNER_EMAIL, DEMO_PASSWORD, '/programmes');
    const p = await programme(s.page, 'PRG-MAN-DOUM', {
      kind: 'raw_material',
      materialSource: 'agricultural',
      material: 'Doum',
      unit: 'bundle',
    });
    await visit(s.page, `/programmes/${p.id}`);
    await s.page.locator('[data-testid="quota-form"]').waitFor();
    expect(await s.page.getByRole('link', { name: 'Modifier', exact: true }).count()).toBe(1);
    await expectNoAxeViolations(s.page, 'fr /programmes/:id with quotas');
    const quantity = s.page.locator('input[name="quota.quantity"]');
    await s.page.locator('input[name="quota.period"]').fill('2026');
    await quantity.fill('12,5');
    await s.page.getByRole('button', { name: 'Enregistrer le quota' }).click();
    await expect.poll(() => quantity.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(s.page, 'input[name="quota.quantity"]')).toContain('nombres entiers');
    await quantity.fill('120');
    await s.page.getByRole('button', { name: 'Enregistrer le quota' }).click();
    const table = s.page.locator('section[aria-labelledby="quotas-title"] table');
    await expect
      .poll(async () => (await table.count()) > 0 && ((await table.textContent()) ?? ''))
      .toContain('120');
    expect(await table.textContent()).toContain('National');

    const period = s.page.locator('input[name="quota.period"]');
    await period.fill('2026Q5');
    await quantity.fill('10');
    await s.page.getByRole('button', { name: 'Enregistrer le quota' }).click();
    await expect.poll(() => period.getAttribute('aria-invalid')).toBe('true');
    expect(await quantity.getAttribute('aria-invalid')).not.toBe('true');
    await chooseLanguage(s.page, 'ar');
    expect(await s.page.evaluate('document.documentElement.dir')).toBe('rtl');
    await expectNoAxeViolations(s.page, 'ar /programmes/:id with quotas and an error');
    await chooseLanguage(s.page, 'fr');
  });

  it('reads the selection reasons after a reload; records a disbursement and a visit, cancels and grants again', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/programmes');
    const p = await programme(s.page, 'PRG-MAN-SEL');
    const call = await openCall(s.page, p.id, 'AAC-MAN-SEL', {
      budgetCentimes: 100_000,
      scoringGrid: [{ code: 'quality', labelFr: 'Qualité', labelAr: 'الجودة', weight: 1, max: 20 }],
      evaluatorsPerApplication: 1,
    });
    const session = await (await s.page.request.get('/api/auth/session')).json();
    const actors = await activeActors(s.page);
    const applications = [];
    for (const [i, actor] of actors.slice(0, 2).entries()) {
      const application = await callApi(s.page, 'POST', `/api/calls/${call.id}/applications`, {
        actorId: actor.id,
        requestedCentimes: 80_000,
      });
      await callApi(s.page, 'POST', `/api/applications/${application.id}/evaluators`, {
        evaluatorId: session.user.id,
      });
      await callApi(s.page, 'POST', `/api/applications/${application.id}/declaration`, {
        hasConflict: false,
      });
      await callApi(s.page, 'PUT', `/api/applications/${application.id}/scores`, {
        scores: [{ criterion: 'quality', score: 18 - i * 4 }],
      });
      applications.push(application);
    }
    const [best, second] = applications;
    await callApi(s.page, 'PATCH', `/api/calls/${call.id}`, {
      closesAt: new Date(Date.now() - 1000).toISOString(),
    });
    await callApi(s.page, 'POST', `/api/calls/${call.id}/selection`, {});

    // A fresh page: the reasons come from the server, not from the run just made.
    await visit(s.page, `/calls/${call.id}`);
    const bestRow = s.page.locator('main table tr', { hasText: best.actorName });
    await expect.poll(() => bestRow.textContent()).toContain('retenue à son rang');
    expect(await s.page.locator('main table tr', { hasText: second.actorName }).textContent()).toContain(
      'plus de place : budget',
    );
    await expectNoAxeViolations(s.page, 'fr /calls/:id reasons after reload');

    await s.page.getByRole('link', { name: 'Bénéfices de cet appel' }).click();
    await s.page.waitForURL((url) => url.pathname === `/programmes/${p.id}/benefits`);
    await settle(s.page);
    await expectNoAxeViolations(s.page, 'fr /programmes/:id/benefits');

    // Outside the call: the beneficiary is required; granted, it is listed with what it receives.
    const third = actors[2];
    const thirdName = third?.nameFr ?? '';
    const grant = s.page.locator('[data-testid="grant-form"]');
    const grantButton = grant.getByRole('button', { name: 'Accorder le bénéfice' });
    await grant.locator('input[name="grant.amount"]').fill('150');
    await grantButton.click();
    await expect.poll(() => fieldError(s.page, 'select[name="actorId"]')).toBe('Choisissez le bénéficiaire');
    await grant.locator('input[name="actorSearch"]').fill(thirdName);
    const option = grant.locator('select[name="actorId"] option', { hasText: thirdName });
    await expect.poll(() => option.count()).toBeGreaterThan(0);
    await grant
      .locator('select[name="actorId"]')
      .selectOption((await option.first().getAttribute('value')) ?? '');
    await grantButton.click();
    await expect
      .poll(() => grant.locator('[data-testid="granted"]').textContent())
      .toContain('Bénéfice accordé');
    // The list was this call's; all the programme's benefits show the new one.
    await s.page.locator('select[name="callId"]').selectOption('');
    await expect
      .poll(() => s.page.locator('main table tr', { hasText: thirdName }).first().textContent())
      .toMatch(/150.*MAD/);
    await expectNoAxeViolations(s.page, 'fr /programmes/:id/benefits with a benefit outside the call');
    await chooseLanguage(s.page, 'ar');
    await expectNoAxeViolations(s.page, 'ar /programmes/:id/benefits with the grant form');
    await chooseLanguage(s.page, 'fr');
    await s.page.locator('main table a', { hasText: best.actorName }).click();
    await s.page.waitForURL((url) => /^\/benefits\/[0-9a-f-]{36}$/.test(url.pathname));
    await settle(s.page);
    const status = s.page.locator('[data-testid="benefit-status"]');
    await expect.poll(() => status.textContent()).toBe('Accordé');
    expect(await s.page.locator('[data-testid="benefit-what"]').textContent()).toMatch(/800.*MAD/);

    // The form says what is left; more than that is refused at the amount; the rest makes it delivered.
    const left = s.page.locator('[data-testid="delivery-left"]');
    expect(await left.textContent()).toMatch(/^Reste à verser : 800.*MAD$/);
    const amount = s.page.locator('input[name="delivery.amount"]');
    const record = s.page.getByRole('button', { name: 'Enregistrer un versement ou une livraison' });
    await amount.fill('1000');
    await record.click();
    await expect.poll(() => amount.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(s.page, 'input[name="delivery.amount"]')).toContain('Plus que ce qui reste');
    await amount.fill('300');
    await record.click();
    await expect.poll(() => left.textContent()).toMatch(/^Reste à verser : 500.*MAD$/);
    expect(await status.textContent()).toBe('Accordé');
    await amount.fill('500');
    await record.click();
    await expect.poll(() => status.textContent()).toBe('Remis');
    await expect.poll(() => left.textContent()).toMatch(/^Reste à verser : 0.*MAD$/);
    await s.page
      .locator('textarea[name="visit.notes"]')
      .fill('Atelier visité : métiers installés, deux apprenties.');
    await s.page.getByRole('button', { name: 'Enregistrer une visite' }).click();
    await expect
      .poll(() => s.page.locator('[data-testid="visits"]').textContent())
      .toContain('deux apprenties');
    await expectNoAxeViolations(s.page, 'fr /benefits/:id with a delivery and a visit');

    // Cancelled, what it held goes back; the application may receive a new benefit.
    await s.page.getByRole('button', { name: 'Annuler le bénéfice' }).click();
    const dialog = s.page.getByRole('dialog');
    await dialog.waitFor();
    await expectNoAxeViolations(s.page, 'fr cancel-benefit dialog');
    await dialog.getByRole('button', { name: 'Annuler le bénéfice' }).click();
    await expect.poll(() => status.textContent()).toBe('Annulé');
    await s.page.locator('[data-testid="regrant-form"]').waitFor();
    await s.page.locator('input[name="regrant.amount"]').fill('600');
    await s.page.getByRole('button', { name: 'Accorder le nouveau bénéfice' }).click();
    const done = s.page.locator('[data-testid="regranted"]');
    await done.waitFor();
    await done.getByRole('link').click();
    await s.page.waitForURL((url) => /^\/benefits\/[0-9a-f-]{36}$/.test(url.pathname));
    await expect.poll(() => s.page.locator('[data-testid="benefit-what"]').textContent()).toMatch(/600.*MAD/);
    await expect.poll(() => status.textContent()).toBe('Accordé');
    await chooseLanguage(s.page, 'ar');
    expect(await s.page.evaluate('document.documentElement.dir')).toBe('rtl');
    await expect.poll(() => status.textContent()).toBe('ممنوحة');
    await expectNoAxeViolations(s.page, 'ar /benefits/:id');
    await visit(s.page, `/programmes/${p.id}/benefits?callId=${call.id}`);
    await expect.poll(() => s.page.locator('main table').textContent()).toContain('ملغاة');
    await expectNoAxeViolations(s.page, 'ar /programmes/:id/benefits');
    await visit(s.page, `/calls/${call.id}`);
    await expect
      .poll(() => s.page.locator('main table tr', { hasText: best.actorName }).textContent())
      .toContain('مقبول حسب ترتيبه');
    await expectNoAxeViolations(s.page, 'ar /calls/:id reasons after reload');
    await chooseLanguage(s.page, 'fr');
  });
});
