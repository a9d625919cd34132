import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { describeCluster, startCluster, TestCluster } from '../support/cluster';
import { Nginx, startNginx } from '../support/nginx';

const STREAMS = 8; // more than the six connections HTTP/1.1 allows per origin

describeCluster(
  'Chromium through nginx over HTTP/2',
  () => {
    let cluster: TestCluster;
    let nginx: Nginx;
    let browser: Browser;

    beforeAll(async () => {
      cluster = await startCluster(2, { AUTH_DEV_TOKENS: 'on', TRUST_PROXY: 'loopback' });
      nginx = await startNginx(cluster.instances.map((i) => new URL(i.url).host));
      browser = await launchBrowser();
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await nginx?.stop();
      await cluster?.stop();
    });

    it(`holds ${STREAMS} EventSources to one origin at once, all live (HTTP/2, test certificate ignored)`, async () => {
      const context = await browser.newContext({ ignoreHTTPSErrors: true, baseURL: nginx.url });
      const page = await context.newPage();
      await page.goto('/health');
      const result = await page.evaluate(async (count) => {
        const post = (path: string, body: unknown) =>
          fetch(path, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
        await post('/auth/dev-token', { userId: 'ops-h2', roles: ['admin'] }); // sets the cookie
        const sources = Array.from({ length: count }, () => new EventSource('/orders/stream'));
        const opened = sources.map((s) => new Promise((resolve) => (s.onopen = resolve)));
        const updates = sources.map(
          (s) => new Promise((resolve) => s.addEventListener('order-update', resolve)),
        );
        await Promise.all(opened);
        const item = { sku: 'SKU-1', quantity: 1, unitPriceCents: 100 };
        const order = await post('/orders', { customerId: 'c-h2', items: [item], currency: 'EUR' });
        await Promise.all(updates);
        sources.forEach((s) => s.close());
        const timing = performance as unknown as {
          getEntriesByType(type: string): { nextHopProtocol: string }[];
        };
        const protocol = timing.getEntriesByType('navigation')[0].nextHopProtocol;
        return { created: order.status, protocol, live: sources.length };
      }, STREAMS);
      expect(result).toEqual({ created: 201, protocol: 'h2', live: STREAMS });
      await context.close();
    });
  },
  { nginx: true, chromium: true },
);
