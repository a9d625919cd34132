import type { Browser } from 'playwright-core';
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

describeInBrowser('The tracking page across a server restart', () => {
  let browser: Browser;
  let database: TestDatabase;
  let herald: TestApp | undefined;
  let watched: WatchedPage | undefined;
  const env = { SSE_RETRY_MS: '500' };

  beforeAll(async () => {
    browser = await launchBrowser();
    database = await createTestDatabase('sqlite');
  });

  afterAll(async () => {
    await watched?.context.close();
    await herald?.close();
    await browser?.close();
    await database?.drop();
  });

  it('reconnects by itself mid-simulation and ends with the complete timeline, no duplicates', async () => {
    herald = await startTestApp({ databaseUrl: database.url, env });
    const { port } = herald;
    const order = await new HeraldClient(herald.url, 'customer-r').createOrder();
    watched = await openWatchedPage(browser, herald.url);
    const { page } = watched;
    await page.goto(`/?customer=customer-r&order=${order.id}`);
    await page.waitForSelector(`${BADGE}[data-state="live"]`);
    const badgeStates = await recordAttribute(page, BADGE);

    await new HeraldClient(herald.url, 'customer-r').simulate(order.id, 300);
    await waitForTimeline(page, 3);
    await herald.close(); // the simulation stops with its process, mid-way
    herald = undefined;
    await page.waitForSelector(`${BADGE}[data-state="reconnecting"]`);
    await saveScreenshot(page, 'reconnect-while-down');

    herald = await startTestApp({ databaseUrl: database.url, port, env });
    const customer = new HeraldClient(herald.url, 'customer-r');
    const { status } = await customer.call('GET', `/orders/${order.id}`);
    const next = LIFECYCLE[LIFECYCLE.indexOf(status) + 1];
    // A change made while the page may still be away reaches it by replay, after reconnecting.
    const admin = new HeraldClient(herald.url, 'admin-1', ['admin']);
    await admin.call('POST', `/orders/${order.id}/status`, { status: next });
    await page.waitForSelector(`${BADGE}[data-state="live"]`, { timeout: 20_000 });
    await customer.simulate(order.id, 150);

    await page.waitForSelector(`${BADGE}[data-state="ended"]`, { timeout: 20_000 });
    const entries = await timelineEntries(page);
    expect(entries.map((e) => e.status)).toEqual(LIFECYCLE);
    expect(entries.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await badgeStates()).toEqual(['live', 'reconnecting', 'live', 'ended']);
    await saveScreenshot(page, 'reconnect-after-restart');
    expectNoProblems(watched.problems, OUTAGE);
  });
});
