import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../apps/api/src/demo/demo';
import { REPO_ROOT, eventually } from '../support/ts-child';

export { DEMO_PASSWORD };

/** What the browser suites share: the build, Debian's chromium, signing in, screenshots and the layout and label checks. */
export const ARTIFACTS = join(REPO_ROOT, 'test/artifacts/web');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The app as `npm start` builds it, into a folder of this run's own (the caller removes it). */
export async function buildWeb(): Promise<string> {
  const webDir = mkdtempSync(join(tmpdir(), 'web-build-'));
  await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.mjs', '--logLevel', 'error'], {
    cwd: REPO_ROOT,
    // Jest sets NODE_ENV=test, which Vite would keep: the production build is what `npm start` serves.
    env: { ...process.env, NODE_ENV: 'production', WEB_OUT_DIR: webDir },
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return webDir;
}

/**
 * For a suite: the app built once and chromium launched once, before its tests
 * (given back through the getters), both removed after them.
 */
export function webAndBrowser(): { readonly webDir: () => string; readonly browser: () => Browser } {
  let webDir: string | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    webDir = await buildWeb();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });
  return { webDir: () => webDir!, browser: () => browser! };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Signs in with the keyboard alone: type, Tab, type, Enter. */
export async function signIn(page: Page, url: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('E-mail').focus();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Your projects' }).waitFor();
}

export const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

export const pageWidth = (page: Page) => page.evaluate('document.documentElement.scrollWidth') as Promise<number>;

/** At 390 px wide nothing overflows sideways; a screenshot there, then back to 1280. */
export async function atPhoneWidth(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  await shot(page, name);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Every control on the page has a name a screen reader can say. */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return (await page.evaluate(`[...document.querySelectorAll('input, select, textarea, button, a[href], summary')]
    .filter((el) => !((el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.textContent.trim()))
    .map((el) => el.outerHTML.slice(0, 120))`)) as string[];
}

/**
 * Polls `expression` in the page until it is true. (Not `page.waitForFunction`:
 * when the first check fails it compiles its predicate inside the page, which the
 * app's Content-Security-Policy, `script-src 'self'`, rightly refuses.)
 */
export async function untilTrueInPage(page: Page, expression: string, options: { readonly timeout?: number } = {}): Promise<void> {
  const timeout = options.timeout ?? 10_000;
  const deadline = Date.now() + timeout;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`Not true in the page within ${timeout} ms: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A screen in both widths (1280 and 390 px, saved as `<name>.png` and `<name>-390.png`), once every control on it is named. */
export async function screens(page: Page, name: string): Promise<void> {
  expect(await unlabelledControls(page)).toEqual([]);
  await shot(page, name);
  await atPhoneWidth(page, `${name}-390`);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A task's row on the plan (by phase), found by its own title: not a row that only
 * names it among the tasks it waits for.
 */
export function taskRow(page: Page, title: string) {
  return page.locator('li.task').filter({ has: taskTitle(page, title) });
}

/** A task's title on the plan (the title button for the team, its text for the client), exactly. */
export function taskTitle(page: Page, title: string) {
  return page.locator('.task-title > .title-button, .task-title > .title-text').filter({ hasText: new RegExp(`^${escapeRegExp(title)}$`) });
}

/**
 * Opens a tab of a project (from the project list when the page shows no
 * project yet) and waits until the page is live.
 */
export async function openProjectTab(page: Page, project: string, tab: string): Promise<void> {
  const wait = { timeout: 10_000 };
  const nav = page.getByRole('navigation', { name: 'Project sections' });
  if ((await nav.count()) === 0) {
    await page.getByRole('link', { name: project }).click();
    await nav.waitFor(wait);
  }
  await nav.getByRole('link', { name: tab, exact: true }).click();
  await page.getByTestId('connection-state').filter({ hasText: 'Live' }).waitFor(wait);
}

/** Pages each in a browser context of its own (its own session), 1280 × 900, all closed by `closeAll`. */
export function browserPages(browser: () => Browser): { readonly newPage: () => Promise<Page>; readonly closeAll: () => Promise<void> } {
  const contexts: BrowserContext[] = [];
  return {
    newPage: async () => {
      const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      return context.newPage();
    },
    closeAll: async () => {
      for (const context of contexts.splice(0)) await context.close();
    },
  };
}

/**
 * The writes pages make to a project, followed from their answers, so that a
 * test reading a view over HTTP reads it once it holds them: a write answers
 * once stored and the read store's views follow within moments, while a
 * page's live plan is folded apart (a page can show a change before the view
 * a test reads holds it). `follow` each page before it writes; `view` reads
 * `GET <path>` until its revision reaches the highest a write was answered with.
 */
export function projectWrites(): {
  readonly follow: (page: Page, projectId: () => string) => void;
  readonly view: (call: (path: string) => Promise<{ body: any }>, path: string) => Promise<{ revision: number; data: any }>;
} {
  let written = -1;
  const reading = new Set<Promise<void>>();
  return {
    follow: (page, projectId) => {
      page.on('response', (response) => {
        if (response.request().method() === 'GET' || !response.ok() || !response.url().includes(`/api/projects/${projectId()}/`)) return;
        const read: Promise<void> = response.json().then(
          (body: { revision?: unknown } | null) => {
            if (typeof body?.revision === 'number') written = Math.max(written, body.revision);
          },
          () => undefined,
        );
        reading.add(read);
        void read.finally(() => reading.delete(read));
      });
    },
    view: async (call, path) => {
      await Promise.all(reading);
      let seen: unknown;
      return eventually(
        async () => {
          const answer = await call(path);
          seen = answer.body?.revision;
          return typeof answer.body?.revision === 'number' && answer.body.revision >= written ? (answer.body as { revision: number; data: any }) : undefined;
        },
        { describe: () => `GET ${path} showed revision ${String(seen)}; the last write was answered with ${written}` },
      );
    },
  };
}
