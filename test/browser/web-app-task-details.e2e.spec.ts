import { join } from 'node:path';
import type { Locator, Page, Request } from 'playwright-core';
import { DemoSeeder } from '../../apps/api/src/demo/demo';
import { startApi, type RunningApi } from '../support/api';
import { ARTIFACTS, browserPages, DEMO_PASSWORD, openProjectTab, pageWidth, projectWrites, screens, signIn, taskRow, unlabelledControls, webAndBrowser } from './browser-support';

/**
 * A task's schedule, assignee, estimate and dependencies edited after it was added, in a
 * real browser: the manager edits them under the task's row (with the keyboard), the member's
 * and the client's open pages show the new dates, assignee, estimate and what it waits for
 * live; a cycle and a due date before the start are refused with the server's detail and the
 * form keeps what was typed; an edit crossed by the member's asks, and both answers work; the
 * client has no Details control. Screenshots go to test/artifacts/web/ (`task-details-*`).
 */
const suite = webAndBrowser();

const PROJECT = 'Website relaunch for Contoso Ltd';
const WAIT = { timeout: 10_000 };
/** Evaluated on an element in the page: whether it has the focus. */
const IS_FOCUSED = (element: unknown) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement;

/** A date as the app writes it (en-GB, UTC): "3 Feb 2027". */
const shown = (iso: string) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
const plusDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface Task {
  taskId: string;
  title: string;
  startDate: string | null;
  dueDate: string | null;
  assigneeId: string | null;
  estimateHours: number | null;
  dependsOn: string[];
  version: number;
}

