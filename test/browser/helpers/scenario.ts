/**
 * One browser test run: the server, Chromium, a fresh browser context per test, and a
 * screenshot in test-results/ for every failed test.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, type TestContext } from 'vitest';
import { launchChromium } from './browser.js';
import { type RunningServer, startServer } from './server.js';

export interface Scenario {
  url: string;
  page: Page;
  context: BrowserContext;
}

const RESULTS_DIR = path.resolve('test-results');

export function useScenario(): Scenario {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const scenario = {} as Scenario;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    scenario.url = server.url;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  beforeEach(async () => {
    if (!browser) throw new Error('browser not started');
    scenario.context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      baseURL: scenario.url,
      // The theme honours reduced motion, so dialogs appear at once: axe then checks the settled
      // colours, not a frame of a fade-in (which once read as low contrast).
      reducedMotion: 'reduce',
    });
    scenario.page = await scenario.context.newPage();
  });

  // By the time afterEach runs, a failed test is already marked failed: keep what the page showed.
  afterEach(async (test: TestContext) => {
    if (test.task.result?.state === 'fail') {
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      const name = test.task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      const file = path.join(RESULTS_DIR, `${name}.png`);
      await scenario.page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      process.stderr.write(`screenshot of the failed page: ${file}\n`);
      if (server) process.stderr.write(`server output (last 3000 chars):\n${server.output().slice(-3000)}\n`);
    }
    await scenario.context?.close();
  });

  return scenario;
}
