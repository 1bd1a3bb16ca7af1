/** Page helpers the browser test files share: opening a page, calling the API as the UI does, reading errors, axe. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { axeViolations, settle } from './browser.js';

/** Runs axe-core on the page and fails with every violation written out. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length > 0) process.stderr.write(`axe violations on ${label}:\n${violations.join('\n')}\n`);
  expect(violations, `axe violations on ${label}`).toEqual([]);
}

/** Opens a page and waits until it has settled. */
export async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await settle(page);
}

/** Calls the API with the browser's session (cookie and CSRF token), as the UI would. */
export async function callApi(page: Page, method: string, path: string, data?: unknown) {
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
export async function fieldError(page: Page, selector: string): Promise<string | null> {
  const ids = (await page.locator(selector).getAttribute('aria-describedby')) ?? '';
  const id = ids.split(' ').find((x) => x.includes('error'));
  return id ? page.locator(`[id="${id}"]`).textContent() : null;
}
