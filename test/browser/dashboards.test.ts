/**
 * The dashboards in Chromium against the real server and its demo data: the national overview's map
 * and chart with an indicator and a period chosen, their table alternatives holding the API's numbers,
 * the map reachable and usable with the keyboard, the territory convergence page, Arabic right to
 * left with Arabic territory names, axe-core on each page in French and Arabic, and the first page's
 * JavaScript within budget without the chart and map code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chooseLanguage, hasChromium, htmlAttributes } from './helpers/browser.js';
import { expectNoAxeViolations } from './helpers/page.js';
import { useScenario } from './helpers/scenario.js';

const DIST = path.resolve('web/dist');

const title = hasChromium
  ? 'dashboards and map in Chromium'
  : `dashboards and map in Chromium — SKIPPED because ${CHROMIUM_PATH} is not installed`;

interface Indicator {
  code: string;
  nameFr: string;
  nameAr: string;
  unit: string;
  aggregation: string;
}
interface AnalyticsRow {
  territoryCode: string | null;
  period: string;
  actual: number | null;
  target: number | null;
  available: boolean;
}
interface Territory {
  code: string;
  nameFr: string;
  nameAr: string;
  parentCode: string | null;
}

/** Opens a page and waits for the app, the map (when there is one) and the charts to be drawn. */
async function visit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForDrawings(page);
}

/**
 * Like the shared `settle`, for pages with several sections loading at once (several loaders): waits
 * for the h1, for no loader left in the page, and for every chart to be drawn.
 */
async function waitForDrawings(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('main h1').first().waitFor({ state: 'visible' });
  // Polled from here: waitForFunction would evaluate a string in the page, which the CSP refuses.
  await expect
    .poll(
      () =>
        page.evaluate<boolean>(
          `!document.querySelector('main .mantine-Loader-root') &&
           [...document.querySelectorAll('.echart')].every((e) => e.getAttribute('data-ready') === 'true')`,
        ),
      { timeout: 20_000 },
    )
    .toBe(true);
}

/** Waits for the page's h1 to read `text` (the previous page's h1 stays while the next one loads). */
async function waitForTitle(page: Page, text: string): Promise<void> {
  await expect.poll(() => page.locator('main h1').first().textContent(), { timeout: 20_000 }).toBe(text);
  await waitForDrawings(page);
}

async function getJson<T>(page: Page, url: string): Promise<T> {
  const response = await page.request.get(url);
  expect(response.status(), `GET ${url}`).toBe(200);
  return (await response.json()) as T;
}

/** What the app shows for a value of a counted indicator in French (see web/src/pages/dashboards/units.ts). */
function frenchNumber(value: number): string {
  return new Intl.NumberFormat('fr-MA').format(Math.round(value * 100) / 100);
}

/** The demo's first indicator that counts (not a ratio, not an amount), with regional values in 2025–2026. */
async function countedIndicator(page: Page): Promise<{ indicator: Indicator; rows: AnalyticsRow[] }> {
  const { items } = await getJson<{ items: Indicator[] }>(page, '/api/indicators?limit=500');
  for (const indicator of items) {
    if (indicator.aggregation === 'ratio' || indicator.unit === 'mad') continue;
    const { rows } = await getJson<{ rows: AnalyticsRow[] }>(
      page,
      `/api/analytics?indicator=${indicator.code}&level=region&grain=year&from=2025&to=2026`,
    );
    if (rows.filter((r) => r.actual !== null && r.territoryCode !== null).length >= 2)
      return { indicator, rows };
  }
  throw new Error('the demo data has no counted indicator with regional values in 2025-2026');
}

