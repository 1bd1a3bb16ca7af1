import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../test/helpers/app.js';
import { verifyAuditChain } from '../audit/audit.service.js';
import { listDemoCommitments, seedDemoConventions } from './demo.conventions.js';
import { seedDemo } from './demo.seed.js';

interface ConventionList {
  total: number;
  items: Array<{
    reference: string;
    isDemo: boolean;
    titleFr: string;
    counts: { milestonesOverdue: number; milestonesDone: number };
  }>;
}

describe('demo conventions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.handle.db, { password: TEST_PASSWORD });
  });
  afterAll(() => t.close());

  async function signInAs(email: string) {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: TEST_PASSWORD },
    });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'nasij_session')?.value ?? '';
    const csrf = (login.json() as { csrfToken: string }).csrfToken;
    return (method: string, url: string, payload?: object) =>
      t.app.inject({
        method: method as 'GET',
        url,
        headers: { cookie: `nasij_session=${cookie}`, 'x-csrf-token': csrf },
        ...(payload ? { payload } : {}),
      });
  }

  it('publishes six example conventions of the Benguérir conference, covering every axis', async () => {
    const list = (
      await t.app.inject({ method: 'GET', url: '/api/conventions?limit=50' })
    ).json() as ConventionList;
    expect(list.total).toBe(6);
    expect(list.items.every((c) => c.isDemo && c.titleFr.includes('(exemple)'))).toBe(true);
    const axes = new Set<string>();
    const commitments = await listDemoCommitments(t.database.handle.db);
    for (const c of commitments) axes.add(c.axisCode);
    const conventionAxes = await t.database.handle.db
      .selectFrom('convention_axis_links')
      .select('axis_code')
      .distinct()
      .execute();
    expect(conventionAxes.map((a) => a.axis_code).sort()).toHaveLength(10);
    expect(list.items.reduce((n, c) => n + c.counts.milestonesOverdue, 0)).toBeGreaterThan(3);
    expect(list.items.reduce((n, c) => n + c.counts.milestonesDone, 0)).toBeGreaterThan(3);
    expect(commitments.length).toBeGreaterThanOrEqual(14);
    const regions = new Set(commitments.flatMap((c) => c.territoryCodes.map((code) => code.slice(0, 2))));
    expect(regions.size).toBeGreaterThanOrEqual(10);
    expect(commitments.some((c) => c.territoryCodes.length === 0)).toBe(true);
    expect(commitments.find((c) => c.key === 'EX-ASSISES5-01/E1')).toMatchObject({
      territoryCodes: ['02', '08', '09'],
    });
  });

  it('shows the unpublished draft to the demo partner and region, who edit only what they may', async () => {
    const partner = await signInAs('partner@nasij.local');
    const region = await signInAs('region@nasij.local');
    const coop = await signInAs('coop@nasij.local');
    expect(((await partner('GET', '/api/conventions')).json() as ConventionList).total).toBe(7);
    expect(((await region('GET', '/api/conventions')).json() as ConventionList).total).toBe(7);
    expect(((await coop('GET', '/api/conventions')).json() as ConventionList).total).toBe(6);
    const own = (await listDemoCommitments(t.database.handle.db)).find((c) => c.key === 'EX-ASSISES5-01/E1');
    const other = (await listDemoCommitments(t.database.handle.db)).find(
      (c) => c.key === 'EX-ASSISES5-01/E2',
    );
    expect(
      (
        await partner('PATCH', `/api/commitments/${own?.id}`, {
          description: 'Livraisons en cours (exemple)',
        })
      ).statusCode,
    ).toBe(200);
    expect((await partner('PATCH', `/api/commitments/${other?.id}`, { description: 'x' })).statusCode).toBe(
      403,
    );
    const convergence = (
      await t.app.inject({ method: 'GET', url: '/api/territories/09/convergence' })
    ).json() as {
      conventions: unknown[];
      totals: { commitments: number; budgetCentimes: number };
    };
    expect(convergence.conventions.length).toBeGreaterThanOrEqual(4);
    expect(convergence.totals.budgetCentimes).toBeGreaterThan(0);
  });

  it('is loaded once, written through the audit trail', async () => {
    const again = await seedDemoConventions(t.database.handle.db);
    expect(again.conventionsCreated).toBe(0);
    expect(again.commitments.length).toBeGreaterThanOrEqual(14);
    expect((await verifyAuditChain(t.database.handle.db)).ok).toBe(true);
    const created = await t.database.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'convention.created')
      .execute();
    expect(created).toHaveLength(7);
  });
});
