import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { freePort, sleep } from '../support/fixtures';
import { HeraldClient } from '../support/herald-client';
import { assertBuilt, startRealProcess } from '../support/real-process';
import { BADGE, LIFECYCLE, timelineEntries, waitForTimeline } from '../support/tracking-page';

jest.setTimeout(120_000);

const HEARTBEAT_MS = 1000;
/** The pages give up on a stream silent for twice the heartbeat interval. */
const WATCHDOG_MS = 2 * HEARTBEAT_MS;
const VERSIONS = [1, 2, 3, 4, 5, 6];

/**
 * Herald as its own process (`node dist/main.js`), so the test can freeze it with SIGSTOP: its
 * sockets stay open and accept connections, but nothing answers and no heartbeat comes — what a
 * dead proxy or a sleeping laptop looks like from the page.
 */
describeInBrowser('Pages whose stream goes silent', () => {
  let browser: Browser;
  let server: ChildProcess | undefined;
  let dir: string;
  let baseUrl: string;
  const pages: WatchedPage[] = [];

  const open = async (path: string): Promise<WatchedPage> => {
    const watched = await openWatchedPage(browser, baseUrl);
    pages.push(watched);
    await watched.page.goto(path);
    await watched.page.waitForSelector(`${BADGE}[data-state="live"]`);
    return watched;
  };
  const freeze = () => server!.kill('SIGSTOP');
  const thaw = () => server!.kill('SIGCONT');

  beforeAll(async () => {
    assertBuilt();
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-dead-stream-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = await startRealProcess({
      port,
      dir,
      env: {
        SSE_HEARTBEAT_MS: String(HEARTBEAT_MS),
        SSE_RETRY_MS: '500',
        AUTH_DEV_TOKENS: 'on', // the pages sign in with dev tokens
      },
    });
  });

  afterEach(async () => {
    for (const watched of pages.splice(0)) await watched.context.close();
    if (server && server.exitCode === null) {
      thaw();
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves "Live" within the watchdog time when Herald freezes, and recovers by itself with the whole timeline', async () => {
    const customer = new HeraldClient(baseUrl, 'customer-f');
    const order = await customer.createOrder();
    const tracking = await open(`/?customer=customer-f&order=${order.id}`);
    const dashboard = await open('/dashboard?admin=admin-f');
    const row = `[data-testid="order-row"][data-order-id="${order.id}"]`;
    await dashboard.page.waitForSelector(row);
    const trackingStates = await recordAttribute(tracking.page, BADGE);
    const dashboardStates = await recordAttribute(dashboard.page, BADGE);
    const rowStatuses = await recordAttribute(dashboard.page, row, 'status');
    let historyLoads = 0;
    tracking.page.on('request', (r) => void (r.url().endsWith('/events') && historyLoads++));

    await customer.simulate(order.id, 400);
    await waitForTimeline(tracking.page, 2);
    freeze();
    const frozenAt = Date.now();
    await tracking.page.waitForSelector(`${BADGE}[data-state="reconnecting"]`, {
      timeout: WATCHDOG_MS + 3000,
    });
    const noticedAfterMs = Date.now() - frozenAt;
    await dashboard.page.waitForSelector(`${BADGE}[data-state="reconnecting"]`, {
      timeout: WATCHDOG_MS + 3000,
    });
    // The last byte came before the freeze, so the watchdog fired at most its time after it.
    expect(noticedAfterMs).toBeLessThanOrEqual(WATCHDOG_MS + 500);
    await sleep(WATCHDOG_MS); // still frozen: the pages keep trying
    await saveScreenshot(tracking.page, 'dead-stream-frozen');
    thaw();

    await tracking.page.waitForSelector(`${BADGE}[data-state="ended"]`, { timeout: 20_000 });
    const entries = await timelineEntries(tracking.page);
    expect(entries.map((e) => e.status)).toEqual(LIFECYCLE);
    expect(entries.map((e) => e.version)).toEqual(VERSIONS);
    expect(await trackingStates()).toEqual(['live', 'reconnecting', 'live', 'ended']);
    expect(historyLoads).toBe(0); // resumed by replay from its last id, not reloaded

    await dashboard.page.waitForSelector(`${row}[data-status="Delivered"]`, { timeout: 20_000 });
    await dashboard.page.waitForSelector(`${BADGE}[data-state="live"]`);
    // The table shows each order's current status: after the freeze it may jump a step (the
    // page reloads the table each time its stream opens), but only forward, and it ends Delivered.
    const seen = await rowStatuses();
    const steps = seen.map((status) => (LIFECYCLE as readonly string[]).indexOf(status));
    expect(seen.at(-1)).toBe('Delivered');
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(seen.length);
    expect(await dashboardStates()).toEqual(['live', 'reconnecting', 'live']);
    await saveScreenshot(tracking.page, 'dead-stream-recovered');
    for (const { problems } of pages) expectNoProblems(problems);
  });

  it('reloads the history when Herald answers a stale id with resync, and draws it without gaps or duplicates', async () => {
    const customer = new HeraldClient(baseUrl, 'customer-s');
    const order = await customer.createOrder();
    const { page, problems } = await open(`/?customer=customer-s&order=${order.id}`);
    let historyLoads = 0;
    page.on(
      'request',
      (r) => void (r.url().endsWith(`/orders/${order.id}/events`) && historyLoads++),
    );
    // From now on the page resumes with an id Herald never gave out (a database restored from
    // a backup, say): Herald answers `resync` and the stream starts over.
    let staleIds = 0;
    await page.route('**/orders/*/stream', (route) => {
      const headers = route.request().headers();
      if (!headers['last-event-id']) return route.continue();
      staleIds++;
      return route.continue({ headers: { ...headers, 'last-event-id': '999999999' } });
    });

    await customer.simulate(order.id, 400);
    await waitForTimeline(page, 2);
    freeze();
    await page.waitForSelector(`${BADGE}[data-state="reconnecting"]`, {
      timeout: WATCHDOG_MS + 3000,
    });
    thaw();

    await page.waitForSelector(`${BADGE}[data-state="ended"]`, { timeout: 20_000 });
    expect(staleIds).toBeGreaterThanOrEqual(1);
    expect(historyLoads).toBe(1); // the resync reloaded the history
    const entries = await timelineEntries(page);
    expect(entries.map((e) => e.status)).toEqual(LIFECYCLE);
    expect(entries.map((e) => e.version)).toEqual(VERSIONS);
    await expect(page.locator('[data-testid="order-status"]').textContent()).resolves.toBe(
      'Delivered',
    );
    await saveScreenshot(page, 'dead-stream-resync');
    expectNoProblems(problems);
  });
});