describe.skipIf(!hasChromium)(title, () => {
  const s = useScenario();

  it('keeps the first page within 250 KB of gzipped JS, without ECharts, d3 or the map files', async () => {
    const loaded: string[] = [];
    s.page.on('response', (response) => loaded.push(new URL(response.url()).pathname));
    await visit(s.page, '/');
    const scripts = loaded.filter((p) => p.endsWith('.js'));
    const gzipBytes = scripts.reduce(
      (sum, p) => sum + gzipSync(fs.readFileSync(path.join(DIST, p))).length,
      0,
    );
    process.stdout.write(`first visit to / loaded ${scripts.length} scripts, ${gzipBytes} bytes gzipped\n`);
    expect(gzipBytes).toBeLessThanOrEqual(250_000);
    expect(loaded.filter((p) => p.startsWith('/maps/'))).toEqual([]);
    // Neither ECharts (its chunk, its API) nor d3-geo (property names survive minifying) is in it.
    expect(scripts.filter((p) => /\/echarts-[\w-]+\.js$/.test(p))).toEqual([]);
    const firstPageCode = scripts.map((p) => fs.readFileSync(path.join(DIST, p), 'utf8')).join('\n');
    expect(firstPageCode).not.toContain('registerTheme');
    expect(firstPageCode).not.toContain('fitExtent');

    // The overview fetches the regions' map and ECharts only then.
    loaded.length = 0;
    await s.page.locator('nav#main-nav a', { hasText: 'Vue nationale' }).click();
    await s.page.waitForURL((url) => url.pathname === '/overview');
    await waitForDrawings(s.page);
    expect(loaded).toContain('/maps/regions.topojson');
    expect(loaded.some((p) => /\/assets\/echarts-[\w-]+\.js$/.test(p))).toBe(true);
  });

  it('draws the overview map from the demo data, for the indicator and period chosen', async () => {
    await visit(s.page, '/overview');
    expect(await s.page.title()).toBe('Vue nationale · Nasij');
    await expect(s.page.locator('[data-testid="key-figures"] section').count()).resolves.toBe(4);
    const map = s.page.locator('[data-testid="indicator-map"]');
    await expect(map.locator('a.choropleth-area').count()).resolves.toBe(12);
    await expect(map.locator('[data-testid="map-attribution"]').textContent()).resolves.toContain(
      '© OpenStreetMap contributors (ODbL)',
    );

    const { indicator, rows } = await countedIndicator(s.page);
    await s.page.locator('select[name="indicator"]').selectOption(indicator.code);
    await s.page.locator('select[name="grain"]').selectOption('year');
    await s.page.locator('select[name="from"]').selectOption('2025');
    await s.page.locator('select[name="to"]').selectOption('2026');
    await s.page.waitForURL((url) => url.searchParams.get('indicator') === indicator.code);
    await waitForDrawings(s.page);

    // The map shows the latest year with values: each region's value as the API gives it.
    const latest =
      rows
        .filter((r) => r.actual !== null && r.available)
        .map((r) => r.period)
        .sort()
        .at(-1) ?? '';
    await expect
      .poll(() => map.locator('h2').first().textContent())
      .toBe(`${indicator.nameFr} par région — ${latest}`);
    await waitForDrawings(s.page);
    const expected = new Map(
      rows.filter((r) => r.period === latest && r.territoryCode !== null).map((r) => [r.territoryCode, r]),
    );
    const shown = await map
      .locator('a.choropleth-area')
      .evaluateAll((areas) => areas.map((a) => [a.getAttribute('data-code'), a.getAttribute('data-value')]));
    for (const [code, value] of shown) {
      const row = expected.get(code);
      expect(value, `map value of ${code}`).toBe(
        row?.available && row.actual !== null ? String(row.actual) : '',
      );
    }

    // The table alternative holds the same numbers, formatted in French.
    await map.locator('[data-testid="table-toggle"]').click();
    const table = map.locator('[data-testid="indicator-map-table"]');
    await expect(table.locator('caption').textContent()).resolves.toContain(indicator.nameFr);
    for (const [code, row] of expected) {
      const cell = table.locator(`tr[data-key="${code}"] td[data-column="actual"]`);
      await expect(cell.textContent()).resolves.toBe(
        row.available && row.actual !== null ? frenchNumber(row.actual) : 'non disponible',
      );
    }
    await expect(table.locator('tbody tr').count()).resolves.toBe(12);
    await expectNoAxeViolations(s.page, 'fr overview, map as a table');

    // The national chart's table: one row per year, the API's national values.
    const nation = await getJson<{ rows: AnalyticsRow[] }>(
      s.page,
      `/api/analytics?indicator=${indicator.code}&level=nation&grain=year&from=2025&to=2026`,
    );
    const series = s.page.locator('[data-testid="national-series"]');
    await series.locator('[data-testid="table-toggle"]').click();
    for (const year of ['2025', '2026']) {
      const row = nation.rows.find((r) => r.period === year && r.territoryCode === null);
      await expect(
        series.locator(`tr[data-key="${year}"] td[data-column="actual"]`).textContent(),
      ).resolves.toBe(row?.actual != null && row.available ? frenchNumber(row.actual) : 'non disponible');
    }

    // By quarter: 8 periods in the chart's table; by province: 75 areas on the map.
    await s.page.locator('select[name="grain"]').selectOption('quarter');
    await s.page.waitForURL((url) => url.searchParams.get('grain') === 'quarter');
    await waitForDrawings(s.page);
    // Polled: the previous table stays on screen while the new one loads.
    await expect.poll(() => series.locator('tbody tr').count(), { timeout: 20_000 }).toBe(8);
    await expect(series.locator('tr[data-key="2025Q3"] th').textContent()).resolves.toBe('T3 2025');
    await s.page.locator('select[name="level"]').selectOption('province');
    await s.page.waitForURL((url) => url.searchParams.get('level') === 'province');
    await waitForDrawings(s.page);
    await expect.poll(() => map.locator('tbody tr').count(), { timeout: 20_000 }).toBe(75);
    await map.locator('[data-testid="table-toggle"]').click();
    await waitForDrawings(s.page);
    await expect(s.page.locator('[data-testid="choropleth"][data-level="province"]').count()).resolves.toBe(
      1,
    );
    await expect(map.locator('a.choropleth-area').count()).resolves.toBe(75);

    // The export links ask for the same table.
    const csv = await s.page.locator('[data-testid="exports"] a').first().getAttribute('href');
    expect(csv).toContain(`indicator=${indicator.code}`);
    const exported = await s.page.request.get(csv ?? '');
    expect(exported.status()).toBe(200);
  });

  it('filters on one value of a disaggregation (women only), with the API’s numbers in the table', async () => {
    const { items } = await getJson<{ items: Array<Indicator & { disaggregations: string[] }> }>(
      s.page,
      '/api/indicators?limit=500',
    );
    const indicator = items.find(
      (i) => i.disaggregations.includes('sex') && i.aggregation !== 'ratio' && i.unit !== 'mad',
    );
    expect(indicator, 'a demo indicator broken down by sex').toBeDefined();
    const code = indicator?.code ?? '';
    await visit(s.page, `/overview?indicator=${code}&level=region&grain=year&from=2025&to=2026`);
    await s.page.locator('select[name="only"]').selectOption('sex:female');
    await s.page.waitForURL((url) => url.searchParams.get('only') === 'sex:female');
    await waitForDrawings(s.page);
    const { rows } = await getJson<{ rows: AnalyticsRow[] }>(
      s.page,
      `/api/analytics?indicator=${code}&level=region&grain=year&from=2025&to=2026&breakdown=sex&values=female`,
    );
    const latest =
      rows
        .filter((r) => r.actual !== null)
        .map((r) => r.period)
        .sort()
        .at(-1) ?? '';
    const map = s.page.locator('[data-testid="indicator-map"]');
    await expect
      .poll(() => map.locator('h2').first().textContent())
      .toBe(`${indicator?.nameFr} (Femmes) par région — ${latest}`);
    await waitForDrawings(s.page);
    await map.locator('[data-testid="table-toggle"]').click();
    const withValues = rows.filter(
      (r) => r.period === latest && r.territoryCode !== null && r.actual !== null,
    );
    expect(withValues.length).toBeGreaterThan(0);
    for (const row of withValues) {
      await expect(
        map.locator(`tr[data-key="${row.territoryCode}"] td[data-column="actual"]`).textContent(),
      ).resolves.toBe(frenchNumber(row.actual ?? 0));
    }
    // Another indicator without that disaggregation drops the filter.
    const other = items.find((i) => i.disaggregations.length === 0);
    if (other) {
      await s.page.locator('select[name="indicator"]').selectOption(other.code);
      await s.page.waitForURL((url) => url.searchParams.get('indicator') === other.code);
      expect(new URL(s.page.url()).searchParams.get('only')).toBeNull();
      await expect.poll(() => s.page.locator('select[name="only"]').count()).toBe(0);
    }
    await expectNoAxeViolations(s.page, 'fr overview filtered');
  });

  it('reaches every area of the map with the keyboard, names it, and opens its convergence page', async () => {
    await visit(s.page, '/overview?level=region&grain=year&from=2025&to=2026');
    const areas = s.page.locator('[data-testid="indicator-map"] a.choropleth-area');
    await areas.first().waitFor();
    await s.page.locator('select[name="to"]').focus();
    let reached: string | null = null;
    for (let i = 0; i < 10 && !reached; i += 1) {
      await s.page.keyboard.press('Tab');
      reached = await s.page.evaluate<string | null>(
        `document.activeElement?.classList.contains('choropleth-area')
           ? document.activeElement.getAttribute('data-code')
           : null`,
      );
    }
    expect(reached, 'an area of the map takes the focus with Tab').not.toBeNull();
    const focused = s.page.locator(`a.choropleth-area[data-code="${reached}"]`);
    const label = await focused.getAttribute('aria-label');
    const { items: regions } = await getJson<{ items: Territory[] }>(s.page, '/api/territories?level=region');
    const region = regions.find((r) => r.code === reached);
    expect(label).toMatch(new RegExp(`^${region?.nameFr} : `));
    await expect(s.page.locator('.choropleth-tooltip strong').textContent()).resolves.toBe(region?.nameFr);
    // Tab goes through the 12 regions one by one.
    const visited = new Set([reached]);
    for (let i = 0; i < 11; i += 1) {
      await s.page.keyboard.press('Tab');
      visited.add(
        await s.page.evaluate<string | null>(`document.activeElement?.getAttribute('data-code') ?? null`),
      );
    }
    expect(visited.size).toBe(12);
    await focused.focus();
    await s.page.keyboard.press('Enter');
    await s.page.waitForURL((url) => url.pathname === `/territories/${reached}`);
    await waitForTitle(s.page, `Convergence : ${region?.nameFr}`);
  });

  it('shows a region’s conventions, commitments, indicator and provinces, then a province outlined on its region', async () => {
    const code = '06';
    const convergence = await getJson<{ conventions: Array<{ reference: string; commitments: unknown[] }> }>(
      s.page,
      `/api/territories/${code}/convergence`,
    );
    const { children } = await getJson<{ children: Territory[] }>(s.page, `/api/territories/${code}`);
    await visit(s.page, `/territories/${code}`);
    await expect(s.page.locator('[data-testid="convergence-convention"]').count()).resolves.toBe(
      convergence.conventions.length,
    );
    expect(convergence.conventions.length, 'demo conventions active in region 06').toBeGreaterThan(0);
    const first = convergence.conventions[0];
    const article = s.page.locator('[data-testid="convergence-convention"]').first();
    await expect(article.locator('h3').textContent()).resolves.toContain(first?.reference ?? '?');
    await expect(article.locator('tbody tr').count()).resolves.toBe(first?.commitments.length ?? -1);
    await expect(s.page.locator('[data-testid="child-links"] a').count()).resolves.toBe(children.length);
    await expect(s.page.locator('[data-testid="indicator-map"] a.choropleth-area').count()).resolves.toBe(
      children.filter((c) => c.parentCode === code).length,
    );
    await expectNoAxeViolations(s.page, 'fr region page');

    const province = children[0];
    await s.page.locator('[data-testid="child-links"] a', { hasText: province?.nameFr ?? '?' }).click();
    await s.page.waitForURL((url) => url.pathname === `/territories/${province?.code}`);
    await waitForTitle(s.page, `Convergence : ${province?.nameFr}`);
    const outlined = s.page.locator('[data-testid="indicator-map"] a.choropleth-area[aria-current="page"]');
    await expect(outlined.getAttribute('data-code')).resolves.toBe(province?.code);
    await expect(s.page.locator('.dash-breadcrumb a').allTextContents()).resolves.toHaveLength(2);
    await expectNoAxeViolations(s.page, 'fr province page');
  });

  it('reads right to left in Arabic with Arabic territory names, and passes axe on every page', async () => {
    await visit(s.page, '/overview');
    await expectNoAxeViolations(s.page, 'fr overview');
    await chooseLanguage(s.page, 'ar');
    await waitForDrawings(s.page);
    expect(await htmlAttributes(s.page)).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(await s.page.locator('main h1').textContent()).toBe('النظرة الوطنية');
    const { items: regions } = await getJson<{ items: Territory[] }>(s.page, '/api/territories?level=region');
    const labels = await s.page
      .locator('[data-testid="indicator-map"] a.choropleth-area')
      .evaluateAll((areas) => areas.map((a) => a.getAttribute('aria-label') ?? ''));
    expect(labels).toHaveLength(12);
    for (const region of regions) {
      expect(
        labels.some((l) => l.startsWith(`${region.nameAr}: `)),
        `Arabic name of ${region.code}`,
      ).toBe(true);
    }
    // The legend and captions follow the reading direction; the geography does not mirror: the
    // Oriental (02) stays east of Laâyoune-Sakia El Hamra (11).
    const direction = (selector: string) =>
      s.page.evaluate<string>(`getComputedStyle(document.querySelector('${selector}')).direction`);
    await expect(direction('.choropleth-legend')).resolves.toBe('rtl');
    await expect(direction('.choropleth-canvas')).resolves.toBe('ltr');
    const east = await s.page.locator('a.choropleth-area[data-code="02"]').boundingBox();
    const west = await s.page.locator('a.choropleth-area[data-code="11"]').boundingBox();
    expect(east && west && east.x > west.x + west.width / 2).toBe(true);
    await expectNoAxeViolations(s.page, 'ar overview');
    await s.page.locator('[data-testid="indicator-map"] [data-testid="table-toggle"]').click();
    await expect(
      s.page.locator('[data-testid="indicator-map-table"] caption').textContent(),
    ).resolves.toContain('المنجز والهدف');
    await expectNoAxeViolations(s.page, 'ar overview, map as a table');

    await visit(s.page, '/territories/06');
    expect(await htmlAttributes(s.page)).toEqual({ lang: 'ar', dir: 'rtl' });
    const region = regions.find((r) => r.code === '06');
    expect(await s.page.locator('main h1').textContent()).toBe(`الالتقائية: ${region?.nameAr}`);
    await expectNoAxeViolations(s.page, 'ar region page');
    await visit(s.page, '/territories/06.141');
    await expectNoAxeViolations(s.page, 'ar province page');
    await chooseLanguage(s.page, 'fr');
  });

  it('shows a convention’s dashboard: milestones, overdue items and indicator progress from the API', async () => {
    const { items } = await getJson<{ items: Array<{ id: string; reference: string }> }>(
      s.page,
      '/api/conventions?limit=200',
    );
    const listed = items.find((c) => c.reference === 'EX-ASSISES5-01') ?? items[0];
    const convention = await getJson<{
      id: string;
      titleFr: string;
      commitments: Array<{ id: string; overdue: boolean; milestones: Array<{ overdue: boolean }> }>;
    }>(s.page, `/api/conventions/${listed?.id}`);
    await visit(s.page, `/conventions/${convention.id}`);
    const section = s.page.locator('[data-testid="convention-progress"]');
    await section.waitFor();
    const overdue =
      convention.commitments.filter((c) => c.overdue).length +
      convention.commitments.flatMap((c) => c.milestones).filter((m) => m.overdue).length;
    expect(overdue, 'the demo convention has overdue items').toBeGreaterThan(0);
    await expect(section.locator('[data-testid="overdue-items"] tbody tr').count()).resolves.toBe(overdue);

    // Each commitment's indicators: the progress bar says what the analytics route computes.
    let bars = 0;
    for (const commitment of convention.commitments) {
      const { items: indicators } = await getJson<{ items: Indicator[] }>(
        s.page,
        `/api/indicators?commitment=${commitment.id}&limit=500`,
      );
      for (const indicator of indicators) {
        const { rows } = await getJson<{ rows: Array<AnalyticsRow & { progressPercent: number | null }> }>(
          s.page,
          `/api/analytics?indicator=${indicator.code}&level=nation&grain=year&from=2025&to=2026&convention=${convention.id}`,
        );
        const latest = rows
          .filter((r) => r.territoryCode === null && r.actual !== null)
          .sort((a, b) => b.period.localeCompare(a.period))[0];
        const bar = section.locator(
          `[data-commitment="${commitment.id}"] li[data-key="${indicator.code}"] [role="progressbar"]`,
        );
        const expected =
          latest?.available && latest.progressPercent !== null
            ? new Intl.NumberFormat('fr-MA', { style: 'percent', maximumFractionDigits: 0 }).format(
                latest.progressPercent / 100,
              )
            : 'non disponible';
        await expect(bar.getAttribute('aria-valuetext')).resolves.toBe(expected);
        bars += 1;
      }
    }
    expect(bars, 'demo commitments with indicators').toBeGreaterThan(0);
    await expectNoAxeViolations(s.page, 'fr convention page with its dashboard');
    await chooseLanguage(s.page, 'ar');
    await waitForDrawings(s.page);
    await expect(section.locator('#convention-progress').textContent()).resolves.toBe('لوحة قيادة الاتفاقية');
    await expectNoAxeViolations(s.page, 'ar convention page with its dashboard');
    await chooseLanguage(s.page, 'fr');
  });

  it('answers an unknown territory with the not-found page, not a blank page', async () => {
    await s.page.goto('/territories/99');
    await waitForDrawings(s.page);
    expect(await s.page.locator('main h1').textContent()).toBe('Page introuvable');
    await expect(s.page.locator('[data-page="not-found"]').count()).resolves.toBe(1);
  });
});
