import type { BrowserContext, Page } from 'playwright-core';
import { DemoSeeder } from '../../apps/api/src/demo/demo';
import { startApi, type RunningApi } from '../support/api';
import { atPhoneWidth, shot, signIn, unlabelledControls, webAndBrowser, untilTrueInPage } from './browser-support';

/**
 * Issue 7, slice 2 in a real browser: the risk register with its 5×5 heat map,
 * and the decision log, each live over /live. A manager writes; the client (risks)
 * and a member (decisions) watch their open pages change without a reload.
 * Screenshots of both screens, in both audiences, go to test/artifacts/web/.
 */
const suite = webAndBrowser();

const PROJECT = 'Website relaunch for Contoso Ltd';
const WAIT = { timeout: 10_000 };

/** Opens a section of the demo project from the project list, by its tab, and waits until it is live. */
async function openSection(page: Page, tab: 'Risks' | 'Decisions', panel: '.risks' | '.decisions'): Promise<void> {
  await page.getByRole('link', { name: PROJECT }).click();
  await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: tab }).click();
  await page.locator(`${panel}[data-revision]`).waitFor(WAIT);
  await page.getByTestId('connection-state').filter({ hasText: 'Live' }).waitFor(WAIT);
}

/** The count the heat map shows in the cell for (probability, impact). */
const cell = (page: Page, probability: number, impact: number) => page.locator(`.heat-map td[data-cell="${probability}-${impact}"] > span`).first();

/** Waits until the page's panel has folded the project at least to `revision`. */
async function panelReaches(page: Page, panel: '.risks' | '.decisions', revision: number): Promise<void> {
  try {
    await untilTrueInPage(page, `Number(document.querySelector('${panel}')?.getAttribute('data-revision')) >= ${revision}`, WAIT);
  } catch (failure) {
    const held = await page.evaluate(`document.querySelector('${panel}')?.getAttribute('data-revision')`).catch(() => 'unknown');
    throw new Error(`${panel} did not reach revision ${revision} (it holds ${String(held)}): ${(failure as Error).message}`);
  }
}

const markPage = (page: Page) => page.evaluate('window.notReloaded = true');
const notReloaded = (page: Page) => page.evaluate('window.notReloaded === true');

