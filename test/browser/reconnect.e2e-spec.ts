import type { Browser } from 'playwright-core';
import { ADMIN_ID, TEST_JWT_SECRET } from '../support/auth';
import {
  describeInBrowser,
  expectNoProblems,
  launchBrowser,
  openWatchedPage,
  recordAttribute,
  saveScreenshot,
  WatchedPage,
} from '../support/browser';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { HeraldClient } from '../support/herald-client';
import { startTestApp, TestApp } from '../support/test-app';
import { BADGE, LIFECYCLE, timelineEntries, waitForTimeline } from '../support/tracking-page';

jest.setTimeout(90_000);

/** What a page sees while its server is down or shutting down; anything else is a failure. */
const OUTAGE = [
  /ERR_CONNECTION_REFUSED/,
  /ERR_CONNECTION_RESET/,
  /ERR_EMPTY_RESPONSE/,
  /ERR_INCOMPLETE_CHUNKED_ENCODING/,
  /\/stream 503$/,
  /status of 503/,
  /MIME type/,
];
/** ... and, when the new server signs tokens with a new key, the refusals of the old cookie. */
const STALE_TOKEN = [/ 401$/, /status of 401/];

describeInBrowser('The tracking page across a server restart', () => {
  let browser: Browser;
  let database: TestDatabase;
  let herald: TestApp | undefined;
  let watched: WatchedPage | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
  });

  afterEach(async () => {
    await watched?.context.close();
    watched = undefined;
    await herald?.close();
    herald = undefined;
    await database.drop();
  });

  /**
   * Opens the page on an order, starts a simulation, stops Herald after a few steps and starts
   * it again on the same port and database (signing tokens with `secretAfter`). The simulation
   * dies with the first process, so the test moves the order once more (while the page may still
   * be away: it must replay that) and simulates the rest.
   */
  async function restartMidSimulation(name: string, secretAfter: string): Promise<WatchedPage> {
    const start = (secret: string, port?: number) =>
      startTestApp({
        databaseUrl: database.url,
        port,
        env: { SSE_RETRY_MS: '500', AUTH_JWT_SECRET: secret },
      });
    herald = await start(TEST_JWT_SECRET);
    const { port } = herald;
    const order = await new HeraldClient(herald.url, 'customer-r').createOrder();
    watched = await openWatchedPage(browser, herald.url);
    const { page } = watched;
    await page.goto(`/?customer=customer-r&order=${order.id}`);
    await page.waitForSelector(`${BADGE}[data-state="live"]`);
    const badgeStates = await recordAttribute(page, BADGE);

    await new HeraldClient(herald.url, 'customer-r').simulate(order.id, 300);
    await waitForTimeline(page, 3);
    await herald.close();
    herald = undefined;
    await page.waitForSelector(`${BADGE}[data-state="reconnecting"]`);
    await saveScreenshot(page, `${name}-while-down`);

    herald = await start(secretAfter, port);
    const admin = new HeraldClient(herald.url, ADMIN_ID, { roles: ['admin'], secret: secretAfter });
    const { status } = await admin.call('GET', `/orders/${order.id}`);
    const next = LIFECYCLE[LIFECYCLE.indexOf(status) + 1];
    await admin.call('POST', `/orders/${order.id}/status`, { status: next });
    await page.waitForSelector(`${BADGE}[data-state="live"]`, { timeout: 20_000 });
    await admin.simulate(order.id, 150);

    await page.waitForSelector(`${BADGE}[data-state="ended"]`, { timeout: 20_000 });
    const entries = await timelineEntries(page);
    expect(entries.map((e) => e.status)).toEqual(LIFECYCLE);
    expect(entries.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await badgeStates()).toEqual(['live', 'reconnecting', 'live', 'ended']);
    // The outage is over: no error is left on the screen.
    await expect(
      page.locator('[data-testid="message"].visible[data-kind="error"]').count(),
    ).resolves.toBe(0);
    await saveScreenshot(page, `${name}-after`);
    return watched;
  }

  it('reconnects by itself mid-simulation and ends with the complete timeline, no duplicates', async () => {
    const { problems } = await restartMidSimulation('reconnect-restart', TEST_JWT_SECRET);
    expectNoProblems(problems, OUTAGE);
  });

  it('signs in again by itself when the restarted server signs with a new key', async () => {
    const { problems } = await restartMidSimulation(
      'reconnect-new-key',
      'another-secret-for-the-second-process-0123',
    );
    expectNoProblems(problems, [...OUTAGE, ...STALE_TOKEN]);
  });
});
