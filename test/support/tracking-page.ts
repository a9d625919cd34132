import type { Page } from 'playwright-core';
import { ORDER_LIFECYCLE } from '../../src/orders';

/** Selectors and readings of the tracking page shared by the browser tests. */
export const LIFECYCLE = ORDER_LIFECYCLE;
export const BADGE = '[data-testid="connection"]';

/** The timeline's reached entries, in order: one per event the page holds. */
export function timelineEntries(page: Page): Promise<{ status: string; version: number }[]> {
  return page.$$eval('[data-testid="timeline-event"]', (items) =>
    items.map((item) => {
      const data = (item as any).dataset;
      return { status: data.status as string, version: Number(data.version) };
    }),
  );
}

export async function reachedStatuses(page: Page): Promise<string[]> {
  return (await timelineEntries(page)).map((entry) => entry.status);
}

/** Waits until the timeline holds at least `count` events. */
export function waitForTimeline(page: Page, count: number, timeout = 15_000): Promise<unknown> {
  return page.waitForFunction(
    (count) =>
      (globalThis as any).document.querySelectorAll('[data-testid="timeline-event"]').length >=
      count,
    count,
    { timeout },
  );
}