describe('web app: risks and decisions in a browser', () => {
  let api: RunningApi;
  let projectId: string;
  const contexts: BrowserContext[] = [];
  let manager: Page;
  let client: Page;
  let member: Page;

  beforeAll(async () => {
    api = await startApi({ WEB_DIR: suite.webDir() });
    projectId = (await api.app.get(DemoSeeder).seedIfEmpty())!;
    const page = async () => {
      const context = await suite.browser().newContext({ viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      return context.newPage();
    };
    manager = await page();
    client = await page();
    member = await page();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await api?.close();
  });

  it('the manager identifies a risk and re-assesses it; the client’s open heat map changes live, and internal-only risks never reach the client', async () => {
    await signIn(manager, api.url, 'manager@demo.example.com');
    await signIn(client, api.url, 'client@demo.example.com');
    await openSection(manager, 'Risks', '.risks');
    await openSection(client, 'Risks', '.risks');
    await markPage(client);

    // The demo's register: both see the heat map as a table with a caption; only the team sees the internal-only risk.
    for (const page of [manager, client]) {
      await page.getByRole('table', { name: /by probability \(rows\) and impact \(columns\)/ }).waitFor(WAIT);
      await page.getByRole('heading', { name: 'Client content arrives late' }).waitFor(WAIT);
      expect(await cell(page, 4, 4).textContent()).toBe('1');
    }
    await manager.getByRole('heading', { name: 'Key designer unavailable in December' }).waitFor(WAIT);
    expect(await cell(manager, 2, 4).textContent()).toBe('1');
    expect(await cell(client, 2, 4).textContent()).toBe('0');
    expect(await client.content()).not.toContain('Key designer unavailable');
    // The client cannot write, and is not told who owns a risk internally.
    expect(await client.getByRole('button', { name: /^Re-assess/ }).count()).toBe(0);
    expect(await client.getByRole('heading', { name: 'Identify a risk' }).count()).toBe(0);
    expect(await client.getByText('Owner', { exact: true }).count()).toBe(0);
    expect(await cell(client, 2, 5).textContent()).toBe('0');

    // The manager identifies a risk (probability 2, impact 5): the client's open page counts it.
    await manager.getByLabel('Title').fill('Hosting provider changes its terms');
    await manager.getByLabel('Category').selectOption('external');
    await manager.getByLabel('Probability', { exact: true }).selectOption('2');
    await manager.getByLabel('Impact', { exact: true }).selectOption('5');
    await manager.getByLabel('Mitigation').fill('Export the site nightly; a second provider quoted');
    await manager.getByRole('button', { name: 'Identify risk' }).click();
    await manager.getByRole('status').filter({ hasText: 'Risk identified.' }).waitFor(WAIT);
    await client.getByRole('heading', { name: 'Hosting provider changes its terms' }).waitFor(WAIT);
    await untilTrueInPage(client, `document.querySelector('.heat-map td[data-cell="2-5"] > span')?.textContent === '1'`, WAIT);

    // The manager re-assesses it with the keyboard: 5 × 5, with a note. The client's cell moves from (2, 5) to (5, 5).
    const risk = manager.getByRole('listitem').filter({ has: manager.getByRole('heading', { name: 'Hosting provider changes its terms' }) });
    await risk.getByRole('button', { name: 'Re-assess Hosting provider changes its terms' }).focus();
    await manager.keyboard.press('Enter');
    await risk.locator('dd').filter({ hasText: 'Mara Manager' }).waitFor(WAIT);
    const form = manager.getByRole('form', { name: 'Re-assess Hosting provider changes its terms' });
    await form.getByLabel('Probability').selectOption('5');
    await form.getByLabel('Impact').selectOption('5');
    await form.getByLabel('Note (why)').focus();
    await manager.keyboard.type('The provider announced new terms for January');
    await manager.keyboard.press('Enter');
    await risk.getByText('Score 25 · high').waitFor(WAIT);
    await untilTrueInPage(client, `document.querySelector('.heat-map td[data-cell="5-5"] > span')?.textContent === '1' && document.querySelector('.heat-map td[data-cell="2-5"] > span')?.textContent === '0'`, WAIT);
    expect(await cell(manager, 5, 5).textContent()).toBe('1');
    expect(await cell(manager, 2, 5).textContent()).toBe('0');

    // Each risk's history, expanded: the team sees the note; the client sees the assessments without it.
    await risk.getByText(/^History \(2 assessments\)/).click();
    await risk.getByText('The provider announced new terms for January').waitFor(WAIT);
    const clientRisk = client.getByRole('listitem').filter({ has: client.getByRole('heading', { name: 'Hosting provider changes its terms' }) });
    await clientRisk.getByText(/^History \(2 assessments\)/).click();
    await clientRisk.getByText(/probability 5, impact 5 \(score 25\)/).waitFor(WAIT);
    expect(await client.content()).not.toContain('The provider announced new terms');

    // An internal-only risk: the manager sees it; once the client's page has folded that revision, it is nowhere there.
    await manager.getByLabel('Title').fill('Our lead developer may be moved to another account');
    await manager.getByLabel('Internal only (kept from the client)').check();
    const identified = manager.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/risks') && r.status() === 201);
    await manager.getByRole('button', { name: 'Identify risk' }).click();
    const { revision } = (await (await identified).json()) as { revision: number };
    await manager.getByRole('heading', { name: 'Our lead developer may be moved to another account' }).waitFor(WAIT);
    await panelReaches(client, '.risks', revision);
    expect(await client.content()).not.toContain('lead developer may be moved');
    expect(await client.content()).not.toContain('Internal only');
    expect(await notReloaded(client)).toBe(true);

    await shot(manager, 'risks-manager');
    await shot(client, 'risks-client');
    expect(await unlabelledControls(manager)).toEqual([]);
    expect(await unlabelledControls(client)).toEqual([]);
    await atPhoneWidth(manager, 'risks-manager-390');
    await atPhoneWidth(client, 'risks-client-390');
  });

  it('the manager records a decision with two options; the member’s open Decisions page shows it with the chosen option and the superseding chain', async () => {
    await signIn(member, api.url, 'member@demo.example.com');
    await manager.goto(`${api.url}/`);
    await manager.getByRole('heading', { name: 'Your projects' }).waitFor(WAIT);
    await openSection(manager, 'Decisions', '.decisions');
    await openSection(member, 'Decisions', '.decisions');
    await markPage(member);

    // The demo's decision, with its options side by side and the chosen one marked in words.
    const cms = member.getByRole('listitem').filter({ has: member.getByRole('heading', { name: 'Which content management system?' }) });
    await cms.getByRole('list', { name: 'Options for Which content management system?' }).waitFor(WAIT);
    await cms.locator('.option.chosen').getByText('Hosted headless CMS').waitFor(WAIT);
    await cms.locator('.option.chosen').getByText('Chosen').waitFor(WAIT);
    // A member cannot record a decision (managers decide).
    expect(await member.getByRole('button', { name: 'Record a decision' }).count()).toBe(0);

    await manager.getByRole('button', { name: 'Record a decision' }).click();
    await manager.getByLabel('Decision', { exact: true }).fill('Static site generator after all?');
    await manager.getByLabel('Context').fill('The licence price doubles next year.');
    await manager.getByLabel('Title of option 1').fill('Keep the hosted CMS');
    await manager.getByLabel('Cons of option 1').fill('Licence doubles');
    await manager.getByLabel('Cost (EUR) of option 1').fill('9,800');
    await manager.getByLabel('Title of option 2').fill('Move to a static site');
    await manager.getByLabel('Pros of option 2').fill('No licence');
    await manager.getByLabel('Risks of option 2').fill('Editors need training');
    await manager.getByLabel('Benefits of option 2').fill('Faster pages');
    await manager.getByLabel('Cost (EUR) of option 2').fill('2,400');
    await manager.getByLabel('Chosen option 2').check();
    await manager.getByLabel('Rationale (why this option)').fill('Cheaper over two years; training fits in the launch week');
    await manager.getByRole('group', { name: 'Participants' }).getByLabel('Milo Member').check();
    await manager.getByLabel('Supersedes').selectOption({ label: 'Which content management system?' });
    await manager.getByRole('button', { name: 'Record decision' }).click();
    await manager.getByRole('status').filter({ hasText: 'Decision recorded.' }).waitFor(WAIT);

    // The member's open page: the new decision, both options, the chosen one highlighted with the rationale and participants.
    const made = member.getByRole('listitem').filter({ has: member.getByRole('heading', { name: 'Static site generator after all?' }) });
    await made.waitFor(WAIT);
    const options = made.getByRole('list', { name: 'Options for Static site generator after all?' });
    await options.getByText('Keep the hosted CMS').waitFor(WAIT);
    await options.getByText('Move to a static site').waitFor(WAIT);
    expect(await made.locator('.option').count()).toBe(2);
    const chosen = made.locator('.option.chosen');
    expect(await chosen.count()).toBe(1);
    await chosen.getByText('Move to a static site').waitFor(WAIT);
    await chosen.getByText('No licence').waitFor(WAIT);
    await made.getByText('Cheaper over two years; training fits in the launch week').waitFor(WAIT);
    await made.getByText(/Participants:.*Milo Member/).waitFor(WAIT);
    await made.getByText('Decided', { exact: true }).waitFor(WAIT);

    // The chain: the old decision is superseded and links to its successor, which says what it supersedes.
    await cms.getByText('Superseded', { exact: true }).waitFor(WAIT);
    const successor = cms.getByRole('link', { name: 'Static site generator after all?' });
    await successor.waitFor(WAIT);
    await made.getByRole('link', { name: 'Which content management system?' }).waitFor(WAIT);
    await successor.focus();
    await member.keyboard.press('Enter');
    await untilTrueInPage(member, `location.hash.startsWith('#decision-')`, WAIT);
    expect(await notReloaded(member)).toBe(true);

    // The client has no decision log (the server serves it no form of it): no tab, and the path shows the plan.
    await client.goto(`${api.url}/projects/${projectId}/decisions`);
    await client.getByRole('region', { name: /^Phase:/ }).first().waitFor(WAIT);
    expect(await client.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Decisions' }).count()).toBe(0);
    expect(await client.content()).not.toContain('Static site generator after all?');

    await shot(manager, 'decisions-manager');
    await shot(member, 'decisions-member');
    await shot(client, 'decisions-client-has-none');
    expect(await unlabelledControls(manager)).toEqual([]);
    expect(await unlabelledControls(member)).toEqual([]);
    await atPhoneWidth(manager, 'decisions-manager-390');
    await atPhoneWidth(member, 'decisions-member-390');
  });
});
