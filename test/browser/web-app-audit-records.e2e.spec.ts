import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DemoSeeder } from '../../apps/api/src/demo/demo';
import { startApi, type RunningApi } from '../support/api';
import { ARTIFACTS, DEMO_PASSWORD, pageWidth, signIn, unlabelledControls, webAndBrowser, untilTrueInPage, screens } from './browser-support';

/**
 * Issue 7, slice 3 in a real browser: the audit tools (the hash chain
 * verified, the project as it was at any revision, the events as a timeline,
 * a decision's history), status reports, documents and quality. A manager
 * writes, the client watches its open pages change without a reload, and the
 * demo's auditor travels in time. Screenshots of every screen, in each
 * audience, go to test/artifacts/web/.
 */
const suite = webAndBrowser();

const PROJECT = 'Website relaunch for Contoso Ltd';
const WAIT = { timeout: 10_000 };
type Tab = 'Plan' | 'Decisions' | 'Status reports' | 'Documents' | 'Quality' | 'Audit';

async function openProject(page: Page): Promise<void> {
  await page.getByRole('link', { name: PROJECT }).click();
  await page.getByRole('navigation', { name: 'Project sections' }).waitFor(WAIT);
}

async function openTab(page: Page, tab: Tab, panel: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: tab, exact: true }).click();
  await page.locator(`${panel}[data-revision]`).waitFor(WAIT);
  await page.getByTestId('connection-state').filter({ hasText: 'Live' }).waitFor(WAIT);
}

/** Waits until the page's panel has folded the project at least to `revision`. */
async function panelReaches(page: Page, panel: string, revision: number): Promise<void> {
  await untilTrueInPage(page, `Number(document.querySelector('${panel}')?.getAttribute('data-revision')) >= ${revision}`, WAIT);
}


const markPage = (page: Page) => page.evaluate('window.notReloaded = true');
const notReloaded = (page: Page) => page.evaluate('window.notReloaded === true');

