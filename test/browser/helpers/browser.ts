/**
 * Chromium from Debian (never a downloaded browser), plus the page helpers the browser tests
 * share: logging in, waiting for a page to settle, and running axe-core on it.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; NASIJ_CHROMIUM points elsewhere (the same variable scripts/test.js reads). */
export const CHROMIUM_PATH = process.env.NASIJ_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM_PATH);

const AXE_PATH = fileURLToPath(new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url));
let axeSource: string | undefined;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Waits until the app has drawn its page: no request in flight and no loading spinner left. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('main h1').first().waitFor({ state: 'visible' });
  // Every loader gone (a page may show several at once, which a single-element wait refuses).
  // Counted through the locator: a string waitForFunction needs eval, which the app's CSP forbids.
  const loaders = page.locator('main [role="status"] .mantine-Loader-root');
  const deadline = Date.now() + 30_000;
  while ((await loaders.count()) > 0) {
    if (Date.now() > deadline) throw new Error('the page is still loading after 30 s');
    await page.waitForTimeout(50);
  }
}

/** Clicks the language button (named in its own language) unless that language is already on. */
export async function chooseLanguage(page: Page, lang: 'fr' | 'ar' | 'en'): Promise<void> {
  const button = page.locator(`header button[lang="${lang}"]`);
  if ((await button.getAttribute('aria-pressed')) === 'true') return;
  const loggedIn = (await page.locator('[data-testid="current-user"]').count()) > 0;
  const saved = loggedIn ? page.waitForResponse((r) => r.url().endsWith('/api/me')) : null;
  await button.click();
  await page.waitForFunction(`document.documentElement.lang === ${JSON.stringify(lang)}`);
  await saved;
}

/**
 * Logs in through the form, lands on `next`, and puts the UI in `lang` (login applies the
 * account's saved language, which an earlier test may have changed).
 */
export async function login(
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
  next = '/',
  lang = 'fr' as const,
) {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === next.split('?')[0]);
  await settle(page);
  await chooseLanguage(page, lang);
}

export async function htmlAttributes(page: Page): Promise<{ lang: string | null; dir: string | null }> {
  const html = page.locator('html');
  return { lang: await html.getAttribute('lang'), dir: await html.getAttribute('dir') };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

/** Runs axe-core with the WCAG 2.2 AA rule set; returns a readable list of violations. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) {
    // page.addScriptTag would add an inline <script>, which the server's CSP (script-src 'self')
    // rightly refuses; the tests keep that CSP on, so axe's source is evaluated through devtools.
    axeSource ??= fs.readFileSync(AXE_PATH, 'utf8');
    await page.evaluate(axeSource);
  }
  const violations = await page.evaluate<AxeViolation[]>(`
    window.axe
      .run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} } })
      .then((result) => result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      })))
  `);
  return violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n` +
      v.nodes
        .map((n) => `    at ${n.target.join(' ')}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`)
        .join('\n'),
  );
}
