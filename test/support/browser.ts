import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

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
