/**
 * The registry of actors in Chromium against the real server: cross-script search, filters kept in
 * the URL, the create form (server field error at the ICE field, likely duplicates shown before
 * saving, warnings after saving), an edit seen in the history, a stale edit, the duplicates page
 * (scan, compare, merge, undo), and axe-core on every registry page in French and Arabic.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chooseLanguage, hasChromium, login, settle } from './helpers/browser.js';
import { callApi, expectNoAxeViolations, fieldError, visit } from './helpers/page.js';
import { useScenario } from './helpers/scenario.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_PASSWORD } from './helpers/server.js';

const title = hasChromium
  ? 'registry of actors in Chromium'
  : `registry of actors in Chromium — SKIPPED because ${CHROMIUM_PATH} is not installed`;

async function createActor(
  page: Page,
  data: Record<string, unknown>,
): Promise<{ id: string; version: number }> {
  const saved = await callApi(page, 'POST', '/api/actors', data);
  return saved.actor;
}

describe.skipIf(!hasChromium)(title, () => {
  const s = useScenario();

  it('finds a record stored in Arabic from Latin letters, and one stored in Latin from Arabic', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/actors');
    await createActor(s.page, {
      kind: 'cooperative',
      nameAr: 'تعاونية أمزميز للزعفران',
      provinceCode: '07.041',
    });
    await createActor(s.page, {
      kind: 'association',
      nameFr: 'Association Ouzoud Tissage',
      provinceCode: '05.081',
    });
    await visit(s.page, '/actors');

    const search = s.page.locator('input[name="q"]');
    const total = s.page.locator('[data-testid="actor-total"]');
    const firstRow = s.page.locator('main table tbody tr').first();
    await search.fill('Amizmiz');
    await s.page.waitForURL((url) => url.searchParams.get('q') === 'Amizmiz');
    await expect.poll(() => total.textContent()).toMatch(/^Résultats : \d+$/);
    expect(await firstRow.locator('a').textContent()).toBe('تعاونية أمزميز للزعفران');

    await search.fill('جمعية أوزود');
    await s.page.waitForURL((url) => url.searchParams.get('q') === 'جمعية أوزود');
    await expect.poll(() => firstRow.locator('a').textContent()).toBe('Association Ouzoud Tissage');
    expect(await total.textContent()).toMatch(/^Résultats : \d+$/);

    // The URL is the state: opening it again shows the same search.
    await visit(s.page, '/actors?q=Amizmiz');
    expect(await search.inputValue()).toBe('Amizmiz');
    expect(await firstRow.locator('a').textContent()).toBe('تعاونية أمزميز للزعفران');
  });

  it('filters by region, offers that region’s provinces only, and keeps the filter in the URL', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/actors');
    await createActor(s.page, {
      kind: 'cooperative',
      nameFr: 'Coopérative Chefchaouen Laine',
      provinceCode: '01.151',
    });
    await createActor(s.page, { kind: 'artisan', nameFr: 'Brahim Oufkir Dinandier', provinceCode: '09.273' });
    await visit(s.page, '/actors');

    await s.page.locator('select[name="region"]').selectOption('01');
    await s.page.waitForURL((url) => url.searchParams.get('region') === '01');
    const list = await (await s.page.request.get('/api/actors?region=01')).json();
    await expect
      .poll(() => s.page.locator('[data-testid="actor-total"]').textContent())
      .toBe(`Acteurs : ${list.total}`);
    await s.page.locator('main table a', { hasText: 'Coopérative Chefchaouen Laine' }).waitFor();
    await expect(s.page.locator('main table a', { hasText: 'Brahim Oufkir' }).count()).resolves.toBe(0);
    // Region 01 has 8 provinces and prefectures, plus the "all" choice.
    await expect(s.page.locator('select[name="province"] option').count()).resolves.toBe(9);
    await expect(s.page.locator('main').textContent()).resolves.toContain(
      'Source : Haut-Commissariat au Plan, RGPH 2024',
    );

    // The export buttons carry the same filters.
    const exportHref = await s.page.getByRole('link', { name: 'Exporter (CSV)' }).getAttribute('href');
    expect(exportHref).toBe('/api/actors/export.csv?region=01');
    const exported = await (await s.page.request.get(exportHref ?? '')).text();
    expect(exported).toContain('Coopérative Chefchaouen Laine');
    expect(exported).not.toContain('Brahim Oufkir');

    await visit(s.page, '/actors?region=09&kind=artisan');
    expect(await s.page.locator('select[name="region"]').inputValue()).toBe('09');
    expect(await s.page.locator('select[name="kind"]').inputValue()).toBe('artisan');
    await s.page.locator('main table a', { hasText: 'Brahim Oufkir Dinandier' }).waitFor();
  });

  it('creates an actor: likely duplicates first, the ICE error at its field, then the warning after saving', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/actors/new');
    await createActor(s.page, {
      kind: 'cooperative',
      nameFr: 'Coopérative Tamount Argan',
      provinceCode: '09.273',
    });
    await visit(s.page, '/actors/new');
    await s.page.locator('select[name="kind"]').selectOption('cooperative');
    await s.page.locator('input[name="nameFr"]').fill('Cooperative Tamount Argane');
    await s.page.locator('select[name="provinceCode"]').selectOption('09.273');
    const ice = s.page.locator('input[name="ice"]');
    await ice.fill('00123456700008');

    // The check runs as soon as a name and a province are given, before anything is saved.
    const panel = s.page.locator('[data-testid="duplicate-panel"]');
    await panel.locator('a', { hasText: 'Coopérative Tamount Argan' }).waitFor();
    expect(await panel.textContent()).toContain('Nom semblable dans la même province');
    await s.page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    const saveAnyway = panel.getByRole('button', { name: 'Enregistrer quand même' });
    await saveAnyway.waitFor();
    await expectNoAxeViolations(s.page, 'fr /actors/new with likely duplicates');

    const rejected = s.page.waitForResponse(
      (r) => r.url().endsWith('/api/actors') && r.request().method() === 'POST',
    );
    await saveAnyway.click();
    expect((await rejected).status()).toBe(400);
    await expect.poll(() => ice.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(s.page, 'input[name="ice"]')).toBe('Un ICE compte exactement 15 chiffres.');
    expect(await s.page.evaluate('document.activeElement?.getAttribute("name")')).toBe('ice');
    await expectNoAxeViolations(s.page, 'fr /actors/new with a field error');

    // 15 digits, not divisible by 97: saved, with a warning that is shown, not hidden.
    await ice.fill('001234567000089');
    await s.page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await s.page.waitForURL((url) => /^\/actors\/[0-9a-f-]{36}$/.test(url.pathname));
    await settle(s.page);
    await expect.poll(() => s.page.locator('main h1').textContent()).toBe('Cooperative Tamount Argane');
    expect(await s.page.locator('[data-testid="save-warnings"]').textContent()).toContain(
      "cet ICE n'est pas divisible par 97",
    );
    expect(await s.page.locator('[data-testid="review-flags"]').textContent()).toContain('divisible par 97');
  });

  it("keeps an artisan's sex, date of birth and disability; a too recent birth date is refused at its field", async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/actors/new');
    await s.page.locator('select[name="kind"]').selectOption('artisan');
    await s.page.locator('input[name="nameFr"]').fill('Rachida Ouhammou');
    await s.page.locator('select[name="provinceCode"]').selectOption('09.273');
    await s.page.locator('select[name="sex"]').selectOption('female');
    await s.page.locator('select[name="hasDisability"]').selectOption('yes');
    const born = s.page.locator('input[name="birthDate"]');
    const tenYearsAgo = `${new Date().getUTCFullYear() - 10}-01-15`;
    await born.fill(tenYearsAgo);
    // The browser's own bound (max) would stop the form first: lift it to see the server's answer.
    await born.evaluate((input) => input.removeAttribute('max'));
    const save = s.page.getByRole('button', { name: 'Enregistrer', exact: true });
    await save.click();
    const confirm = s.page.getByRole('button', { name: 'Enregistrer quand même' });
    if (await confirm.isVisible()) await confirm.click();
    await expect.poll(() => born.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(s.page, 'input[name="birthDate"]')).toBe(
      'La personne doit avoir au moins 15 ans.',
    );
    await expectNoAxeViolations(s.page, 'fr /actors/new with a birth date error');

    await born.fill('1988-03-21');
    await save.click();
    await s.page.waitForURL((url) => /^\/actors\/[0-9a-f-]{36}$/.test(url.pathname));
    await settle(s.page);
    const record = s.page.locator('main dl');
    await expect.poll(() => record.allTextContents().then((t) => t.join(' '))).toContain('SexeFemme');
    const text = (await record.allTextContents()).join(' ');
    expect(text).toMatch(/Date de naissance21 \S+ 1988/);
    expect(text).toContain('Personne en situation de handicapOui');
  });

  it('shows an edit in the history, and asks to reload when someone else saved first', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/actors');
    const actor = await createActor(s.page, {
      kind: 'cooperative',
      nameFr: 'Coopérative Zellige Fès Essai',
      provinceCode: '03.231',
    });
    await visit(s.page, `/actors/${actor.id}/edit`);
    await s.page.locator('input[name="commune"]').fill('Fès Médina');
    await s.page.locator('input[name="membersWomen"]').fill('12');
    await s.page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await s.page.waitForURL((url) => url.pathname === `/actors/${actor.id}`);
    await settle(s.page);

    await s.page.getByRole('tab', { name: 'Historique' }).click();
    const latest = s.page.locator('[data-testid="actor-history"] article').first();
    await latest.waitFor();
    expect(await latest.locator('h3').textContent()).toBe('Fiche modifiée');
    expect(await latest.textContent()).toContain('admin');
    const commune = latest.locator('tr[data-field="commune"]');
    await expect(commune.locator('td').allTextContents()).resolves.toEqual(['—', 'Fès Médina']);
    await expect(latest.locator('tr[data-field="membersWomen"] td').allTextContents()).resolves.toEqual([
      '—',
      '12',
    ]);
    expect(new URL(s.page.url()).searchParams.get('tab')).toBe('history');
    await expectNoAxeViolations(s.page, 'fr /actors/:id history');

    // Someone else saves while the form is open: the form says so and offers to reload.
    await visit(s.page, `/actors/${actor.id}/edit`);
    await callApi(s.page, 'PATCH', `/api/actors/${actor.id}`, { address: '12 derb Essai' });
    await s.page.locator('input[name="legalStatus"]').fill('Coopérative agréée');
    await s.page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    const stale = s.page.locator('[data-testid="stale"]');
    await stale.waitFor();
    await stale.getByRole('button', { name: 'Recharger la fiche' }).click();
    await expect.poll(() => s.page.locator('input[name="address"]').inputValue()).toBe('12 derb Essai');
  });

  it('finds duplicates across the registry, compares, merges with confirmation, and undoes the merge', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/actors/duplicates');
    const common = {
      kind: 'cooperative',
      provinceCode: '07.041',
      commune: 'Tahannaout',
      foundedOn: '2015-03-01',
    };
    await createActor(s.page, { ...common, nameFr: 'Coopérative Tifaout Tapis Essai' });
    await createActor(s.page, {
      ...common,
      nameFr: 'Cooperative Tifaout Tapis Essai',
      nameAr: 'تعاونية تيفاوت للزرابي',
    });
    await visit(s.page, '/actors/duplicates');
    await s.page.getByRole('button', { name: 'Analyser le registre' }).click();
    await s.page.locator('[data-testid="scan-result"]').waitFor();
    const pair = s.page.locator('[data-testid="duplicate-pair"]', { hasText: 'Tifaout Tapis Essai' });
    await pair.waitFor();
    expect(await pair.textContent()).toContain('Même commune');

    await pair.getByRole('button', { name: /^Comparer / }).click();
    const compare = pair.locator('[data-testid="merge-compare"]');
    await compare.locator('table').waitFor();
    await expectNoAxeViolations(s.page, 'fr /actors/duplicates comparing');
    const survivor = compare.locator('select[name="survivor"]');
    const options = await survivor.locator('option').allTextContents();
    const withoutArabic = options.findIndex((o) => o.includes('Coopérative Tifaout'));
    await survivor.selectOption({ index: withoutArabic });
    await compare.getByRole('checkbox', { name: /^Nom \(caractères arabes\)/ }).check();
    await compare.getByRole('button', { name: 'Fusionner' }).click();
    const dialog = s.page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('Nom (caractères arabes)');
    await dialog.getByRole('button', { name: 'Fusionner' }).click();
    const result = s.page.locator('[data-testid="merge-result"]');
    await result.waitFor();
    expect(await result.textContent()).toContain('a été fusionnée dans');

    const survivorLink = result.getByRole('link');
    const href = (await survivorLink.getAttribute('href')) ?? '';
    const merged = await (await s.page.request.get(`/api${href}`)).json();
    expect(merged.nameAr).toBe('تعاونية تيفاوت للزرابي');

    await result.getByRole('button', { name: 'Annuler la fusion' }).click();
    await expect.poll(() => result.textContent()).toContain('de nouveau deux fiches distinctes');
    const restored = await (await s.page.request.get(`/api${href}`)).json();
    expect(restored.nameAr).toBeNull();
  });

  it('imports a CSV file: the report gives row, column and reason, and the rejects file downloads', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/actors/import');
    const csv = [
      'kind;nameFr;nameAr;provinceCode;ice',
      'cooperative;Coopérative Import Essai;تعاونية الاستيراد;09.273;',
      'cooperative;Coopérative Import Refusée;;09.273;12345',
    ].join('\n');
    await s.page.locator('input[type="file"]').setInputFiles({
      name: 'acteurs.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await s.page.getByRole('button', { name: 'Importer', exact: true }).click();
    const report = s.page.locator('[data-testid="import-report"]');
    await report.waitFor();
    const errorRow = report.locator('table tbody tr').first();
    await expect(errorRow.locator('td').allTextContents()).resolves.toEqual([
      '3',
      'ice',
      expect.stringContaining('15'),
    ]);
    const rejects = report.getByRole('link', { name: 'Télécharger le fichier des rejets' });
    const download = await s.page.request.get((await rejects.getAttribute('href')) ?? '');
    expect(download.status()).toBe(200);
    expect(await download.text()).toContain('Coopérative Import Refusée');
    await expectNoAxeViolations(s.page, 'fr /actors/import with a report');
    const found = await (await s.page.request.get('/api/actors?q=Import%20Essai')).json();
    expect(found.items.map((a: { nameFr: string }) => a.nameFr)).toContain('Coopérative Import Essai');
  });

  it('lets a partner read the registry but not change it', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/actors');
    const actor = await createActor(s.page, {
      kind: 'mutual',
      nameFr: 'Mutuelle Lecture Seule',
      provinceCode: '09.273',
    });
    await s.page.getByRole('button', { name: 'Se déconnecter' }).click();
    await s.page.getByRole('link', { name: 'Se connecter' }).waitFor();
    await login(s.page, s.url, 'partner@nasij.local', DEMO_PASSWORD, `/actors/${actor.id}`);
    expect(await s.page.locator('main h1').textContent()).toBe('Mutuelle Lecture Seule');
    await expect(s.page.getByRole('link', { name: 'Modifier', exact: true }).count()).resolves.toBe(0);
    await visit(s.page, '/actors');
    await expect(s.page.getByRole('link', { name: 'Nouvel acteur' }).count()).resolves.toBe(0);
    await visit(s.page, '/actors/new');
    await s.page.locator('[data-page="not-allowed"]').waitFor();
  });

  it("sends an actor's name change to review, shows it pending, and lets an administrator approve it", async () => {
    await login(s.page, s.url, 'coop@nasij.local', DEMO_PASSWORD, '/actors');
    const own = s.page.locator('main table a', { hasText: 'Coopérative Tifaouine' });
    await expect(s.page.locator('main table tbody tr').count()).resolves.toBe(1);
    await expect(s.page.getByRole('link', { name: 'Nouvel acteur' }).count()).resolves.toBe(0);
    await own.click();
    await settle(s.page);
    const id = new URL(s.page.url()).pathname.split('/')[2];
    await s.page.getByRole('link', { name: 'Modifier', exact: true }).click();
    await settle(s.page);
    await s.page.getByText('Modifications soumises à validation').waitFor();
    await expectNoAxeViolations(s.page, 'fr /actors/:id/edit as actor');
    await s.page.locator('input[name="nameFr"]').fill('Coopérative Tifaouine des Femmes');
    await s.page.locator('input[name="address"]').fill('Quartier Lqliâa');
    await s.page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await s.page.waitForURL((url) => url.pathname === `/actors/${id}`);
    await settle(s.page);
    const pending = s.page.locator('[data-testid="pending-request"]');
    expect(await pending.textContent()).toContain(
      'Nom (caractères latins) → Coopérative Tifaouine des Femmes',
    );
    // The name waits for review; the address is saved at once.
    await expect.poll(() => s.page.locator('main h1').textContent()).toBe('Coopérative Tifaouine');
    expect(await s.page.locator('main').textContent()).toContain('Quartier Lqliâa');

    await s.page.getByRole('button', { name: 'Se déconnecter' }).click();
    await s.page.getByRole('link', { name: 'Se connecter' }).waitFor();
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/actors/change-requests');
    const card = s.page.locator('[data-testid="change-request"]', { hasText: 'Coopérative Tifaouine' });
    await card.locator('tbody tr').first().waitFor();
    await expect(card.locator('tbody tr').first().locator('td').allTextContents()).resolves.toEqual([
      'Coopérative Tifaouine',
      'Coopérative Tifaouine des Femmes',
    ]);
    await expectNoAxeViolations(s.page, 'fr /actors/change-requests with a request');
    await chooseLanguage(s.page, 'ar');
    await expectNoAxeViolations(s.page, 'ar /actors/change-requests with a request');
    await chooseLanguage(s.page, 'fr');
    await card.getByLabel('Note (facultative, gardée avec la décision)').fill('Nom vérifié auprès de l’ODCO');
    await card.getByRole('button', { name: /^Approuver/ }).click();
    await card.waitFor({ state: 'detached' });
    const actor = await (await s.page.request.get(`/api/actors/${id}`)).json();
    expect(actor.nameFr).toBe('Coopérative Tifaouine des Femmes');
  });

  it('has no axe violations on the registry pages in French and in Arabic', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/actors');
    const actor = await createActor(s.page, {
      kind: 'artisan',
      nameFr: 'Hassan Ait Lahcen',
      nameAr: 'حسن آيت لحسن',
      provinceCode: '09.273',
      cin: 'JB123456',
      membersMen: 1,
      womenLed: false,
      sex: 'male',
      birthDate: '1979-04-12',
      hasDisability: false,
    });
    await callApi(s.page, 'PATCH', `/api/actors/${actor.id}`, { commune: 'Tiznit', version: actor.version });
    const pages = [
      '/actors',
      '/actors?q=Hassan',
      `/actors/${actor.id}`,
      `/actors/${actor.id}?tab=history`,
      '/actors/new',
      `/actors/${actor.id}/edit`,
      '/actors/import',
      '/actors/change-requests',
      '/actors/duplicates',
    ];
    for (const lang of ['fr', 'ar'] as const) {
      await chooseLanguage(s.page, lang);
      for (const path of pages) {
        await visit(s.page, path);
        expect(await s.page.evaluate('document.documentElement.dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        await expectNoAxeViolations(s.page, `${lang} ${path}`);
      }
    }
    // In Arabic the list shows the Arabic-script name and the registry's nav entry reads السجل.
    await visit(s.page, '/actors?q=Hassan');
    await s.page.locator('main table a', { hasText: 'حسن آيت لحسن' }).waitFor();
    await expect(s.page.locator('nav#main-nav a', { hasText: 'السجل' }).count()).resolves.toBe(1);
    await chooseLanguage(s.page, 'fr');
  });
});
