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
import { authCookie } from '../support/auth';
import { HeraldClient } from '../support/herald-client';
import { startTestApp } from '../support/test-app';
import { BADGE, LIFECYCLE, reachedStatuses } from '../support/tracking-page';

jest.setTimeout(60_000);

describeInBrowser('The tracking page', () => {
  const suite = useBrowserSuite();

  it('follows an order to Delivered live when the simulation starts through the REST API', async () => {
    const customer = new HeraldClient(suite.herald.url, 'customer-7');
    const order = await customer.createOrder();
    suite.watched = await openWatchedPage(suite.browser, suite.herald.url);
    const { page } = suite.watched;
    await page.goto(`/?customer=customer-7&order=${order.id}`);
    await page.waitForSelector(`${BADGE}[data-state="live"]`);
    expect(await reachedStatuses(page)).toEqual(['Created']);
    const badgeStates = await recordAttribute(page, BADGE);
    await page.evaluate(() => ((globalThis as any).__sameDocument = true));

    await customer.simulate(order.id, 150);

    await page.waitForSelector(`${BADGE}[data-state="ended"]`, { timeout: 15_000 });
    expect(await reachedStatuses(page)).toEqual(LIFECYCLE);
    expect(await badgeStates()).toEqual(['live', 'ended']);
    expect(await page.evaluate(() => (globalThis as any).__sameDocument)).toBe(true); // no reload
    await expect(page.locator('[data-testid="stream-note"]').textContent()).resolves.toMatch(
      /delivered.*ended/i,
    );
    await expect(page.locator('[data-testid="order-status"]').textContent()).resolves.toBe(
      'Delivered',
    );
    await expect(page.locator('[data-testid="simulate"]').isDisabled()).resolves.toBe(true);
    await saveScreenshot(page, 'tracking-page-delivered-desktop');
    expect(await lowContrastTexts(page)).toEqual([]);
    expectNoProblems(suite.watched.problems);
  });

  it('creates an order and simulates it from the page on a phone-width screen', async () => {
    suite.watched = await openWatchedPage(suite.browser, suite.herald.url, PHONE);
    const { page } = suite.watched;
    await page.goto('/?customer=phone-user');
    await page.waitForSelector('[data-testid="who"]:has-text("Signed in as phone-user")');
    await page.click('[data-testid="create-order"]');
    await page.waitForSelector(`${BADGE}[data-state="live"]`);
    await expect(page.locator('[data-testid="order-item"]').count()).resolves.toBe(1);
    await page.locator('[data-testid="step-ms"]').fill('200');
    await expect(page.locator('[data-testid="step-ms-value"]').textContent()).resolves.toBe(
      '0.2 s',
    );
    await page.click('[data-testid="simulate"]');

    await page.waitForSelector(`${BADGE}[data-state="ended"]`, { timeout: 15_000 });
    expect(await reachedStatuses(page)).toEqual(LIFECYCLE);
    const width = await page.evaluate(
      () => (globalThis as any).document.documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(PHONE.width); // nothing overflows sideways
    await saveScreenshot(page, 'tracking-page-phone');
    expect(await lowContrastTexts(page)).toEqual([]);
    expectNoProblems(suite.watched.problems);
  });

  it("shows the server's Problem Details when simulating an order that is already running", async () => {
    const customer = new HeraldClient(suite.herald.url, 'customer-8');
    const order = await customer.createOrder();
    await customer.simulate(order.id, 5_000);
    suite.watched = await openWatchedPage(suite.browser, suite.herald.url);
    const { page } = suite.watched;
    await page.goto(`/?customer=customer-8&order=${order.id}`);
    await page.waitForSelector(`${BADGE}[data-state="live"]`);
    await page.click('[data-testid="simulate"]');
    const message = page.locator('[data-testid="message"][data-kind="error"]');
    await message.waitFor();
    expect(await message.textContent()).toMatch(/simulation/i);
    await saveScreenshot(page, 'tracking-page-error');
    expectNoProblems(suite.watched.problems, [/\/simulate 409$/, /status of 409/]);
  });

  it('uses an existing herald_token cookie where dev tokens are off (production)', async () => {
    await suite.herald.close();
    suite.herald = await startTestApp({
      databaseUrl: suite.database.url,
      env: { NODE_ENV: 'production' },
    });
    const order = await new HeraldClient(suite.herald.url, 'customer-p').createOrder();
    suite.watched = await openWatchedPage(suite.browser, suite.herald.url);
    const [name, value] = (await authCookie('customer-p')).split('=');
    await suite.watched.context.addCookies([
      { name, value, url: suite.herald.url, httpOnly: true },
    ]);
    const { page } = suite.watched;
    await page.goto('/?customer=customer-p');
    await page.waitForSelector('[data-testid="who"]:has-text("Development sign-in is off")');
    await page.waitForSelector(`${BADGE}[data-state="live"]`);
    await expect(page.locator('[data-testid="order-id"]').textContent()).resolves.toBe(order.id);
    await saveScreenshot(page, 'tracking-page-production-cookie');
    expectNoProblems(suite.watched.problems, [/\/auth\/dev-token 404$/, /status of 404/]);
  });
});
