/**
 * The applicant side of programmes in Chromium against the real server: a territorial agent applies
 * on behalf of a cooperative of its territory (actor picker), attaches PDFs (a false PDF and a closed
 * call refused in words); the cooperative appeals within the deadline (a second appeal refused with
 * 409 ALREADY_APPEALED, in words), reads the unread count in the header and withdraws an application
 * behind a confirmation; the manager decides the appeal (eligibility checked again) and names an
 * evaluator (one of the applicant's own organisation refused: conflict of interest); the cooperative
 * saves a draft with a missing answer, is refused at that field on submitting it, completes and
 * submits it. Arabic right-to-left; axe-core on each state in French and in Arabic.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chooseLanguage, hasChromium, login, settle } from './helpers/browser.js';
import { callApi, expectNoAxeViolations, fieldError, visit } from './helpers/page.js';
import { type Scenario, useScenario } from './helpers/scenario.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_PASSWORD } from './helpers/server.js';

const title = hasChromium
  ? 'programmes, the applicant side, in Chromium'
  : `programmes, the applicant side, in Chromium — SKIPPED because ${CHROMIUM_PATH} is not installed`;

const COOP_EMAIL = 'coop@nasij.local';
const AGENT_EMAIL = 'region@nasij.local';
const DAY = 86_400_000;

/** The server checks the content's header, not the name: enough of a PDF for an attachment. */
const pdf = (name: string) => ({
  name,
  mimeType: 'application/pdf',
  buffer: Buffer.from(`%PDF-1.4\n% ${name}\n%%EOF\n`, 'latin1'),
});
const notPdf = { name: 'statuts.pdf', mimeType: 'application/pdf', buffer: Buffer.from('du texte\n') };

interface Setup {
  programmeId: string;
  openCallId: string;
  agentApplicationId?: string;
  coopActorId?: string;
  ineligibleApplicationId?: string;
  insiderName?: string;
}

