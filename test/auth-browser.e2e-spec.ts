import type { Browser } from 'playwright-core';
import { createTestDatabase, TestDatabase } from './support/databases';
import {
  describeInBrowser,
  expectNoProblems,
  launchBrowser,
  openWatchedPage,
} from './support/browser';
import { startTestApp, TestApp } from './support/test-app';

/** What a browser sees of auth: the cookie flow and pages that must work under the CSP. */
describeInBrowser('Auth in a real browser', () => {
  let browser: Browser;
  let database: TestDatabase;
  let herald: TestApp;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(() => browser.close());

  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    herald = await startTestApp({
      databaseUrl: database.url,
      env: { NODE_ENV: 'development', AUTH_JWT_SECRET: '' },
    });
  });

  afterEach(async () => {
    await herald.close();
    await database.drop();
  });

  it('gets a dev token as an HttpOnly cookie that page scripts cannot read but requests carry', async () => {
    const { page, context, problems } = await openWatchedPage(browser, herald.url);
    await page.goto('/health');
    const seen = await page.evaluate(async () => {
      const before = await fetch('/orders');
      await fetch('/auth/dev-token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'browser-user' }),
      });
      const after = await fetch('/orders');
      return {
        before: before.status,
        after: after.status,
        scriptSees: (globalThis as any).document.cookie as string,
      };
    });
    expect(seen).toEqual({ before: 401, after: 200, scriptSees: '' });
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'herald_token', httpOnly: true, sameSite: 'Lax' });
    // The first /orders is refused on purpose; /health has no favicon.
    expectNoProblems(problems, [/\/orders 401/, /status of 401/, /status of 404/]);
    await context.close();
  });

  it("authenticates the browser's own EventSource with the cookie, and refuses it without", async () => {
    const { page, context, problems } = await openWatchedPage(browser, herald.url);
    await page.goto('/health');
    const seen = await page.evaluate(async () => {
      const g = globalThis as any;
      const firstEvent = (url: string) =>
        new Promise<string>((resolve) => {
          const source = new g.EventSource(url);
          source.addEventListener('order-update', (e: { data: string }) => {
            source.close();
            resolve(JSON.parse(e.data).status);
          });
          source.onerror = () => {
            source.close();
            resolve(`error, readyState ${source.readyState}`);
          };
        });
      const withoutCookie = await firstEvent('/orders/stream');
      await fetch('/auth/dev-token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'browser-user' }),
      });
      const order = (await (
        await fetch('/orders', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            items: [{ sku: 'SKU-1', quantity: 1, unitPriceCents: 100 }],
            currency: 'EUR',
          }),
        })
      ).json()) as { id: string };
      return { withoutCookie, withCookie: await firstEvent(`/orders/${order.id}/stream`) };
    });
    // A refused EventSource fails for good (CLOSED = 2); with the cookie it streams.
    expect(seen).toEqual({ withoutCookie: 'error, readyState 2', withCookie: 'Created' });
    expectNoProblems(problems, [/\/orders\/stream 401/, /status of 401/, /status of 404/]);
    await context.close();
  });

  it('renders the Swagger UI under the Content-Security-Policy', async () => {
    const { page, context, problems } = await openWatchedPage(browser, herald.url);
    await page.goto('/docs');
    await page.locator('.swagger-ui .info .title').filter({ hasText: 'Herald' }).waitFor();
    await page.locator('.opblock-summary-path', { hasText: '/orders/{id}' }).first().waitFor();
    expectNoProblems(problems);
    await context.close();
  });
});