describe('web app: audit, status reports, documents and quality in a browser', () => {
  let api: RunningApi;
  let projectId: string;
  let managerToken: string;
  const contexts: BrowserContext[] = [];
  let manager: Page;
  let client: Page;
  let auditor: Page;

  beforeAll(async () => {
    api = await startApi({ WEB_DIR: suite.webDir() });
    projectId = (await api.app.get(DemoSeeder).seedIfEmpty())!;
    managerToken = (await api.call('POST', '/api/auth/login', { body: { email: 'manager@demo.example.com', password: DEMO_PASSWORD } })).body.accessToken;
    const page = async () => {
      const context = await suite.browser().newContext({ viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      return context.newPage();
    };
    manager = await page();
    client = await page();
    auditor = await page();
    await signIn(manager, api.url, 'manager@demo.example.com');
    await signIn(client, api.url, 'client@demo.example.com');
    await signIn(auditor, api.url, 'auditor@demo.example.com');
    for (const p of [manager, client, auditor]) await openProject(p);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await api?.close();
  });

  it('the auditor sees the chain verified, slides back to before a task was renamed and sees its old title, and opens a decision’s history from the timeline and from the log', async () => {
    // The manager renames a task: the latest event of the project.
    const board = await api.call('GET', `/api/projects/${projectId}/views/board`, { token: managerToken });
    const sitemap = Object.values(board.body.data.tasks as Record<string, { taskId: string; title: string; version: number }>).find((t) => t.title === 'Draft the sitemap')!;
    const renamed = await api.call('PATCH', `/api/projects/${projectId}/tasks/${sitemap.taskId}`, { token: managerToken, body: { title: 'Draft the sitemap and navigation' } });
    expect(renamed.status).toBe(200);
    const head: number = renamed.body.revision;

    await openTab(auditor, 'Audit', '.audit');
    await panelReaches(auditor, '.audit', head);
    await auditor.getByRole('status').filter({ hasText: `Verified through revision ${head}.` }).waitFor(WAIT);
    // The verifiable export, downloaded as a file: its header names the same range and the last hash shown.
    const downloading = auditor.waitForEvent('download');
    await auditor.getByRole('button', { name: 'Download the export (NDJSON)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`project-${projectId}-audit.ndjson`);
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    const header = JSON.parse(lines[0]!) as { format: string; to: number; count: number; finalHash: string };
    expect(header).toMatchObject({ format: 'client-projects/audit-export@1', to: head, count: head + 1 });
    expect(lines).toHaveLength(head + 2);
    expect(await auditor.locator('.hash-line code').textContent()).toBe(header.finalHash);
    // The timeline, newest first: the rename, by whom, in words.
    const first = auditor.locator('.events > li').first();
    await first.getByText('Task updated').waitFor(WAIT);
    expect(await first.textContent()).toContain('renamed to “Draft the sitemap and navigation”');
    expect(await first.textContent()).toContain('Mara Manager (manager)');
    // A page of 50, and the rest on request.
    await auditor.getByRole('status').filter({ hasText: `Showing 50 of ${head + 1} events.` }).waitFor(WAIT);
    await auditor.getByRole('button', { name: 'Show 50 more' }).click();
    await auditor.getByRole('status').filter({ hasText: `Showing ${head + 1} of ${head + 1} events.` }).waitFor(WAIT);
    await auditor.locator('.events > li').last().getByText('Project created').waitFor(WAIT);
    expect(await auditor.getByRole('button', { name: 'Show 50 more' }).count()).toBe(0);

    // The slider starts at the latest revision: the new title. One step back with the keyboard: the old one.
    const caption = auditor.locator('.past-caption');
    await auditor.locator(`.past-caption[data-past-revision="${head}"]`).waitFor(WAIT);
    await auditor.locator('.past-table').getByText('Draft the sitemap and navigation').waitFor(WAIT);
    expect(await caption.textContent()).toContain('by Mara Manager');
    await auditor.getByRole('slider', { name: /^Revision/ }).focus();
    await auditor.keyboard.press('ArrowLeft');
    await auditor.locator(`.past-caption[data-past-revision="${head - 1}"]`).waitFor(WAIT);
    await auditor.locator('.past-table th', { hasText: /^Draft the sitemap\s*$/ }).waitFor(WAIT);
    expect(await auditor.locator('.past').textContent()).not.toContain('Draft the sitemap and navigation');
    // Back at the rename, the row it changed is marked.
    await auditor.keyboard.press('ArrowRight');
    await auditor.locator('.past-table tr.changed', { hasText: 'Draft the sitemap and navigation' }).waitFor(WAIT);
    await screens(auditor, 'audit-auditor');

    // A revision typed in, and another view at it: revision 0 is the project just created.
    await auditor.getByLabel('Go to revision').fill('0');
    await auditor.keyboard.press('Enter');
    await auditor.locator('.past-caption[data-past-revision="0"]').waitFor(WAIT);
    await auditor.getByText('No tasks yet at this revision.').waitFor(WAIT);
    await auditor.getByLabel('View', { exact: true }).selectOption('budget');
    await auditor.getByText('No budget lines yet at this revision.').waitFor(WAIT);
    await auditor.getByRole('button', { name: 'Latest' }).click();
    await auditor.locator('.past-table', { hasText: 'CMS licence and hosting' }).waitFor(WAIT);
    // A revision the project has not reached: the server's problem detail says where it stands.
    await auditor.getByLabel('Go to revision').fill(String(head + 50));
    await auditor.keyboard.press('Enter');
    await auditor.getByRole('alert').filter({ hasText: `The project is at revision ${head}; it has no revision ${head + 50} yet` }).waitFor(WAIT);
    await auditor.getByRole('button', { name: 'Latest' }).click();
    await auditor.locator(`.past-caption[data-past-revision="${head}"]`).waitFor(WAIT);

    // As of an instant: before the project, nothing; after its last event, the latest revision.
    await auditor.getByLabel('View', { exact: true }).selectOption('board');
    await auditor.getByLabel('Go to revision').fill('0');
    await auditor.keyboard.press('Enter');
    await auditor.locator('.past-caption[data-past-revision="0"]').waitFor(WAIT);
    await auditor.getByLabel('Or as of a date and time').fill('2020-01-01T00:00:00');
    await auditor.keyboard.press('Enter');
    await auditor.getByRole('alert').filter({ hasText: 'The project did not exist yet at that time.' }).waitFor(WAIT);
    await auditor.getByLabel('Or as of a date and time').fill('2099-01-01T00:00:00');
    await auditor.keyboard.press('Enter');
    await auditor.locator(`.past-caption[data-past-revision="${head}"]`).waitFor(WAIT);

    // Live: an event written now comes in at the top of the timeline, and the slider reaches it.
    const phase = await api.call('POST', `/api/projects/${projectId}/phases`, { token: managerToken, body: { name: 'Care and maintenance' } });
    expect(phase.body.revision).toBe(head + 1);
    await auditor.locator('.events > li').first().getByText('“Care and maintenance”').waitFor(WAIT);
    expect(await auditor.locator('.events > li').first().getAttribute('data-event-revision')).toBe(String(head + 1));
    await auditor.getByRole('slider', { name: `Revision (0 to ${head + 1})` }).waitFor(WAIT);

    // Oldest first, the decision's proposal; its history opens from the timeline, in a dialog that Escape closes.
    await auditor.getByLabel('Order').selectOption('oldest');
    await auditor.locator('.events > li').first().getByText('Project created').waitFor(WAIT);
    const proposal = auditor.locator('.events > li', { hasText: 'Decision proposed' }).first();
    await proposal.getByRole('button', { name: /^Decision history/ }).click();
    const dialog = auditor.getByRole('dialog', { name: 'History of “Which content management system?”' });
    await dialog.waitFor(WAIT);
    await dialog.getByText('Decision made').waitFor(WAIT);
    expect(await dialog.textContent()).toContain('Editors must publish without us');
    expect(await dialog.textContent()).toContain('Mara Manager (manager)');
    expect(await dialog.textContent()).toContain('Milo Member (member)');
    expect(await unlabelledControls(auditor)).toEqual([]);
    // A modal sits in the viewport: the screenshots are of what the screen shows.
    await auditor.screenshot({ path: join(ARTIFACTS, 'audit-decision-history-auditor.png') });
    await auditor.setViewportSize({ width: 390, height: 844 });
    expect(await pageWidth(auditor)).toBeLessThanOrEqual(390);
    await auditor.screenshot({ path: join(ARTIFACTS, 'audit-decision-history-auditor-390.png') });
    await auditor.setViewportSize({ width: 1280, height: 900 });
    await auditor.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', ...WAIT });

    // From the decision log too.
    await openTab(auditor, 'Decisions', '.decisions');
    await auditor.getByRole('button', { name: 'History of Which content management system?' }).click();
    await auditor.getByRole('dialog', { name: 'History of “Which content management system?”' }).getByText('Decision proposed').waitFor(WAIT);
    await auditor.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await auditor.getByRole('dialog').waitFor({ state: 'hidden', ...WAIT });

    // The client has no Audit tab.
    expect(await client.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Audit' }).count()).toBe(0);
  });

  it('the manager publishes a status report drafted from live data; the client’s open page shows it live, never the draft', async () => {
    await openTab(client, 'Status reports', '.reports');
    await markPage(client);
    await client.getByText('No report published yet.').waitFor(WAIT);
    expect(await client.getByRole('heading', { name: /^Draft/ }).count()).toBe(0);
    await screens(client, 'reports-client-empty');

    await openTab(manager, 'Status reports', '.reports');
    await manager.getByRole('heading', { name: /^Draft/ }).waitFor(WAIT);
    await manager.getByRole('heading', { name: 'Top risks' }).waitFor(WAIT);
    await manager.getByText('Client content arrives late').first().waitFor(WAIT);
    await screens(manager, 'reports-manager');
    await manager.getByRole('button', { name: 'Write a status report from the draft' }).click();
    const summary = manager.getByLabel('Summary for the client');
    expect(await summary.inputValue()).toMatch(/^Progress: \d+% /);
    await screens(manager, 'reports-manager-publish');

    // An empty summary is refused: the server says why.
    await summary.fill('');
    await manager.getByRole('button', { name: 'Publish to the client' }).click();
    await manager.getByRole('alert').filter({ hasText: /summary must be longer than or equal to 1 characters/ }).waitFor(WAIT);

    await manager.getByLabel('Period').fill('Week 6');
    await summary.fill('Wireframes are 60% done; the design is on track for approval next week.');
    await manager.getByLabel('Next steps').fill('Visual design; set up the CMS.');
    const published = manager.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/status-reports') && r.status() === 201);
    await manager.getByRole('button', { name: 'Publish to the client' }).click();
    const { revision } = (await (await published).json()) as { revision: number };
    await manager.getByRole('status').filter({ hasText: 'Published: the client sees it now.' }).waitFor(WAIT);
    await manager.getByRole('heading', { name: 'Week 6' }).waitFor(WAIT);

    const started = Date.now();
    await client.getByRole('heading', { name: 'Week 6' }).waitFor(WAIT);
    console.log(`The published report reached the client's open page in ${Date.now() - started} ms after the manager's answer`);
    await client.getByText('Wireframes are 60% done; the design is on track for approval next week.').waitFor(WAIT);
    await client.getByText('Visual design; set up the CMS.').waitFor(WAIT);
    await panelReaches(client, '.reports', revision);
    expect(await notReloaded(client)).toBe(true);
    // Nothing of the draft, nor who in the team published it.
    const seen = (await client.locator('.reports').innerHTML()) + (await client.locator('nav.tabs').innerHTML());
    for (const internal of ['Draft', 'Top risks', 'Risk exposure', 'Mara Manager', 'Client content arrives late', 'Write a status report']) expect(seen).not.toContain(internal);
    await screens(client, 'reports-client');

    // The manager's Audit tab: the same tools as the auditor's; the publication is the latest event.
    await openTab(manager, 'Audit', '.audit');
    await manager.locator('.events > li').first().getByText('Status report published').waitFor(WAIT);
    await manager.getByRole('status').filter({ hasText: `Verified through revision ${revision}.` }).waitFor(WAIT);
    await screens(manager, 'audit-manager');
  });

  it('documents: a document shared with the client appears on the client’s page, an internal one never does; a new version and the sharing flag', async () => {
    await openTab(client, 'Documents', '.documents');
    await markPage(client);
    await client.getByText('No document has been shared with you yet.').waitFor(WAIT);
    await openTab(manager, 'Documents', '.documents');

    const add = async (kind: string, title: string, location: string, shared: boolean): Promise<number> => {
      await manager.getByLabel('Kind', { exact: true }).selectOption(kind);
      await manager.getByLabel('Title').fill(title);
      await manager.getByLabel('Where it lives (a link or a path)').fill(location);
      if (shared) await manager.getByLabel('Share with the client').check();
      const answer = manager.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/documents') && r.status() === 201);
      await manager.getByRole('button', { name: 'Add document' }).click();
      await manager.getByRole('heading', { name: title }).waitFor(WAIT);
      return ((await (await answer).json()) as { revision: number }).revision;
    };
    await add('contract', 'Statement of work', 'https://files.example.com/sow-v1.pdf', true);
    const internalAt = await add('other', 'Internal estimate sheet', 'https://files.example.com/estimate.xlsx', false);
    const sow = manager.getByRole('listitem').filter({ has: manager.getByRole('heading', { name: 'Statement of work' }) });
    await sow.getByText('Shared with the client', { exact: true }).first().waitFor(WAIT);

    await client.getByRole('heading', { name: 'Statement of work' }).waitFor(WAIT);
    await panelReaches(client, '.documents', internalAt);
    expect(await client.content()).not.toContain('Internal estimate sheet');

    // A new version without what changed is refused with the server's reason; with it, the client sees version 2 live.
    await sow.getByRole('button', { name: 'New version of Statement of work' }).click();
    const version = manager.getByRole('form', { name: 'New version of Statement of work' });
    await version.getByLabel('Where the new version lives').fill('https://files.example.com/sow-v2.pdf');
    await version.getByRole('button', { name: 'Add version' }).click();
    await version.getByRole('alert').filter({ hasText: 'A new version gives both location and summary' }).waitFor(WAIT);
    await version.getByLabel('What changed').fill('French version added to the scope');
    await version.getByRole('button', { name: 'Add version' }).click();
    await sow.getByText('Version 2', { exact: true }).waitFor(WAIT);
    const clientSow = client.getByRole('listitem').filter({ has: client.getByRole('heading', { name: 'Statement of work' }) });
    await clientSow.getByText('Version 2', { exact: true }).waitFor(WAIT);
    await clientSow.getByText(/^Versions \(2\)/).click();
    await clientSow.getByText(/French version added to the scope/).waitFor(WAIT);
    await screens(manager, 'documents-manager');
    await screens(client, 'documents-client');

    // The manager clears the flag: the document leaves the client's page; set again, it comes back.
    await sow.getByLabel('Shared with the client: Statement of work').uncheck();
    await client.getByRole('heading', { name: 'Statement of work' }).waitFor({ state: 'detached', ...WAIT });
    await sow.getByLabel('Shared with the client: Statement of work').check();
    await client.getByRole('heading', { name: 'Statement of work' }).waitFor(WAIT);
    expect(await client.content()).not.toContain('Internal estimate sheet');
    expect(await notReloaded(client)).toBe(true);
  });

  it('quality: checks recorded move the pass rate on both pages; a waiver without a reason shows the server’s detail; a new standard', async () => {
    await openTab(client, 'Quality', '.quality');
    await openTab(manager, 'Quality', '.quality');
    const rate = (page: Page) => page.getByTestId('pass-rate');
    expect(await rate(manager).textContent()).toContain('—');

    const record = async (criterion: string, result: 'Passed' | 'Failed' | 'Waived', measured: string, note = '') => {
      const card = manager.getByRole('listitem').filter({ has: manager.getByRole('heading', { name: `Website: ${criterion}` }) });
      await card.getByRole('button', { name: `Record a check of ${criterion}` }).click();
      const form = manager.getByRole('form', { name: `Record a check of ${criterion}` });
      await form.getByLabel(result).check();
      await form.getByLabel(/^Measured/).fill(measured);
      if (note) await form.getByLabel(/^(Note|Reason)/).fill(note);
      await form.getByRole('button', { name: 'Record check' }).click();
      return form;
    };
    await record('Home page load', 'Passed', 'p95 1.6 s', 'Lab run on a Moto G');
    await rate(manager).filter({ hasText: '100%' }).waitFor(WAIT);
    await rate(client).filter({ hasText: '100%' }).waitFor(WAIT);
    await record('Accessibility', 'Failed', '3 contrast errors');
    await rate(manager).filter({ hasText: '50%' }).waitFor(WAIT);
    await rate(client).filter({ hasText: '50%' }).waitFor(WAIT);
    expect(await manager.getByText('Lab run on a Moto G').count()).toBe(1);
    expect(await client.content()).not.toContain('Lab run on a Moto G');

    // A waiver without a reason: refused, and the server's detail is shown.
    const waiver = await record('Accessibility', 'Waived', 'n/a');
    await waiver.getByRole('alert').filter({ hasText: 'A waiver says why (note)' }).waitFor(WAIT);
    await waiver.getByRole('button', { name: 'Cancel' }).click();

    await manager.getByLabel('Deliverable').fill('Website');
    await manager.getByLabel('Dimension').selectOption('security');
    await manager.getByLabel('Criterion').fill('TLS configuration');
    await manager.getByLabel('Measurable threshold').fill('Grade A on the SSL Labs test');
    await manager.getByRole('button', { name: 'Define standard' }).click();
    await client.getByRole('heading', { name: 'Website: TLS configuration' }).waitFor(WAIT);
    await screens(manager, 'quality-manager');
    await screens(client, 'quality-client');
  });

  it('a chain changed behind the api’s back: Verify again names the revision where it breaks, as an alert', async () => {
    const db = new Database(join(api.dataDir, 'events.db'));
    try {
      db.pragma('busy_timeout = 5000');
      const stream = `project-${projectId}`;
      const { revision } = db.prepare<[string], { revision: number }>("SELECT revision FROM events WHERE stream_id = ? AND type = 'PhaseAdded' ORDER BY revision LIMIT 1").get(stream)!;
      db.prepare("UPDATE events SET data = replace(data, '\"Discovery\"', '\"Disc0very\"') WHERE stream_id = ? AND revision = ?").run(stream, revision);
      await openTab(auditor, 'Audit', '.audit');
      await auditor.getByRole('button', { name: 'Verify again' }).click();
      const alert = auditor.getByRole('alert').filter({ hasText: `The chain breaks at revision ${revision}.` });
      await alert.waitFor(WAIT);
      expect(await alert.textContent()).toContain(`Revisions 0 to ${revision - 1} verify; nothing from revision ${revision} on can be trusted.`);
      await screens(auditor, 'audit-broken-auditor');
    } finally {
      db.close();
    }
  });
});