/** Runs `work` with an administrator's API session in its own browser context (the page keeps its user). */
async function asAdmin(
  s: Scenario,
  work: (call: (method: string, path: string, data?: unknown) => Promise<unknown>) => Promise<void>,
) {
  const browser = s.context.browser();
  if (!browser) throw new Error('no browser');
  const context = await browser.newContext({ baseURL: s.url });
  try {
    const signedIn = await context.request.post('/api/auth/login', {
      data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    await work(async (method, path, data) => {
      const response = await context.request.fetch(path, {
        method,
        headers: { 'x-csrf-token': csrfToken },
        ...(data === undefined ? {} : { data }),
      });
      const body = response.status() === 204 ? null : await response.json();
      if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${JSON.stringify(body)}`);
      return body;
    });
  } finally {
    await context.close();
  }
}

const openCall = (reference: string, eligibilityRules: unknown) => ({
  reference,
  titleFr: `Appel ${reference}`,
  titleAr: `طلب ترشيح ${reference}`,
  opensAt: new Date(Date.now() - DAY).toISOString(),
  closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
  status: 'published',
  budgetCentimes: 10_000_000,
  eligibilityRules,
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
  scoringGrid: [{ code: 'quality', labelFr: 'Qualité', labelAr: 'الجودة', weight: 1, max: 20 }],
});

async function setUp(page: Page): Promise<Setup> {
  const partners = await (await page.request.get('/api/partners')).json();
  const andf = partners.items.find((p: { acronym: string | null }) => p.acronym === 'ANDF-EX');
  const programme = await callApi(page, 'POST', '/api/programmes', {
    reference: 'PRG-CANDIDAT-WEB',
    organisationId: andf.id,
    kind: 'financing',
    titleFr: 'Appui aux coopératives (candidats)',
    titleAr: 'دعم التعاونيات (المترشحون)',
    budgetCentimes: 100_000_000,
    status: 'active',
  });
  const call = await callApi(page, 'POST', `/api/programmes/${programme.id}/calls`, {
    ...openCall('AAC-AGENT-WEB', { all: [] }),
  });
  return { programmeId: programme.id, openCallId: call.id };
}

/** The header link's accessible name carries the unread count. */
async function unreadInHeader(page: Page): Promise<number> {
  const link = page.locator('header [data-testid="header-notifications"]');
  return Number((await link.getAttribute('data-unread')) ?? 'NaN');
}

describe.skipIf(!hasChromium)(title, () => {
  const s = useScenario();
  let setup: Setup | undefined;

  it('a territorial agent applies for a cooperative of its territory and attaches PDFs while the call is open', async () => {
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/programmes');
    setup = await setUp(s.page);
    await s.page.context().clearCookies();
    await login(s.page, s.url, AGENT_EMAIL, DEMO_PASSWORD, `/calls/${setup.openCallId}`);
    const picker = s.page.locator('[data-testid="actor-picker"]');
    await picker.waitFor();
    await expectNoAxeViolations(s.page, 'fr /calls/:id (agent, actor picker)');

    // No actor chosen: said at the choice, nothing sent.
    await s.page.locator('input[name="project"]').fill('Un atelier de tissage');
    await s.page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    const choice = s.page.locator('select[name="actorId"]');
    await expect.poll(() => choice.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(s.page, 'select[name="actorId"]')).toBe(
      "Choisissez l'acteur pour lequel vous déposez.",
    );

    await s.page.locator('input[name="actorSearch"]').fill('Tifaouine');
    const option = choice.locator('option', { hasText: 'Tifaouine' });
    await expect.poll(() => option.count()).toBeGreaterThan(0);
    expect(await s.page.locator('[data-testid="actor-count"]').textContent()).toMatch(/Acteurs trouvés : \d/);
    await choice.selectOption((await option.first().getAttribute('value')) ?? '');
    await expectNoAxeViolations(s.page, 'fr /calls/:id (agent, actor chosen)');
    await s.page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    await s.page.waitForURL((url) => /^\/applications\/[0-9a-f-]{36}$/.test(url.pathname));
    await settle(s.page);
    setup.agentApplicationId = s.page.url().split('/').pop() as string;
    expect(await s.page.locator('[data-testid="application-status"]').textContent()).toBe('Éligible');
    const view = await callApi(s.page, 'GET', `/api/applications/${setup.agentApplicationId}`);
    expect(view).toMatchObject({ onBehalf: true });
    expect(view.actorName).toContain('Tifaouine');
    setup.coopActorId = view.actorId;

    // A text file named .pdf is refused at the file field; a PDF is listed and downloads.
    const file = s.page.locator('[data-testid="attachments"] input[type="file"]');
    await file.setInputFiles(notPdf);
    const refused = s.page.waitForResponse(
      (r) => r.url().endsWith('/attachments') && r.request().method() === 'POST',
    );
    await s.page.getByRole('button', { name: 'Joindre', exact: true }).click();
    expect((await refused).status()).toBe(415);
    await expect
      .poll(() => s.page.locator('[data-testid="file-error"]').textContent())
      .toBe("Ce fichier n'est pas un PDF. Choisissez un document PDF.");
    await expectNoAxeViolations(s.page, 'fr /applications/:id (attachment refused)');
    await s.page.locator('input[name="label"]').fill('Statuts de la coopérative');
    await file.setInputFiles(pdf('statuts.pdf'));
    await s.page.getByRole('button', { name: 'Joindre', exact: true }).click();
    const listed = s.page.locator('[data-testid="attachment-list"] a', {
      hasText: 'Statuts de la coopérative',
    });
    await listed.waitFor();
    const download = await s.page.request.get((await listed.getAttribute('href')) ?? '');
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toContain('application/pdf');
    expect((await download.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await expectNoAxeViolations(s.page, 'fr /applications/:id (agent, attachments)');

    await chooseLanguage(s.page, 'ar');
    expect(await s.page.evaluate('document.documentElement.dir')).toBe('rtl');
    await expect.poll(() => s.page.locator('#attachments-title').textContent()).toBe('المرفقات');
    await expectNoAxeViolations(s.page, 'ar /applications/:id (agent, attachments)');
    await chooseLanguage(s.page, 'fr');

    // The call closes while the page is open: the next attachment is refused in words.
    await asAdmin(s, async (call) => {
      await call('PATCH', `/api/calls/${setup?.openCallId}`, {
        closesAt: new Date(Date.now() - 1000).toISOString(),
      });
    });
    await file.setInputFiles(pdf('devis.pdf'));
    const closed = s.page.waitForResponse(
      (r) => r.url().endsWith('/attachments') && r.request().method() === 'POST',
    );
    await s.page.getByRole('button', { name: 'Joindre', exact: true }).click();
    expect((await closed).status()).toBe(409);
    await expect
      .poll(() => s.page.locator('[data-testid="attachment-closed"]').textContent())
      .toBe("L'appel est clos : on ne peut plus joindre de pièces.");
    await expectNoAxeViolations(s.page, 'fr /applications/:id (call closed)');
  });

  it('the cooperative appeals within the deadline, reads the unread count in the header and withdraws an application', async () => {
    if (!setup?.agentApplicationId) throw new Error('the first test applies');
    const ids: { ineligibleCall?: string; eligibleCall?: string } = {};
    await asAdmin(s, async (call) => {
      const ineligible = (await call(
        'POST',
        `/api/programmes/${setup?.programmeId}/calls`,
        openCall('AAC-RECOURS-WEB', { all: [{ field: 'members_count', op: '>=', value: 100_000 }] }),
      )) as { id: string };
      const eligible = (await call(
        'POST',
        `/api/programmes/${setup?.programmeId}/calls`,
        openCall('AAC-RETRAIT-WEB', { all: [] }),
      )) as { id: string };
      ids.ineligibleCall = ineligible.id;
      ids.eligibleCall = eligible.id;
    });
    await login(s.page, s.url, COOP_EMAIL, DEMO_PASSWORD, '/applications');
    const ineligible = await callApi(s.page, 'POST', `/api/calls/${ids.ineligibleCall}/applications`, {
      answers: { project: 'Recours' },
    });
    expect(ineligible.eligible).toBe(false);
    setup.ineligibleApplicationId = ineligible.id;
    const eligible = await callApi(s.page, 'POST', `/api/calls/${ids.eligibleCall}/applications`, {
      answers: { project: 'Retrait' },
    });

    await visit(s.page, `/applications/${ineligible.id}`);
    const header = s.page.locator('header [data-testid="header-notifications"]');
    await expect.poll(() => unreadInHeader(s.page)).toBeGreaterThanOrEqual(3);
    const unread = await unreadInHeader(s.page);
    expect(await header.getAttribute('aria-label')).toBe(`Notifications non lues : ${unread}`);
    const deadline = s.page.locator('[data-testid="appeal-deadline"]');
    expect(await deadline.textContent()).toMatch(
      /^Vous pouvez déposer un recours jusqu'au .+ \(30 jours après la décision\)\.$/,
    );
    await expectNoAxeViolations(s.page, 'fr /applications/:id (appeal open)');

    // An empty reason is refused at the field.
    await s.page.getByRole('button', { name: 'Déposer le recours' }).click();
    const reason = s.page.locator('textarea[name="reason"]');
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    // Filed meanwhile (another tab): the second one is refused with 409, said in words.
    await callApi(s.page, 'POST', `/api/applications/${ineligible.id}/appeal`, {
      reason: 'Nos membres sont désormais inscrits au registre',
    });
    await reason.fill('Encore une fois');
    const second = s.page.waitForResponse(
      (r) => r.url().endsWith('/appeal') && r.request().method() === 'POST',
    );
    await s.page.getByRole('button', { name: 'Déposer le recours' }).click();
    expect((await second).status()).toBe(409);
    await expect
      .poll(() => s.page.locator('[data-testid="appeal-refused"]').textContent())
      .toBe("Un recours a déjà été déposé pour cette candidature : on ne le dépose qu'une fois.");
    await expectNoAxeViolations(s.page, 'fr /applications/:id (appeal refused)');
    await visit(s.page, `/applications/${ineligible.id}`);
    const filed = s.page.locator('[data-testid="appeal-filed"]');
    expect(await filed.textContent()).toContain('Nos membres sont désormais inscrits au registre');
    expect(await s.page.locator('[data-testid="appeal-outcome"]').textContent()).toBe(
      'En attente de la décision du gestionnaire du programme.',
    );
    await chooseLanguage(s.page, 'ar');
    expect(await s.page.evaluate('document.documentElement.dir')).toBe('rtl');
    await expect
      .poll(() => s.page.locator('[data-testid="appeal-outcome"]').textContent())
      .toBe('في انتظار قرار مدبر البرنامج.');
    expect(await header.getAttribute('aria-label')).toMatch(/^الإشعارات غير المقروءة: /);
    await expectNoAxeViolations(s.page, 'ar /applications/:id (appeal pending)');
    await chooseLanguage(s.page, 'fr');

    // The applicant withdraws the eligible application, behind a confirmation.
    await visit(s.page, `/applications/${eligible.id}`);
    await s.page.getByRole('button', { name: 'Retirer ma candidature' }).click();
    const dialog = s.page.getByRole('dialog');
    await dialog.waitFor();
    await expectNoAxeViolations(s.page, 'fr /applications/:id withdrawal dialog');
    await dialog.getByRole('button', { name: 'Retirer ma candidature' }).click();
    await expect
      .poll(() => s.page.locator('[data-testid="application-status"]').textContent())
      .toBe('Désistement');
    await expect
      .poll(() => s.page.locator('[data-testid="withdrawal"]').textContent())
      .toBe('La candidature est retirée.');
    expect(await s.page.getByRole('button', { name: 'Retirer ma candidature' }).count()).toBe(0);
    await chooseLanguage(s.page, 'ar');
    await expectNoAxeViolations(s.page, 'ar /applications/:id (withdrawn)');
    await chooseLanguage(s.page, 'fr');

    // Marking a notification read lowers the header's count.
    await visit(s.page, '/applications');
    const before = await unreadInHeader(s.page);
    await s.page.getByRole('button', { name: 'Marquer comme lue' }).first().click();
    await expect.poll(() => unreadInHeader(s.page)).toBe(before - 1);
    await expect.poll(() => header.getAttribute('aria-label')).toBe(`Notifications non lues : ${before - 1}`);
  });

  it('the manager upholds the appeal (eligibility checked again) and names an evaluator, refused for a member of the applicant', async () => {
    if (!setup?.ineligibleApplicationId || !setup.agentApplicationId)
      throw new Error('the earlier tests apply');
    await login(s.page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD, '/programmes');
    // A partner account inside the cooperative's own organisation: a conflict of interest.
    const actor = await callApi(s.page, 'GET', `/api/actors/${setup.coopActorId}`);
    await callApi(s.page, 'POST', '/api/users', {
      email: 'membre-coop@nasij.local',
      displayName: 'Membre de la coopérative',
      password: 'Un-Mot-De-Passe-Solide-2026!',
      role: 'partner',
      organisationId: actor.organisationId,
    });

    await visit(s.page, `/applications/${setup.ineligibleApplicationId}`);
    await expectNoAxeViolations(s.page, 'fr /applications/:id (manager, appeal to decide)');
    await s.page.getByRole('radio', { name: /Accueillir/ }).check();
    await s.page.locator('textarea[name="note"]').fill('Vérifions à nouveau');
    await s.page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    const outcome = s.page.locator('[data-testid="appeal-outcome"]');
    await expect
      .poll(() => outcome.textContent())
      .toMatch(/^Recours accueilli le .+ : l'éligibilité a été vérifiée à nouveau\.$/);
    // Its members are still far from the rule: ineligible again, with the new explanation.
    await expect
      .poll(() => s.page.locator('[data-testid="application-status"]').textContent())
      .toBe('Non éligible');
    expect(await s.page.locator('[data-testid="appeal"]').textContent()).toContain(
      'Note du gestionnaire : Vérifions à nouveau',
    );
    await expectNoAxeViolations(s.page, 'fr /applications/:id (appeal upheld)');

    await visit(s.page, `/applications/${setup.agentApplicationId}`);
    const evaluator = s.page.locator('select[name="evaluatorId"]');
    const insider = evaluator.locator('option', { hasText: 'Membre de la coopérative' });
    await expect.poll(() => insider.count()).toBe(1);
    await evaluator.selectOption((await insider.getAttribute('value')) ?? '');
    const refused = s.page.waitForResponse((r) => r.url().endsWith('/evaluators'));
    await s.page.getByRole('button', { name: 'Désigner', exact: true }).click();
    expect((await refused).status()).toBe(403);
    await expect
      .poll(() => s.page.locator('[data-testid="evaluator-conflict"]').textContent())
      .toBe(
        "Conflit d'intérêts : cette personne appartient à l'organisation du candidat et ne peut pas l'évaluer.",
      );
    await expectNoAxeViolations(s.page, 'fr /applications/:id (evaluator conflict)');
    const samira = evaluator.locator('option', { hasText: 'Samira Partenaire' });
    await evaluator.selectOption((await samira.getAttribute('value')) ?? '');
    await s.page.getByRole('button', { name: 'Désigner', exact: true }).click();
    await s.page.getByText(/^Évaluateur désigné : Samira Partenaire/).waitFor();
    await expect.poll(() => samira.textContent()).toContain('(déjà désigné)');
    await chooseLanguage(s.page, 'ar');
    expect(await s.page.evaluate('document.documentElement.dir')).toBe('rtl');
    await expect.poll(() => s.page.locator('#name-evaluator-title').textContent()).toBe('تعيين مقيّم');
    await expectNoAxeViolations(s.page, 'ar /applications/:id (manager, evaluator named)');
    await visit(s.page, `/applications/${setup.ineligibleApplicationId}`);
    await expectNoAxeViolations(s.page, 'ar /applications/:id (appeal upheld)');
    await chooseLanguage(s.page, 'fr');
  });

  it('the cooperative saves a draft with a missing answer, is told at that field on submitting, completes it and submits it', async () => {
    if (!setup?.programmeId) throw new Error('the first test creates the programme');
    let callId = '';
    await asAdmin(s, async (call) => {
      const body = openCall('AAC-BROUILLON-WEB', { all: [] });
      body.formFields.push({
        code: 'jobs',
        type: 'integer',
        labelFr: 'Emplois créés',
        labelAr: 'مناصب الشغل المحدثة',
        labelEn: 'Jobs created',
        required: true,
      });
      callId = ((await call('POST', `/api/programmes/${setup?.programmeId}/calls`, body)) as { id: string })
        .id;
    });
    await login(s.page, s.url, COOP_EMAIL, DEMO_PASSWORD, `/calls/${callId}`);
    const saveDraftFromCall = async (project: string) => {
      await s.page.locator('input[name="project"]').fill(project);
      await s.page.getByRole('button', { name: 'Enregistrer comme brouillon' }).click();
      await s.page.waitForURL((url) => /^\/applications\/[0-9a-f-]{36}$/.test(url.pathname));
      await settle(s.page);
      return s.page.url().split('/').pop() as string;
    };

    // A first draft is deleted behind a confirmation: gone, and the call takes an application again.
    const discarded = await saveDraftFromCall('Un brouillon à jeter');
    await s.page.getByRole('button', { name: 'Supprimer le brouillon' }).click();
    const dialog = s.page.getByRole('dialog');
    await dialog.waitFor();
    await expectNoAxeViolations(s.page, 'fr /applications/:id draft delete dialog');
    await dialog.getByRole('button', { name: 'Supprimer le brouillon' }).click();
    await s.page.waitForURL((url) => url.pathname === '/applications');
    expect((await s.page.request.get(`/api/applications/${discarded}`)).status()).toBe(404);
    await visit(s.page, `/calls/${callId}`);
    const id = await saveDraftFromCall('Un atelier de broderie');
    const status = s.page.locator('[data-testid="application-status"]');
    expect(await status.textContent()).toBe('Brouillon');
    expect(await callApi(s.page, 'GET', `/api/applications/${id}`)).toMatchObject({
      status: 'draft',
      answers: { project: 'Un atelier de broderie' },
    });
    const jobs = s.page.locator('[data-testid="draft"] input[name="jobs"]');
    await jobs.waitFor();
    expect(await s.page.locator('[data-testid="draft"] input[name="project"]').inputValue()).toBe(
      'Un atelier de broderie',
    );
    expect(await s.page.locator('[data-testid="eligibility-verdict"]').count()).toBe(0);
    await expectNoAxeViolations(s.page, 'fr /applications/:id (draft)');
    // Back on the call: a link to the draft instead of a second form.
    await visit(s.page, `/calls/${callId}`);
    const own = s.page.locator('[data-testid="own-application"]');
    expect(await own.textContent()).toBe(
      'Vous avez un brouillon de candidature à cet appel. Ouvrir la candidature',
    );
    expect(await own.locator('a').getAttribute('href')).toBe(`/applications/${id}`);
    await own.locator('a').click();
    await s.page.waitForURL((url) => url.pathname === `/applications/${id}`);
    await jobs.waitFor();

    // Submitting without the required answer: refused by the server, said at the field; still a draft.
    const refused = s.page.waitForResponse((r) => r.url().endsWith('/submit'));
    await s.page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    expect((await refused).status()).toBe(422);
    await expect.poll(() => jobs.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(s.page, '[data-testid="draft"] input[name="jobs"]')).toBe(
      'Ce champ est obligatoire.',
    );
    expect(await status.textContent()).toBe('Brouillon');
    await expectNoAxeViolations(s.page, 'fr /applications/:id (draft refused at a field)');
    await chooseLanguage(s.page, 'ar');
    expect(await s.page.evaluate('document.documentElement.dir')).toBe('rtl');
    await expect.poll(() => status.textContent()).toBe('مسودة');
    await expect
      .poll(() => fieldError(s.page, '[data-testid="draft"] input[name="jobs"]'))
      .toBe('هذا الحقل إلزامي.');
    await expectNoAxeViolations(s.page, 'ar /applications/:id (draft refused at a field)');
    await chooseLanguage(s.page, 'fr');

    // Completed: saved, then submitted; eligibility is evaluated and the draft form goes away.
    await jobs.fill('3');
    await s.page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await expect
      .poll(() => s.page.locator('[data-testid="draft-saved"]').textContent())
      .toBe('Brouillon enregistré.');
    await s.page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    await expect.poll(() => status.textContent()).toBe('Éligible');
    await expect.poll(() => s.page.locator('[data-testid="draft"]').count()).toBe(0);
    expect(await s.page.locator('[data-testid="eligibility-verdict"]').textContent()).not.toBe('');
    expect(await callApi(s.page, 'GET', `/api/applications/${id}`)).toMatchObject({
      status: 'eligible',
      answers: { project: 'Un atelier de broderie', jobs: 3 },
    });
    await chooseLanguage(s.page, 'ar');
    await expectNoAxeViolations(s.page, 'ar /applications/:id (draft submitted)');
    await visit(s.page, `/calls/${callId}`);
    await expect.poll(() => own.textContent()).toBe('لقد ترشحتم لهذا الطلب من قبل. فتح الترشيح');
    await expectNoAxeViolations(s.page, 'ar /calls/:id (already applied)');
    await chooseLanguage(s.page, 'fr');
  });
});
