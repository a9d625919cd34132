import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { createTestDatabase, TestDatabase } from './databases';
import { startTestApp, TestApp } from './test-app';

/** Debian's Chromium; `.ci/run` installs the `chromium` package. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS_DIR = join(__dirname, '..', 'artifacts');

/**
 * `describe` when Chromium is installed, else `describe.skip` with a loud warning. Under
 * CI=true a missing Chromium fails the run instead: CI must never skip the browser tests.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) return describe(name, body);
  if (process.env.CI === 'true') {
    throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: install Debian's chromium package.`);
  }
  console.warn(
    `\n\n  !!! ${CHROMIUM_PATH} not found: the browser tests "${name}" are SKIPPED.` +
      `\n  !!! Install it with: apt-get install chromium\n\n`,
  );
  describe.skip(name, body);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** What went wrong in a page: console errors, uncaught errors, failed or foreign requests. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  externalRequests: string[];
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
}

/** A fresh context (own cookies) and page on `baseUrl`, recording every problem. */
export async function openWatchedPage(
  browser: Browser,
  baseUrl: string,
  viewport = DESKTOP,
): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems: PageProblems = {
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    externalRequests: [],
  };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(baseUrl) && !url.startsWith('data:')) problems.externalRequests.push(url);
  });
  page.on('requestfailed', (request) => {
    // A stream the page (or the test's navigation) closes on purpose is aborted, not failed.
    const reason = request.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') problems.failedRequests.push(`${request.url()} ${reason}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.failedRequests.push(`${response.url()} ${response.status()}`);
    }
  });
  return { context, page, problems };
}

/**
 * Fails unless the page stayed clean; `tolerated` lists problems a test causes on purpose
 * (such as connection refusals while it restarts the server).
 */
export function expectNoProblems(problems: PageProblems, tolerated: RegExp[] = []): void {
  const keep = (list: string[]) => list.filter((text) => !tolerated.some((re) => re.test(text)));
  expect({
    consoleErrors: keep(problems.consoleErrors),
    pageErrors: keep(problems.pageErrors),
    failedRequests: keep(problems.failedRequests),
    externalRequests: problems.externalRequests,
  }).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], externalRequests: [] });
}

/** Saves what the test saw to test/artifacts/<name>.png (ignored by git). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Records every value the `data-<attribute>` of `selector` takes, from now on, in the page itself
 * (a MutationObserver), so even a value shown for a few milliseconds is seen. The same element
 * must stay in the page: a changed value is a change in place.
 */
export async function recordAttribute(
  page: Page,
  selector: string,
  attribute = 'state',
): Promise<() => Promise<string[]>> {
  const key = `__recorded_${Math.random().toString(36).slice(2)}`;
  await page.evaluate(
    ({ selector, attribute, key }) => {
      // Runs in the page; typed loosely because the test build has no DOM lib.
      const page = globalThis as any;
      const target = page.document.querySelector(selector);
      const values: string[] = [target.dataset[attribute] ?? ''];
      page[key] = values;
      // Several changes in one task arrive as one batch of records: each record's new value
      // is the next record's old value, so none is lost.
      new page.MutationObserver((records: { oldValue: string | null }[]) => {
        records.forEach((_, i) => {
          const next = records[i + 1];
          const value = next ? (next.oldValue ?? '') : (target.dataset[attribute] ?? '');
          if (values.at(-1) !== value) values.push(value);
        });
      }).observe(target, {
        attributes: true,
        attributeOldValue: true,
        attributeFilter: [`data-${attribute}`],
      });
    },
    { selector, attribute, key },
  );
  return () => page.evaluate((key) => (globalThis as any)[key] as string[], key);
}

/**
 * Visible text whose contrast with its background is below WCAG AA (4.5:1, or 3:1 for large
 * text), computed in the page from the rendered colours. Backgrounds are the first opaque one
 * up the tree; text over gradients or images is not judged.
 */
export function lowContrastTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = (globalThis as any).document;
    const view = globalThis as any;
    const rgba = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const [R, G, B] = [r, g, b].map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * R + 0.7152 * G + 0.0722 * B;
    };
    const background = (el: any): number[] => {
      for (let node = el; node; node = node.parentElement) {
        const color = rgba(view.getComputedStyle(node).backgroundColor);
        if (color.length === 3 || (color.length === 4 && color[3] === 1)) return color;
      }
      return [255, 255, 255];
    };
    const failures: string[] = [];
    for (const el of doc.querySelectorAll('body *')) {
      const text = [...el.childNodes]
        .filter((n: any) => n.nodeType === 3)
        .map((n: any) => n.textContent.trim())
        .join(' ')
        .trim();
      if (!text || !el.checkVisibility?.({ opacityProperty: true, visibilityProperty: true }))
        continue;
      if (el.closest('.visually-hidden')) continue;
      const style = view.getComputedStyle(el);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const [fg, bg] = [luminance(rgba(style.color)), luminance(background(el))];
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < (large ? 3 : 4.5)) failures.push(`${text.slice(0, 40)} (${ratio.toFixed(2)}:1)`);
    }
    return failures;
  });
}

export interface BrowserSuite {
  browser: Browser;
  database: TestDatabase;
  herald: TestApp;
  /** The page a test opened; closed after the test. */
  watched?: WatchedPage;
}

/**
 * The hooks of a browser suite: one Chromium for the suite, a fresh Herald on a fresh SQLite
 * file for each test, and the test's page closed after it. Read the fields inside tests.
 */
export function useBrowserSuite(): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    suite.browser = await launchBrowser();
  });
  afterAll(() => suite.browser?.close());
  beforeEach(async () => {
    suite.database = await createTestDatabase('sqlite');
    suite.herald = await startTestApp({ databaseUrl: suite.database.url });
  });
  afterEach(async () => {
    await suite.watched?.context.close();
    suite.watched = undefined;
    await suite.herald.close();
    await suite.database.drop();
  });
  return suite;
}