/** A close-up of one task's row (with its editor, when open) at 1280 and 390 px: `<name>-row.png`, `<name>-row-390.png`. */
async function closeUp(page: Page, row: Locator, name: string): Promise<void> {
  await row.screenshot({ path: join(ARTIFACTS, `${name}-row.png`) });
  await page.setViewportSize({ width: 390, height: 844 });
  await row.screenshot({ path: join(ARTIFACTS, `${name}-row-390.png`) });
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function openPlan(page: Page): Promise<void> {
  await openProjectTab(page, PROJECT, 'Plan');
  await page.locator('li.task').first().waitFor(WAIT);
}

describe('web app: a task’s dates, assignee, estimate and dependencies edited after it is added, in a browser', () => {
  let api: RunningApi;
  let projectId: string;
  let managerToken: string;
  const pages = browserPages(suite.browser);
  let manager: Page;
  let member: Page;
  let client: Page;
  const at = (path: string) => `/api/projects/${projectId}${path}`;
  const newPage = pages.newPage;
  const writes = projectWrites();
  /** The board as the api serves it, once it holds every write a page was answered for. */
  const board = async (): Promise<Record<string, Task>> =>
    (await writes.view((path) => api.call('GET', path, { token: managerToken }), at('/views/board'))).data.tasks;
  const byTitle = async (title: string): Promise<Task> => Object.values(await board()).find((t) => t.title === title)!;
  /** Every PATCH of a task the page sends, to check what was sent (and that nothing was). */
  const patches = (page: Page): Request[] => {
    const sent: Request[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PATCH' && request.url().includes('/tasks/')) sent.push(request);
    });
    return sent;
  };
  let managerPatches: Request[];

  beforeAll(async () => {
    api = await startApi({ WEB_DIR: suite.webDir() });
    projectId = (await api.app.get(DemoSeeder).seedIfEmpty())!;
    managerToken = (await api.call('POST', '/api/auth/login', { body: { email: 'manager@demo.example.com', password: DEMO_PASSWORD } })).body.accessToken;
    manager = await newPage();
    member = await newPage();
    client = await newPage();
    managerPatches = patches(manager);
    for (const page of [manager, member, client]) writes.follow(page, () => projectId);
    await signIn(manager, api.url, 'manager@demo.example.com');
    await signIn(member, api.url, 'member@demo.example.com');
    await signIn(client, api.url, 'client@demo.example.com');
    await openPlan(manager);
    await openPlan(member);
    await openPlan(client);
  }, 120_000);

  afterAll(async () => {
    await pages.closeAll();
    await api?.close();
  });

  it('edits the dates, assignee, estimate and dependencies with the keyboard; the row shows them on every open page, live; the client has no Details control', async () => {
    const cms = await byTitle('Set up the CMS');
    const row = taskRow(manager, 'Set up the CMS');
    // The row says at a glance when it runs, who does it, the estimate and what it waits for.
    await row.getByText(`${shown(cms.startDate!)} → ${shown(cms.dueDate!)} · Milo Member · 24 h`).waitFor(WAIT);
    await row.getByText('Waits for: Visual design').waitFor(WAIT);
    // The client has no Details control (nor any edit control on the task), and sees no assignee.
    expect(await client.getByRole('button', { name: /Details/ }).count()).toBe(0);
    expect(await taskRow(client, 'Set up the CMS').getByRole('button').count()).toBe(0);
    await taskRow(client, 'Set up the CMS').getByText(`${shown(cms.startDate!)} → ${shown(cms.dueDate!)} · 24 h`).waitFor(WAIT);

    // Opened with the keyboard: focus lands on the first field; the member sees "Mara Manager editing…".
    const toggle = row.getByRole('button', { name: 'Details of Set up the CMS' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await manager.keyboard.press('Enter');
    const form = manager.getByRole('form', { name: 'Details of Set up the CMS' });
    await form.waitFor(WAIT);
    expect(await row.getByRole('button', { name: 'Close details of Set up the CMS' }).getAttribute('aria-expanded')).toBe('true');
    expect(await form.getByLabel('Starts').evaluate(IS_FOCUSED)).toBe(true);
    await taskRow(member, 'Set up the CMS').getByText('Mara Manager editing…').waitFor(WAIT);
    expect(await form.getByLabel('Starts').inputValue()).toBe(cms.startDate);
    expect(await form.getByLabel('Due', { exact: true }).inputValue()).toBe(cms.dueDate);
    expect(await form.getByLabel('Assignee').locator('option:checked').textContent()).toBe('Milo Member');
    expect(await form.getByLabel('Estimate (hours)').inputValue()).toBe('24');
    const deps = form.getByRole('group', { name: 'Waits for (dependencies)' });
    expect(await deps.getByLabel(/^Visual design/).isChecked()).toBe(true);
    await deps.getByText('Now: Visual design').waitFor(WAIT);
    // The assignee is chosen among the managers and members, by name, or nobody.
    expect(await form.getByLabel('Assignee').locator('option').allTextContents()).toEqual(['Nobody', 'Mara Manager', 'Milo Member']);
    // The task itself is not offered; tasks that wait for it say so.
    expect(await deps.getByLabel(/^Set up the CMS/).count()).toBe(0);
    await deps.getByLabel('Build the page templates (Build; waits for this task)').waitFor(WAIT);

    // Escape closes it without a request; focus returns to Details; the member no longer sees the editing.
    await manager.keyboard.press('Escape');
    await form.waitFor({ state: 'detached', ...WAIT });
    expect(await toggle.evaluate(IS_FOCUSED)).toBe(true);
    await taskRow(member, 'Set up the CMS').getByText('Mara Manager editing…').waitFor({ state: 'detached', ...WAIT });
    expect(managerPatches).toHaveLength(0);

    // Open again, and change everything with the keyboard: the dates typed, the assignee by arrow key,
    // the estimate, one more dependency ticked with Space; Enter saves.
    await manager.keyboard.press('Enter');
    await form.waitFor(WAIT);
    const start = plusDays(cms.startDate!, 2);
    const due = plusDays(cms.dueDate!, 5);
    await form.getByLabel('Starts').fill(start);
    await form.getByLabel('Due', { exact: true }).fill(due);
    await form.getByLabel('Assignee').focus();
    await form.getByLabel('Assignee').selectOption({ label: 'Mara Manager' });
    await form.getByLabel('Estimate (hours)').focus();
    await manager.keyboard.press('ControlOrMeta+a');
    await manager.keyboard.type('30.5');
    await deps.getByLabel(/^Write the project brief/).focus();
    await manager.keyboard.press('Space');
    expect(await deps.getByLabel(/^Write the project brief/).isChecked()).toBe(true);
    await screens(manager, 'task-details-editor-manager');
    await closeUp(manager, row, 'task-details-editor-manager');
    const cmsVersion = (await byTitle('Set up the CMS')).version;
    const saved = manager.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/tasks/${cms.taskId}`));
    const started = Date.now();
    await form.getByLabel('Estimate (hours)').press('Enter');
    const answer = await saved;
    expect(answer.status()).toBe(200);
    // Only what changed, on the version the editor opened from.
    expect(answer.request().headers()['if-match']).toBe(`"${cmsVersion}"`);
    const brief = await byTitle('Write the project brief');
    const visual = await byTitle('Visual design');
    expect(answer.request().postDataJSON()).toEqual({ startDate: start, dueDate: due, assigneeId: expect.any(String), estimateHours: 30.5, dependsOn: [visual.taskId, brief.taskId] });
    await form.waitFor({ state: 'detached', ...WAIT });
    await row.getByRole('status').filter({ hasText: 'Saved “Set up the CMS”:' }).waitFor(WAIT);
    process.stdout.write(`browser: saved: ${await row.getByRole('status').textContent()}\n`);

    // Every open page shows the new details, live.
    const when = `${shown(start)} → ${shown(due)}`;
    await row.getByText(`${when} · Mara Manager · 30.5 h`).waitFor(WAIT);
    await taskRow(member, 'Set up the CMS').getByText(`${when} · Mara Manager · 30.5 h`).waitFor(WAIT);
    await taskRow(client, 'Set up the CMS').getByText(`${when} · 30.5 h`).waitFor(WAIT);
    process.stdout.write(`browser: the client's plan showed the task's new details ${Date.now() - started} ms after Save\n`);
    for (const page of [manager, member, client]) {
      await taskRow(page, 'Set up the CMS').getByText('Waits for: Visual design, Write the project brief (done)').waitFor(WAIT);
    }
    expect(await taskRow(client, 'Set up the CMS').textContent()).not.toContain('Mara Manager');
    await screens(manager, 'task-details-saved-manager');
    await closeUp(manager, row, 'task-details-saved-manager');
    await screens(member, 'task-details-saved-member');
    await screens(client, 'task-details-saved-client');
    await closeUp(client, taskRow(client, 'Set up the CMS'), 'task-details-saved-client');

    // Cleared: no estimate, nobody assigned, no dependencies; sent as null and [].
    await row.getByRole('button', { name: 'Details of Set up the CMS' }).click();
    await form.getByLabel('Assignee').selectOption({ label: 'Nobody' });
    await form.getByLabel('Estimate (hours)').fill('');
    await deps.getByLabel(/^Visual design/).uncheck();
    await deps.getByLabel(/^Write the project brief/).uncheck();
    const cleared = manager.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/tasks/${cms.taskId}`));
    await form.getByRole('button', { name: 'Save details' }).click();
    expect((await cleared).request().postDataJSON()).toEqual({ assigneeId: null, estimateHours: null, dependsOn: [] });
    await taskRow(client, 'Set up the CMS').locator('.task-meta').filter({ hasText: new RegExp(`^${when}$`) }).waitFor(WAIT);
    await taskRow(member, 'Set up the CMS').locator('.task-meta').filter({ hasText: new RegExp(`^${when}$`) }).waitFor(WAIT);
    expect(await taskRow(member, 'Set up the CMS').getByText('Waits for:').count()).toBe(0);
    const after = await byTitle('Set up the CMS');
    expect(after).toMatchObject({ startDate: start, dueDate: due, assigneeId: null, estimateHours: null, dependsOn: [] });
  });

  it('refuses a dependency that would make a cycle, and a due date before the start, with the server’s detail; the form keeps what was typed and nothing changes', async () => {
    const interviews = await byTitle('Interview stakeholders');
    const row = taskRow(manager, 'Interview stakeholders');
    await row.getByRole('button', { name: 'Details of Interview stakeholders' }).click();
    const form = manager.getByRole('form', { name: 'Details of Interview stakeholders' });
    const deps = form.getByRole('group', { name: 'Waits for (dependencies)' });
    await deps.getByText('Now: nothing').waitFor(WAIT);
    // Everything downstream waits for it: choosing one says, before saving, that it would make a loop.
    await deps.getByLabel('Draft the sitemap (Design; waits for this task)').check();
    await form.getByText('“Draft the sitemap” already waits for this task (through Write the project brief): waiting for it too would make a loop.').waitFor(WAIT);
    const before = managerPatches.length;
    await form.getByRole('button', { name: 'Save details' }).click();
    const refused = form.getByRole('alert');
    await refused.waitFor(WAIT);
    expect(await refused.textContent()).toBe('The task was not changed: These dependencies would form a cycle');
    expect(managerPatches.length).toBe(before + 1);
    expect(await deps.getByLabel(/^Draft the sitemap/).isChecked()).toBe(true);
    await screens(manager, 'task-details-cycle-refused-manager');
    await closeUp(manager, row, 'task-details-cycle-refused-manager');
    expect((await byTitle('Interview stakeholders')).dependsOn).toEqual([]);
    expect((await byTitle('Interview stakeholders')).version).toBe(interviews.version);
    expect(await row.getByText('Waits for:').count()).toBe(0);
    expect(await taskRow(client, 'Interview stakeholders').getByText('Waits for:').count()).toBe(0);

    // A due date before the start: the server's reason; what was typed stays.
    await deps.getByLabel(/^Draft the sitemap/).uncheck();
    const early = plusDays(interviews.startDate!, -3);
    await form.getByLabel('Due', { exact: true }).fill(early);
    await form.getByLabel('Estimate (hours)').fill('20');
    await form.getByRole('button', { name: 'Save details' }).click();
    await refused.filter({ hasText: 'The task was not changed: A task cannot be due before it starts' }).waitFor(WAIT);
    expect(await form.getByLabel('Due', { exact: true }).inputValue()).toBe(early);
    expect(await form.getByLabel('Estimate (hours)').inputValue()).toBe('20');
    await screens(manager, 'task-details-dates-refused-manager');
    await closeUp(manager, row, 'task-details-dates-refused-manager');
    expect(await byTitle('Interview stakeholders')).toMatchObject({ dueDate: interviews.dueDate, estimateHours: interviews.estimateHours, version: interviews.version });

    // Cancel: closed without a request, and the row is as it was.
    const sent = managerPatches.length;
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached', ...WAIT });
    expect(managerPatches.length).toBe(sent);
    await row.getByText(`${shown(interviews.startDate!)} → ${shown(interviews.dueDate!)} · Mara Manager · 16 h`).waitFor(WAIT);
  });

  it('asks when another page saved first: “Take theirs” shows their details in the form, “Keep mine” saves over them knowingly; both values are in words', async () => {
    const migrate = await byTitle('Migrate the content');
    const managerRow = taskRow(manager, 'Migrate the content');
    const memberRow = taskRow(member, 'Migrate the content');
    await managerRow.getByRole('button', { name: 'Details of Migrate the content' }).click();
    const form = manager.getByRole('form', { name: 'Details of Migrate the content' });
    await form.waitFor(WAIT);

    // The member saves another estimate and assignee first, from their own page.
    await memberRow.getByText('Mara Manager editing…').waitFor(WAIT);
    await memberRow.getByRole('button', { name: 'Details of Migrate the content' }).click();
    const memberForm = member.getByRole('form', { name: 'Details of Migrate the content' });
    await memberForm.getByLabel('Estimate (hours)').fill('44');
    await memberForm.getByLabel('Assignee').selectOption({ label: 'Milo Member' });
    await memberForm.getByRole('button', { name: 'Save details' }).click();
    await memberRow.getByText(/· Milo Member · 44 h$/).waitFor(WAIT);
    // The manager's open form says that the task moved on meanwhile.
    await form.getByText('Someone saved a change to this task since you opened it: saving asks which to keep.').waitFor(WAIT);

    // The manager's edit, on the version the form opened from: the prompt, with both values in words.
    await form.getByLabel('Estimate (hours)').fill('50');
    await form.getByLabel('Due', { exact: true }).fill(plusDays(migrate.dueDate!, 3));
    const crossed = manager.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/tasks/${migrate.taskId}`));
    await form.getByRole('button', { name: 'Save details' }).click();
    const answer = await crossed;
    expect(answer.status()).toBe(412);
    expect(answer.request().headers()['if-match']).toBe(`"${migrate.version}"`);
    const dialog = manager.getByRole('dialog', { name: 'Someone else changed this task' });
    await dialog.waitFor(WAIT);
    const rows = async () => (await dialog.locator('tbody tr').allInnerTexts()).map((text) => text.split('\t').map((cell) => cell.trim()));
    expect(await rows()).toEqual([
      ['Due', shown(plusDays(migrate.dueDate!, 3)), shown(migrate.dueDate!)],
      ['Estimate', '50 h', '44 h'],
    ]);
    expect(await unlabelledControls(manager)).toEqual([]);
    await manager.screenshot({ path: join(ARTIFACTS, 'task-details-conflict-manager.png') });
    await manager.setViewportSize({ width: 390, height: 844 });
    expect(await pageWidth(manager)).toBeLessThanOrEqual(390);
    await manager.screenshot({ path: join(ARTIFACTS, 'task-details-conflict-manager-390.png') });
    await manager.setViewportSize({ width: 1280, height: 900 });

    // Take theirs (Escape): nothing is sent; the form shows the task as it is now.
    const sent = managerPatches.length;
    await manager.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    await form.getByRole('status').filter({ hasText: 'Kept what was saved: the form now shows the task as it is.' }).waitFor(WAIT);
    expect(managerPatches.length).toBe(sent);
    expect(await form.getByLabel('Estimate (hours)').inputValue()).toBe('44');
    expect(await form.getByLabel('Due', { exact: true }).inputValue()).toBe(migrate.dueDate);
    expect(await form.getByLabel('Assignee').locator('option:checked').textContent()).toBe('Milo Member');
    expect(await form.getByText('Someone saved a change to this task since you opened it', { exact: false }).count()).toBe(0);

    // Again crossed, on the dependencies this time: the member ticks one, the manager another; Keep mine.
    const memberDeps = memberForm.getByRole('group', { name: 'Waits for (dependencies)' });
    await memberRow.getByRole('button', { name: 'Details of Migrate the content' }).click();
    await memberDeps.getByLabel(/^Wireframe the key pages/).check();
    await memberForm.getByRole('button', { name: 'Save details' }).click();
    await memberRow.getByText('Waits for: Set up the CMS, Wireframe the key pages').waitFor(WAIT);
    const deps = form.getByRole('group', { name: 'Waits for (dependencies)' });
    await deps.getByLabel(/^Visual design/).check();
    await form.getByRole('button', { name: 'Save details' }).click();
    await dialog.waitFor(WAIT);
    expect(await rows()).toEqual([['Waits for', 'Set up the CMS, Visual design', 'Set up the CMS, Wireframe the key pages']]);
    await dialog.getByRole('button', { name: 'Keep mine' }).click();
    await form.waitFor({ state: 'detached', ...WAIT });
    await managerRow.getByRole('status').filter({ hasText: 'Saved “Migrate the content”: waits for Set up the CMS, Visual design.' }).waitFor(WAIT);
    for (const page of [manager, member, client]) await taskRow(page, 'Migrate the content').getByText('Waits for: Set up the CMS, Visual design').waitFor(WAIT);
    // Only what the manager chose was written over: the member's estimate and assignee stand.
    expect(await byTitle('Migrate the content')).toMatchObject({ estimateHours: 44, dueDate: migrate.dueDate });
    await memberRow.getByText(/· Milo Member · 44 h$/).waitFor(WAIT);
  });
  it('edits a task’s details from its card on the plan by status too; the client’s cards have no Details', async () => {
    const templates = await byTitle('Build the page templates');
    const byStatus = async (page: Page) => {
      await page.getByRole('group', { name: 'Lay the plan out' }).getByRole('button', { name: 'By status' }).click();
      await page.locator('li.kanban-card').first().waitFor(WAIT);
    };
    await byStatus(manager);
    await byStatus(client);
    const card = (page: Page) => page.locator('li.kanban-card').filter({ has: page.locator('.kanban-card-title', { hasText: /^Build the page templates$/ }) });
    expect(await client.getByRole('button', { name: /Details/ }).count()).toBe(0);
    const toggle = card(manager).getByRole('button', { name: 'Details of Build the page templates' });
    await toggle.click();
    const form = manager.getByRole('form', { name: 'Details of Build the page templates' });
    await form.waitFor(WAIT);
    // While the form is open the card is not draggable, so its fields take the mouse as fields do.
    expect(await card(manager).getAttribute('draggable')).toBe('false');
    const due = plusDays(templates.dueDate!, 7);
    await form.getByLabel('Due', { exact: true }).fill(due);
    await form.getByLabel('Estimate (hours)').fill('96');
    await screens(manager, 'task-details-card-editor-manager');
    await closeUp(manager, card(manager), 'task-details-card-editor-manager');
    await form.getByRole('button', { name: 'Save details' }).click();
    await form.waitFor({ state: 'detached', ...WAIT });
    await manager.getByRole('status').filter({ hasText: `Saved “Build the page templates”: due ${shown(due)}; estimate 96 h.` }).waitFor(WAIT);
    expect(await toggle.evaluate(IS_FOCUSED)).toBe(true);
    expect(await card(manager).getAttribute('draggable')).toBe('true');
    await card(client).getByText(`due ${shown(due)}`).waitFor(WAIT);
    expect(await byTitle('Build the page templates')).toMatchObject({ dueDate: due, estimateHours: 96 });
    await manager.getByRole('group', { name: 'Lay the plan out' }).getByRole('button', { name: 'By phase' }).click();
    await client.getByRole('group', { name: 'Lay the plan out' }).getByRole('button', { name: 'By phase' }).click();
    await taskRow(client, 'Build the page templates').getByText(`${shown(templates.startDate!)} → ${shown(due)} · 96 h`).waitFor(WAIT);
  });
});
