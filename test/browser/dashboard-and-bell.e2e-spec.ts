import {
  describeInBrowser,
  expectNoProblems,
  lowContrastTexts,
  openWatchedPage,
  PHONE,
  recordAttribute,
  saveScreenshot,
  useBrowserSuite,
} from '../support/browser';
import { eventually } from '../support/fixtures';
import { HeraldClient } from '../support/herald-client';
import { LIFECYCLE } from '../support/tracking-page';

jest.setTimeout(60_000);

describeInBrowser('The dashboard and the notification bell', () => {
  const suite = useBrowserSuite();

  it('shows a new order on the dashboard and changes its status in place, live', async () => {
    suite.watched = await openWatchedPage(suite.browser, suite.herald.url);
    const { page } = suite.watched;
    await page.goto('/dashboard?admin=admin-1');
    await page.waitForSelector('[data-testid="connection"][data-state="live"]');
    const customer = new HeraldClient(suite.herald.url, 'customer-d');

    const order = await customer.createOrder();
    const row = `[data-testid="order-row"][data-order-id="${order.id}"]`;
    await page.waitForSelector(row);
    const statuses = await recordAttribute(page, row, 'status');
    await customer.simulate(order.id, 200);

    await page.waitForSelector(`${row}[data-status="Delivered"]`, { timeout: 15_000 });
    expect(await statuses()).toEqual(LIFECYCLE);
    await expect(page.locator('[data-testid="order-row"]').count()).resolves.toBe(1);
    await expect(page.locator('[data-testid="count-Delivered"]').textContent()).resolves.toBe('1');
    await expect(page.locator('[data-testid="count-Created"]').textContent()).resolves.toBe('0');
    const events = Number(await page.locator('[data-testid="event-total"]').textContent());
    expect(events).toBeGreaterThanOrEqual(LIFECYCLE.length - 1);
    await expect(page.locator(`${row} td`).nth(2).textContent()).resolves.toMatch(/29\.99/);
    // The charts: one bar per status with its count, and the events of the last minutes.
    const bar = (status: string) =>
      page.getAttribute(`[data-testid="status-chart"] [data-status="${status}"]`, 'data-count');
    await expect(bar('Delivered')).resolves.toBe('1');
    await expect(bar('Created')).resolves.toBe('0');
    await page.waitForFunction((count) => {
      const chart = (globalThis as any).document.querySelector('[data-testid="rate-chart"]');
      return Number(chart.dataset.total) === count && chart.querySelectorAll('rect').length > 0;
    }, events);
    await saveScreenshot(page, 'dashboard-desktop');
    expect(await lowContrastTexts(page)).toEqual([]);
    await page.setViewportSize(PHONE);
    const width = await page.evaluate(
      () => (globalThis as any).document.documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(PHONE.width); // the charts shrink with the screen
    await saveScreenshot(page, 'dashboard-phone');
    expect(await lowContrastTexts(page)).toEqual([]);
    expectNoProblems(suite.watched.problems);
  });

  it("raises the bell's count with each notification and clears it when read", async () => {
    suite.watched = await openWatchedPage(suite.browser, suite.herald.url);
    const { page } = suite.watched;
    await page.goto('/?customer=customer-b');
    await page.waitForSelector('[data-testid="bell"][data-state="live"]');
    const counts = await recordAttribute(page, '[data-testid="bell"]', 'unread');
    const customer = new HeraldClient(suite.herald.url, 'customer-b');

    const order = await customer.createOrder();
    await customer.simulate(order.id, 400);
    await eventually(async () => {
      const { status } = await customer.call('GET', `/orders/${order.id}`);
      return status === 'Delivered';
    }, 15_000);
    const unread = await eventually(async () => {
      const count = await customer.unreadCount();
      const shown = await page.getAttribute('[data-testid="bell"]', 'data-unread');
      return count >= 2 && shown === String(count) ? count : 0;
    });
    const seen = (await counts()).map(Number);
    expect(seen.at(-1)).toBe(unread);
    expect(seen.length).toBeGreaterThanOrEqual(3); // it rose step by step, not once at the end
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);

    await page.click('[data-testid="bell-button"]');
    await page.waitForSelector('[data-testid="bell"][data-unread="0"]');
    await expect(page.locator('[data-testid="notification"]').count()).resolves.toBe(
      Math.min(unread, 20),
    );
    await expect(page.locator('[data-testid="bell-count"]').isHidden()).resolves.toBe(true);
    expect(await customer.unreadCount()).toBe(0);
    await saveScreenshot(page, 'bell-open');
    expect(await lowContrastTexts(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-testid="bell-panel"]').isHidden()).resolves.toBe(true);
    expectNoProblems(suite.watched.problems);
  });
});
