import type { Page } from 'playwright-core';
import { DemoSeeder } from '../../apps/api/src/demo/demo';
import { startApi, type RunningApi } from '../support/api';
import { browserPages, DEMO_PASSWORD, openProjectTab, shot, signIn, taskRow, webAndBrowser, screens } from './browser-support';

/**
 * Issue 7, slice 4 in a real browser: earned value and the burn chart, satisfaction
 * and surveys, answering feedback, acceptance, milestones and the plan by status with
 * drag and drop, sign-up and invitations. A manager and the client side by side (and an
 * invitee in a browser of their own); every change is seen live on the other page.
 * Screenshots of every screen, in each audience, go to test/artifacts/web/.
 */
const suite = webAndBrowser();

const PROJECT = 'Website relaunch for Contoso Ltd';
const WAIT = { timeout: 10_000 };
/** Where a dragged card is dropped: on the column, by its title. */
const ONTO_COLUMN = { targetPosition: { x: 40, y: 14 } };

const openTab = (page: Page, tab: string) => openProjectTab(page, PROJECT, tab);


describe('web app: budget, satisfaction, acceptance, the plan by status, sign-up and invitations in a browser', () => {
  let api: RunningApi;
  let projectId: string;
  let managerToken: string;
  const pages = browserPages(suite.browser);
  let manager: Page;
  let client: Page;
  const at = (path: string) => `/api/projects/${projectId}${path}`;
  const newPage = pages.newPage;

  beforeAll(async () => {
    api = await startApi({ WEB_DIR: suite.webDir() });
    projectId = (await api.app.get(DemoSeeder).seedIfEmpty())!;
    managerToken = (await api.call('POST', '/api/auth/login', { body: { email: 'manager@demo.example.com', password: DEMO_PASSWORD } })).body.accessToken;
    manager = await newPage();
    client = await newPage();
    await signIn(manager, api.url, 'manager@demo.example.com');
    await signIn(client, api.url, 'client@demo.example.com');
  }, 120_000);

  afterAll(async () => {
    await pages.closeAll();
    await api?.close();
  });

  it('draws the burn chart with the earned value figures for the team; the client has no Budget tab and sees no cost', async () => {
    await openTab(manager, 'Budget');
    const chart = manager.getByTestId('burn-chart');
    await chart.waitFor(WAIT);
    expect(await chart.locator('path.series-planned').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){10,}/);
    expect(await chart.locator('path.series-actual').count()).toBe(1);
    expect(await chart.locator('.series-earned path').count()).toBe(1);

    // The figures are the view's, each with what it means.
    const budget = (await api.call('GET', at('/views/budget'), { token: managerToken })).body.data;
    const ev = budget.figures.earnedValue;
    const euros = (minor: number) => new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' }).format(minor / 100);
    const figure = (abbr: string) => manager.locator(`.ev-figure[data-figure="${abbr}"]`);
    expect(await figure('PV').locator('.ev-value').textContent()).toBe(euros(ev.pvMinor));
    expect(await figure('EV').locator('.ev-value').textContent()).toBe(euros(ev.evMinor));
    expect(await figure('AC').locator('.ev-value').textContent()).toBe(euros(ev.acMinor));
    expect(await figure('CPI').locator('.ev-value').textContent()).toBe(ev.cpi.toFixed(2));
    expect(await figure('SPI').locator('.ev-value').textContent()).toBe(ev.spi.toFixed(2));
    expect(await figure('EAC').locator('.ev-value').textContent()).toBe(euros(ev.eacMinor));
    expect(await figure('CPI').textContent()).toContain('EV ÷ AC');
    // The text alternative: a caption with the figures, a table month by month.
    const caption = await manager.locator('.burn-chart figcaption').textContent();
    expect(caption).toContain(euros(ev.acMinor));
    expect(caption).toContain(euros(ev.bacMinor));
    expect(await manager.locator('.burn-chart table tbody tr').count()).toBeGreaterThanOrEqual(2);
    await screens(manager, 'budget-earned-value-manager');

    // The client: no Budget tab, the address shows the plan, and no amount of money anywhere.
    await openTab(client, 'Plan');
    expect(await client.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Budget' }).count()).toBe(0);
    await client.goto(`${api.url}/projects/${projectId}/budget`);
    await client.getByRole('region', { name: /^Phase:/ }).first().waitFor(WAIT);
    for (const tab of ['Plan', 'Risks', 'Feedback', 'Acceptance']) {
      await openTab(client, tab);
      const text = (await client.locator('main').textContent()) ?? '';
      expect(text).not.toContain('€');
      expect(text).not.toMatch(/Earned value|Actual cost|CPI|EAC/);
    }
  });

  it('the client answers a satisfaction survey and the manager’s page shows the new CSAT and NPS live', async () => {
    await openTab(manager, 'Feedback');
    await openTab(client, 'Feedback');
    await manager.getByTestId('csat-average').filter({ hasText: '4.00 / 5' }).waitFor(WAIT);
    expect(await manager.getByTestId('nps').textContent()).toContain('0');
    expect(await manager.locator('.trend-csat svg circle').count()).toBe(1);
    await screens(client, 'feedback-satisfaction-client');

    // Nothing chosen: the form says what is missing.
    await client.getByRole('button', { name: 'Send answers' }).click();
    await client.getByRole('alert').filter({ hasText: 'Choose a satisfaction from 1 to 5' }).waitFor(WAIT);

    // With the keyboard alone: each radio group takes the arrow keys, Tab moves on, Enter sends.
    await client.getByRole('radio', { name: '1 Very dissatisfied' }).focus();
    await client.keyboard.press('ArrowRight');
    expect(await client.getByRole('radio', { name: '2 Dissatisfied' }).isChecked()).toBe(true);
    await client.keyboard.press('Tab');
    await client.keyboard.press('ArrowRight');
    await client.keyboard.press('ArrowRight');
    await client.keyboard.press('ArrowRight');
    expect(await client.getByRole('radio', { name: '3', exact: true }).isChecked()).toBe(true);
    await client.keyboard.press('Tab');
    await client.keyboard.type('The beta slipped; we need dates we can trust.');
    expect(await client.getByLabel('Comment (optional)').inputValue()).toBe('The beta slipped; we need dates we can trust.');
    await client.keyboard.press('Tab');
    await client.keyboard.press('Enter');
    await client.getByText('Thank you: your answers were sent to the team.').waitFor(WAIT);
    // Two surveys: CSAT (4 + 2) / 2 = 3; NPS: one passive (8), one detractor (3) = −50.
    await manager.getByTestId('csat-average').filter({ hasText: '3.00 / 5' }).waitFor(WAIT);
    await manager.getByTestId('nps').filter({ hasText: '-50' }).waitFor(WAIT);
    expect(await manager.getByTestId('survey-count').textContent()).toBe('2');
    await manager.getByText('Answers (2)').click();
    await manager.getByText('The beta slipped; we need dates we can trust.').waitFor(WAIT);
    await screens(manager, 'feedback-satisfaction-manager');
  });

  it('the manager answers and resolves the client’s feedback; the client sees the answer, and the times against the target', async () => {
    const item = (page: Page) => page.locator('li.feedback-item').filter({ hasText: 'A French version of the site' });
    await item(client).getByText(/Awaiting an answer: due within/).waitFor(WAIT);
    await item(manager).getByRole('button', { name: 'Respond to “A French version of the site”' }).click();
    // Nothing written: said so, nothing sent.
    await item(manager).getByRole('button', { name: 'Send answer' }).click();
    await item(manager).getByRole('alert').filter({ hasText: 'Write an answer, or say how it was resolved.' }).waitFor(WAIT);
    await item(manager).getByLabel('Answer to the client').fill('We will quote it as a change request by Monday.');
    await item(manager).getByRole('button', { name: 'Send answer' }).click();
    await item(client).getByText('We will quote it as a change request by Monday.').waitFor(WAIT);
    await item(client).getByText(/First answer in .*, within the 24 h target/).waitFor(WAIT);

    await item(manager).getByRole('button', { name: 'Respond to “A French version of the site”' }).click();
    await item(manager).getByLabel('This resolves it').check();
    await item(manager).getByLabel('How it was resolved').fill('Change request raised with the quote.');
    await item(manager).getByRole('button', { name: 'Send and resolve' }).click();
    await item(client).getByText('Resolved: Change request raised with the quote.').waitFor(WAIT);
    await item(client).locator('.timing').getByText(/Resolved in \d/).waitFor(WAIT);
    expect(await item(client).locator('.pill.state-resolved').count()).toBe(1);
    await shot(client, 'feedback-answered-client');
  });

  it('refuses the client’s acceptance with the server’s reason while a quality check fails; accepts once they pass', async () => {
    await openTab(manager, 'Acceptance');
    await openTab(client, 'Acceptance');
    const quality = (await api.call('GET', at('/views/quality'), { token: managerToken })).body.data;
    const standards = Object.values(quality.standards) as Array<{ standardId: string; criterion: string }>;
    const load = standards.find((s) => s.criterion === 'Home page load')!;
    const a11y = standards.find((s) => s.criterion === 'Accessibility')!;
    const check = async (standardId: string, result: string, measured: string) =>
      expect((await api.call('POST', at('/quality-checks'), { token: managerToken, body: { standardId, result, measured } })).status).toBe(201);
    await check(load.standardId, 'fail', 'p95 3.1 s');
    const loadRow = (page: Page) => page.locator('li.standard').filter({ hasText: 'Home page load' });
    await loadRow(client).getByText('Failed').waitFor(WAIT);
    await manager.getByTestId('acceptance-status').getByText('Awaiting the client').waitFor(WAIT);

    await client.getByRole('button', { name: 'Accept the delivery' }).click();
    const refusal = client.getByRole('alert');
    await refusal.getByText('Every quality standard’s latest check must have passed or been waived').waitFor(WAIT);
    expect(await refusal.getByRole('listitem').allTextContents()).toEqual(expect.arrayContaining(['Home page load', 'Accessibility']));
    await screens(client, 'acceptance-refused-client');

    // The client refuses, with the reasons: the manager's open page shows it.
    await client.getByLabel('Refuse it, with the reasons').check();
    await client.getByLabel('Reasons for refusing').fill('Pages are too slow on our phones.');
    await client.getByRole('button', { name: 'Refuse the delivery' }).click();
    await client.getByText('Your refusal and its reasons were sent to the team.').waitFor(WAIT);
    await manager.getByTestId('acceptance-status').getByText('Refused', { exact: true }).waitFor(WAIT);
    await manager.getByText('Pages are too slow on our phones.').first().waitFor(WAIT);
    await screens(manager, 'acceptance-refused-manager');

    await check(load.standardId, 'pass', 'p95 1.6 s');
    await check(a11y.standardId, 'pass', 'WCAG 2.2 AA audit clean');
    await client.getByText('All 2 quality standards passed or were waived: the delivery can be accepted.').waitFor(WAIT);
    await client.getByLabel('Accept the delivery').check();
    await client.getByLabel('Comment (optional)').fill('Signed off by the board.');
    await client.getByRole('button', { name: 'Accept the delivery' }).click();
    for (const page of [client, manager]) await page.getByTestId('acceptance-status').getByText('Accepted', { exact: true }).waitFor(WAIT);
    expect(await client.getByTestId('acceptance-status').textContent()).toContain('Accepted by Clara Client');
    expect(await client.getByTestId('acceptance-status').textContent()).toContain('“Signed off by the board.”');
    expect(await client.getByRole('button', { name: /Accept the delivery|Refuse the delivery/ }).count()).toBe(0);
    await screens(manager, 'acceptance-accepted-manager');
    await screens(client, 'acceptance-accepted-client');
  });

  it('shows the milestones, and moves a task by dragging it to another status column; the client sees the new status, and a crossed move gets the conflict prompt', async () => {
    await openTab(manager, 'Plan');
    await openTab(client, 'Plan');
    const milestone = (page: Page, name: string) => page.locator('li.milestone-row').filter({ hasText: name });
    await milestone(manager, 'Brief signed off').getByText(/^Reached .*, on time$/).waitFor(WAIT);
    await milestone(client, 'Design approved').getByText('Due in 7 days').waitFor(WAIT);
    expect(await milestone(client, 'Go-live').textContent()).toContain('on its baseline date');

    await manager.getByRole('button', { name: 'By status' }).click();
    const column = (page: Page, status: string) => page.locator(`section.kanban-column[data-status="${status}"]`);
    const card = (page: Page, title: string) => page.locator('li.kanban-card').filter({ hasText: title });
    const inColumn = (page: Page, status: string, title: string) => column(page, status).locator('li.kanban-card').filter({ hasText: title });
    await inColumn(manager, 'todo', 'Visual design').waitFor(WAIT);
    await screens(manager, 'plan-by-status-manager');

    // With the mouse: drag the card to "In progress".
    const patched = manager.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/tasks/'));
    const started = Date.now();
    await card(manager, 'Visual design').dragTo(column(manager, 'in_progress'), ONTO_COLUMN);
    const answer = await patched;
    expect(answer.status()).toBe(200);
    expect(answer.request().headers()['if-match']).toMatch(/^"\d+"$/);
    await inColumn(manager, 'in_progress', 'Visual design').waitFor(WAIT);
    await manager.getByRole('status').filter({ hasText: '“Visual design” moved to In progress.' }).waitFor(WAIT);
    const clientRow = taskRow(client, 'Visual design');
    await clientRow.locator('.pill.status-in_progress').waitFor(WAIT);
    process.stdout.write(`browser: the client's plan showed the dragged task's new status ${Date.now() - started} ms after the drop began\n`);

    // A move the plan's rules refuse (done before the task it depends on): the server's reason, and the card stays.
    // Dropped in the middle of the column, over another card's status list: it still lands on the column.
    await card(manager, 'Visual design').dragTo(column(manager, 'done'));
    const refused = manager.getByRole('alert').filter({ hasText: '“Visual design” was not moved:' });
    await refused.waitFor(WAIT);
    process.stdout.write(`browser: a refused move says: ${await refused.textContent()}\n`);
    await inColumn(manager, 'in_progress', 'Visual design').waitFor(WAIT);

    // The keyboard does the same with the card's status list.
    await card(manager, 'Visual design').getByLabel('Status of Visual design').selectOption('blocked');
    await inColumn(manager, 'blocked', 'Visual design').waitFor(WAIT);
    await clientRow.locator('.pill.status-blocked').waitFor(WAIT);

    // Someone else changes the task just before the drop lands: a 412, and the prompt; "Take theirs" keeps their change.
    const taskId = (await card(manager, 'Visual design').getAttribute('data-task-id'))!;
    await manager.route(`**/api/projects/${projectId}/tasks/${taskId}`, async (route) => {
      expect((await api.call('PATCH', at(`/tasks/${taskId}`), { token: managerToken, body: { status: 'todo' } })).status).toBe(200);
      await route.continue();
    }, { times: 1 });
    await card(manager, 'Visual design').dragTo(column(manager, 'in_progress'), ONTO_COLUMN);
    const dialog = manager.getByRole('dialog', { name: 'Someone else changed this task' });
    await dialog.waitFor(WAIT);
    expect(await dialog.getByTestId('conflict-mine').textContent()).toBe('In progress');
    expect(await dialog.getByTestId('conflict-theirs').textContent()).toBe('To do');
    await shot(manager, 'plan-by-status-conflict');
    await dialog.getByRole('button', { name: 'Take theirs' }).click();
    await inColumn(manager, 'todo', 'Visual design').waitFor(WAIT);
    await clientRow.locator('.pill.status-todo').waitFor(WAIT);

    // The client's plan by status: the same columns, read-only.
    await client.getByRole('button', { name: 'By status' }).click();
    await inColumn(client, 'todo', 'Visual design').waitFor(WAIT);
    expect(await client.locator('li.kanban-card[draggable="true"]').count()).toBe(0);
    expect(await client.locator('.kanban select').count()).toBe(0);
    await screens(client, 'plan-by-status-client');
    await client.getByRole('button', { name: 'By phase' }).click();
    await screens(client, 'plan-milestones-client');
  });

  it('a manager invites someone; the invitee opens the link in another browser, signs up on the way and lands in the project with the invited role', async () => {
    await openTab(manager, 'People');
    const members = manager.locator('table.members-table');
    await members.getByText('Clara Client').waitFor(WAIT);
    expect(await client.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'People' }).count()).toBe(0);

    // Someone already on the project: the server's reason.
    await manager.getByLabel('E-mail').fill('client@demo.example.com');
    await manager.getByRole('button', { name: 'Invite' }).click();
    await manager.getByRole('alert').filter({ hasText: 'This person is already a member of the project' }).waitFor(WAIT);

    const email = `nina.${Date.now()}@contoso.example`;
    await manager.getByLabel('E-mail').fill(email);
    await manager.getByLabel('Role').selectOption('member');
    await manager.getByRole('button', { name: 'Invite' }).click();
    const link = manager.getByLabel('Invitation link');
    await link.waitFor(WAIT);
    const url = await link.inputValue();
    expect(url).toMatch(new RegExp(`^${api.url.replace(/[.]/g, '\\.')}/invitations/[A-Za-z0-9_-]{43}$`));
    await screens(manager, 'people-manager');

    const invitee = await newPage();
    await invitee.goto(url);
    await invitee.getByRole('heading', { name: 'You are invited to a project' }).waitFor(WAIT);
    await screens(invitee, 'invitation-welcome');
    // An address that has an account already: the server's reason.
    await invitee.getByLabel('Your name').fill('Nina Newcomer');
    await invitee.getByLabel('E-mail').fill('client@demo.example.com');
    await invitee.getByLabel('Password').fill('a long enough password');
    await invitee.getByRole('button', { name: 'Create account' }).click();
    await invitee.getByRole('alert').filter({ hasText: 'An account with this e-mail address exists' }).waitFor(WAIT);

    await invitee.getByLabel('E-mail').fill(email);
    await invitee.getByRole('button', { name: 'Create account' }).click();
    await invitee.getByRole('heading', { name: PROJECT }).waitFor(WAIT);
    expect(new URL(invitee.url()).pathname).toBe(`/projects/${projectId}`);
    await invitee.getByText('your role:').filter({ hasText: 'member' }).waitFor(WAIT);
    await invitee.getByRole('button', { name: /^Edit title:/ }).first().waitFor(WAIT);
    // The manager's open People page shows the newcomer, without a reload.
    await members.getByText('Nina Newcomer').waitFor(WAIT);
    expect(await members.locator('tr').filter({ hasText: 'Nina Newcomer' }).textContent()).toContain('member');

    // The link works once.
    await invitee.goto(url);
    await invitee.getByRole('alert').filter({ hasText: 'This invitation has already been used' }).waitFor(WAIT);
    await screens(invitee, 'invitation-used');
  });

  it('signs up from the sign-in page; a sign-up the server refuses shows its reason', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/`);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your account' }).waitFor(WAIT);
    expect(new URL(page.url()).pathname).toBe('/signup');
    await screens(page, 'sign-up');
    // A name of blanks passes the browser's check; the server trims it and says why it refuses.
    await page.getByLabel('Your name').fill('   ');
    await page.getByLabel('E-mail').fill(`sam.${Date.now()}@example.com`);
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').filter({ hasText: /name must be longer than or equal to 1 characters/ }).waitFor(WAIT);
    await page.getByLabel('Your name').fill('Sam Solo');
    await page.getByLabel('E-mail').fill(`sam.${Date.now()}@example.com`);
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Your projects' }).waitFor(WAIT);
    await page.getByText('You are not on any project yet.').waitFor(WAIT);
    expect(new URL(page.url()).pathname).toBe('/');
  });
});
