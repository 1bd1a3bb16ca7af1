/**
 * The web app in Debian's Chromium against the real server on a fresh database:
 * login, real data, Arabic right-to-left, a form round trip with a server-side field error,
 * role-based "not allowed", 404, session expiry, confirmation before revoking, logout,
 * and axe-core (WCAG 2.2 AA) on every page in French and in Arabic.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  CHROMIUM_PATH,
  chooseLanguage,
  hasChromium,
  htmlAttributes,
  login,
  settle,
} from './helpers/browser.js';
import { expectNoAxeViolations, visit } from './helpers/page.js';
import { useScenario } from './helpers/scenario.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_PASSWORD } from './helpers/server.js';

if (!hasChromium) {
  process.stdout.write(
    `browser tests SKIPPED: ${CHROMIUM_PATH} is missing (install Debian's "chromium" package)\n`,
  );
}

const DIST = path.resolve('web/dist');

const title = hasChromium
  ? 'web app in Chromium'
  : `web app in Chromium — SKIPPED because ${CHROMIUM_PATH} is not installed`;

const ADMIN_PAGES = [
  '/',
  '/organisations',
  '/organisations/new',
  '/admin/users',
  '/admin/users/new',
  '/admin/tokens',
  '/admin/audit',
];

describe.skipIf(!hasChromium)(title, () => {
  const s = useScenario();

  it('shows the public home page to a visitor, in French by default, within 250 KB of gzipped JS', async () => {
    const scripts: string[] = [];
    s.page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (pathname.endsWith('.js')) scripts.push(pathname);
    });
    await visit(s.page, '/');
    const gzipBytes = scripts.reduce(
      (sum, pathname) => sum + gzipSync(fs.readFileSync(path.join(DIST, pathname))).length,
      0,
    );
    process.stdout.write(`first visit to / loaded ${scripts.length} scripts, ${gzipBytes} bytes gzipped\n`);
    expect(scripts.length).toBeGreaterThan(0);
    expect(gzipBytes).toBeLessThanOrEqual(250_000);

    expect(await htmlAttributes(s.page)).toEqual({ lang: 'fr', dir: 'ltr' });
    expect(await s.page.title()).toBe('Tableau de bord · Nasij');
    await s.page.locator('[data-testid="overview"]').waitFor();
    await expect(s.page.locator('nav#main-nav a').allTextContents()).resolves.toEqual([
      'Accueil',
      'Vue nationale',
      'Conventions',
      'Indicateurs',
      'Programmes',
    ]);
  });

  it('logs in as admin and shows real data from GET /api/overview on the home page', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    const overview = await (await s.page.request.get('/api/overview')).json();
    expect(overview.users.total).toBeGreaterThanOrEqual(4);
    const cards = s.page.locator('[data-testid="overview"] section');
    await expect(cards.nth(0).locator('.stat-value').textContent()).resolves.toBe(
      String(overview.organisations.total),
    );
    await expect(cards.nth(1).locator('.stat-value').textContent()).resolves.toBe(
      String(overview.users.total),
    );
    await expect(s.page.locator('nav#main-nav a').allTextContents()).resolves.toEqual([
      'Accueil',
      'Vue nationale',
      'Conventions',
      'Indicateurs',
      'Programmes',
      'Candidatures',
      'Rapports à valider',
      'Registre',
      'Organisations',
      'Utilisateurs',
      "Jetons d'API",
      "Journal d'audit",
    ]);
  });

  it('has no axe violations on any page in French', async () => {
    await visit(s.page, '/login');
    await expectNoAxeViolations(s.page, 'fr /login');
    await visit(s.page, '/nowhere');
    await expectNoAxeViolations(s.page, 'fr 404');
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    await chooseLanguage(s.page, 'fr');
    for (const path of ADMIN_PAGES) {
      await visit(s.page, path);
      expect((await htmlAttributes(s.page)).lang).toBe('fr');
      await expectNoAxeViolations(s.page, `fr ${path}`);
    }
  });

  it('switches to Arabic: right-to-left document, mirrored navigation, choice kept', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    const nav = s.page.locator('nav#main-nav');
    const ltrBox = await nav.boundingBox();
    expect(ltrBox && ltrBox.x + ltrBox.width / 2).toBeLessThan(640);

    await chooseLanguage(s.page, 'ar');
    expect(await htmlAttributes(s.page)).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(await s.page.evaluate('document.documentElement.dir')).toBe('rtl');
    expect(await s.page.title()).toBe('لوحة القيادة · نسيج');
    const rtlBox = await nav.boundingBox();
    expect(rtlBox && rtlBox.x + rtlBox.width / 2).toBeGreaterThan(640);
    expect(rtlBox && rtlBox.x + rtlBox.width).toBeCloseTo(1280, -1);

    // Kept on the account (PATCH /api/me) and in this browser (localStorage).
    const session = await (await s.page.request.get('/api/auth/session')).json();
    expect(session.user.locale).toBe('ar');
    await visit(s.page, '/organisations');
    expect(await htmlAttributes(s.page)).toEqual({ lang: 'ar', dir: 'rtl' });

    await chooseLanguage(s.page, 'fr');
    expect(await htmlAttributes(s.page)).toEqual({ lang: 'fr', dir: 'ltr' });
  });

  it('has no axe violations on any page in Arabic', async () => {
    await visit(s.page, '/');
    await chooseLanguage(s.page, 'ar');
    await expectNoAxeViolations(s.page, 'ar / (visitor)');
    await visit(s.page, '/login');
    await expectNoAxeViolations(s.page, 'ar /login');
    await visit(s.page, '/nowhere');
    await expectNoAxeViolations(s.page, 'ar 404');
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    await chooseLanguage(s.page, 'ar');
    for (const path of ADMIN_PAGES) {
      await visit(s.page, path);
      expect(await htmlAttributes(s.page)).toEqual({ lang: 'ar', dir: 'rtl' });
      await expectNoAxeViolations(s.page, `ar ${path}`);
    }
    await chooseLanguage(s.page, 'fr');
  });

  it('shows the server validation errors next to the email field, then creates the user', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/users/new');
    const email = s.page.locator('input[name="email"]');
    const errorOf = async () => {
      const id = await email.getAttribute('aria-describedby');
      return id
        ? s.page.locator(`[id="${id.split(' ').find((x) => x.includes('error')) ?? id}"]`).textContent()
        : null;
    };
    await email.fill('not-an-email');
    await s.page.locator('input[name="displayName"]').fill('Fatima Zahra');
    await s.page.locator('input[name="password"]').fill('Une-phrase-longue-2026');
    const rejected = s.page.waitForResponse(
      (r) => r.url().endsWith('/api/users') && r.request().method() === 'POST',
    );
    await s.page.locator('form button[type="submit"]').click();
    expect((await rejected).status()).toBe(400);
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    expect(await errorOf()).toBe('Saisissez une adresse e-mail valide.');
    expect(await s.page.evaluate('document.activeElement?.getAttribute("name")')).toBe('email');
    await expectNoAxeViolations(s.page, 'fr /admin/users/new with errors');

    await email.fill('partner@nasij.local');
    await s.page.locator('form button[type="submit"]').click();
    await expect.poll(errorOf).toBe('Cette adresse e-mail est déjà utilisée.');

    // The server's own rule (an actor belongs to an organisation) also lands on its field.
    await email.fill('fatima.zahra@example.ma');
    await s.page.locator('form button[type="submit"]').click();
    const organisation = s.page.locator('select[name="organisationId"]');
    await expect.poll(() => organisation.getAttribute('aria-invalid')).toBe('true');
    await organisation.selectOption({ index: 1 });
    await s.page.locator('form button[type="submit"]').click();
    await s.page.waitForURL((url) => url.pathname === '/admin/users');
    await settle(s.page);
    await s.page.locator('td', { hasText: 'fatima.zahra@example.ma' }).waitFor();

    // Disabling an account is destructive: it asks first, then shows the new status.
    await s.page.getByRole('button', { name: 'Désactiver Fatima Zahra' }).click();
    await s.page.getByRole('dialog').getByRole('button', { name: 'Désactiver' }).click();
    await s.page.getByRole('button', { name: 'Réactiver Fatima Zahra' }).waitFor();
  });

  it('creates and edits an organisation, with the territory code error at its field', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/organisations/new');
    await s.page.getByLabel('Nom (caractères latins)').fill('Coopérative Argane Essai');
    await s.page.getByLabel('Nom (caractères arabes)').fill('تعاونية أركان للتجربة');
    const territory = s.page.getByLabel('Code territorial');
    await territory.fill('Souss');
    await s.page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => territory.getAttribute('aria-invalid')).toBe('true');
    await expect(s.page.locator('[data-testid="form-error"]').isVisible()).resolves.toBe(true);

    await territory.fill('09');
    await s.page.getByRole('button', { name: 'Enregistrer' }).click();
    await s.page.waitForURL((url) => url.pathname === '/organisations');
    await settle(s.page);
    const edit = s.page.getByRole('link', { name: 'Modifier Coopérative Argane Essai', exact: true });
    await edit.click();
    await s.page.waitForURL((url) => url.pathname.endsWith('/edit'));
    await settle(s.page);
    await expectNoAxeViolations(s.page, 'fr /organisations/:id/edit');
    await s.page.getByLabel('Sigle').fill('CAE-9');
    await s.page.getByRole('button', { name: 'Enregistrer' }).click();
    await s.page.waitForURL((url) => url.pathname === '/organisations');
    await s.page.getByRole('cell', { name: 'CAE-9', exact: true }).waitFor();

    // In Arabic the list shows the Arabic-script name.
    await chooseLanguage(s.page, 'ar');
    await s.page.locator('td', { hasText: 'تعاونية أركان للتجربة' }).waitFor();
    await chooseLanguage(s.page, 'fr');
  });

  it('can be used from the keyboard: the skip link leads to the main content', async () => {
    await visit(s.page, '/');
    await s.page.keyboard.press('Tab');
    const skip = s.page.locator('a.skip-link');
    expect(await s.page.evaluate('document.activeElement?.className')).toBe('skip-link');
    expect(await skip.textContent()).toBe('Aller au contenu principal');
    await s.page.keyboard.press('Enter');
    await expect.poll(() => s.page.evaluate('document.activeElement?.id')).toBe('main');
  });

  it('speaks English when asked', async () => {
    await visit(s.page, '/');
    await chooseLanguage(s.page, 'en');
    expect(await htmlAttributes(s.page)).toEqual({ lang: 'en', dir: 'ltr' });
    expect(await s.page.title()).toBe('Dashboard · Nasij');
    await expectNoAxeViolations(s.page, 'en /');
    await chooseLanguage(s.page, 'fr');
  });

  it('never leaves a blank screen: a failed request offers a retry, a broken answer the error page', async () => {
    // A server error: the request is retried, then the page says so and offers to try again.
    await s.page.route('**/api/overview', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Not ready',
          status: 503,
          code: 'NOT_READY',
          detail: 'x',
        }),
      }),
    );
    await s.page.goto('/');
    const retry = s.page.getByRole('button', { name: 'Réessayer' });
    await retry.waitFor({ timeout: 20_000 });
    expect(await s.page.getByRole('alert').textContent()).toContain('Le serveur démarre.');
    await expectNoAxeViolations(s.page, 'fr failed request');
    await s.page.unroute('**/api/overview');
    await retry.click();
    await s.page.locator('[data-testid="overview"]').waitFor();

    // An answer the page cannot render: the error boundary shows a way back and a retry.
    await s.page.route('**/api/overview', (route) => route.fulfill({ status: 200, json: {} }));
    await s.page.goto('/');
    await s.page.locator('[data-page="error"]').waitFor();
    expect(await s.page.title()).toBe('Une erreur est survenue · Nasij');
    await expect(s.page.getByRole('link', { name: "Retour à l'accueil" }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(s.page, 'fr error page');
    await s.page.unroute('**/api/overview');
    await s.page.getByRole('button', { name: 'Réessayer' }).click();
    await s.page.locator('[data-testid="overview"]').waitFor();
  });

  it('shows "not allowed" when the API answers 403 for a page the navigation offers', async () => {
    await login(s.page, s.url, 'coop@nasij.local', DEMO_PASSWORD);
    await s.page.route('**/api/organisations', (route) =>
      route.fulfill({
        status: 403,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, code: 'FORBIDDEN' }),
      }),
    );
    await s.page.locator('nav#main-nav a', { hasText: 'Organisations' }).click();
    await s.page.locator('[data-page="not-allowed"]').waitFor();
    expect(await s.page.locator('table').count()).toBe(0);
  });

  it('asks for confirmation before revoking a token, and shows the secret once', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/tokens');
    await s.page.locator('input[name="name"]').fill('robot-export');
    await s.page.locator('select[name="organisationId"]').selectOption({ index: 1 });
    await s.page.locator('form button[type="submit"]').click();
    const secret = await s.page.locator('[data-testid="token-secret"]').textContent();
    expect(secret?.length).toBeGreaterThan(20);

    const revoke = s.page.getByRole('button', { name: 'Révoquer le jeton robot-export' });
    await revoke.click();
    const dialog = s.page.getByRole('dialog');
    await dialog.waitFor();
    await expectNoAxeViolations(s.page, 'fr confirmation dialog');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(revoke.isVisible()).resolves.toBe(true);

    await revoke.click();
    await s.page.getByRole('dialog').getByRole('button', { name: 'Révoquer' }).click();
    await s.page.locator('td', { hasText: 'Révoqué' }).waitFor();
  });

  it('verifies the audit chain', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/audit');
    await s.page.getByRole('button', { name: 'Vérifier la chaîne' }).click();
    await expect(s.page.locator('[data-testid="verify-result"]').textContent()).resolves.toContain(
      'La chaîne est intacte',
    );
  });

  it('shows "not allowed" to a partner who follows a deep link to an admin page', async () => {
    await login(s.page, s.url, 'partner@nasij.local', DEMO_PASSWORD, '/admin/users');
    await s.page.locator('[data-page="not-allowed"]').waitFor();
    expect(await s.page.locator('table').count()).toBe(0);
    expect(await s.page.locator('nav#main-nav a').allTextContents()).toEqual([
      'Accueil',
      'Vue nationale',
      'Conventions',
      'Indicateurs',
      'Programmes',
      'Candidatures',
      'Mes rapports',
      'Registre',
      'Organisations',
    ]);
    await expectNoAxeViolations(s.page, 'fr not allowed');
    await chooseLanguage(s.page, 'ar');
    expect(await s.page.locator('main h1').textContent()).toBe('غير مسموح بالوصول');
    await expectNoAxeViolations(s.page, 'ar not allowed');
    await chooseLanguage(s.page, 'fr');
  });

  it('sends a visitor who opens an admin page to the login page', async () => {
    await s.page.goto('/admin/audit');
    await s.page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(s.page.url()).searchParams.get('next')).toBe('/admin/audit');
  });

  it('shows the 404 page for an unknown route', async () => {
    await visit(s.page, '/cette/page/nexiste/pas');
    await s.page.locator('[data-page="not-found"]').waitFor();
    expect(await s.page.title()).toBe('Page introuvable · Nasij');
  });

  it('tells the user when the session has expired and brings them back after login', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/users');
    await s.context.clearCookies();
    await s.page.locator('nav#main-nav a', { hasText: "Jetons d'API" }).click();
    const dialog = s.page.getByRole('dialog', { name: 'Session expirée' });
    await dialog.waitFor();
    await expectNoAxeViolations(s.page, 'fr session expired');
    await dialog.getByRole('button', { name: 'Se reconnecter' }).click();
    await s.page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(s.page.url()).searchParams.get('next')).toBe('/admin/tokens');
    await settle(s.page);
    await dialog.waitFor({ state: 'detached' });
    await expectNoAxeViolations(s.page, 'fr /login after expiry');
    await s.page.locator('input[name="email"]').fill(ADMIN_EMAIL);
    await s.page.locator('input[name="password"]').fill(ADMIN_PASSWORD);
    await s.page.locator('form button[type="submit"]').click();
    await s.page.waitForURL((url) => url.pathname === '/admin/tokens');
  });

  it('rejects wrong credentials with a translated message', async () => {
    await visit(s.page, '/login');
    await s.page.locator('input[name="email"]').fill(ADMIN_EMAIL);
    await s.page.locator('input[name="password"]').fill('wrong password here');
    await s.page.locator('form button[type="submit"]').click();
    await expect(s.page.locator('[data-testid="login-error"]').textContent()).resolves.toBe(
      'Adresse e-mail ou mot de passe incorrect.',
    );
  });

  it('logs out', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    await s.page.getByRole('button', { name: 'Se déconnecter' }).click();
    await s.page.getByRole('link', { name: 'Se connecter' }).waitFor();
    expect((await s.page.request.get('/api/auth/session')).status()).toBe(401);
    expect(await s.page.locator('nav#main-nav a').allTextContents()).toEqual([
      'Accueil',
      'Vue nationale',
      'Conventions',
      'Indicateurs',
      'Programmes',
    ]);
  });
});
