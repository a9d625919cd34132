import request from 'supertest';
import { authHeaders } from '../../support/auth';
import { eventually, orderBody } from '../../support/fixtures';
import { ORDER_LIFECYCLE } from '../../../src/orders';

export const LIFECYCLE = ORDER_LIFECYCLE;

export const WEBHOOK_SECRET = 'webhook-test-secret-0123456789';

/**
 * Small timings so retries happen within a test. The timeout stays roomy: a real HTTP send on a
 * busy machine must not time out (and be sent again) unless a test wants exactly that.
 */
export const FAST_NOTIFY_ENV = {
  NOTIFY_CHANNEL_TIMEOUT_MS: '2000',
  NOTIFY_RETRY_BASE_MS: '10',
  NOTIFY_MAX_ATTEMPTS: '3',
  SIMULATION_STEP_MS: '5',
};

/** Creates an order for `customerId` as that customer and walks it to Delivered. */
export async function simulateOrder(baseUrl: string, customerId: string): Promise<string> {
  const headers = await authHeaders(customerId);
  const order = await request(baseUrl)
    .post('/orders')
    .set(headers)
    .send(orderBody({ customerId }))
    .expect(201);
  await request(baseUrl)
    .post(`/orders/${order.body.id}/simulate`)
    .set(headers)
    .send({ stepMs: 5 })
    .expect(202);
  return order.body.id as string;
}

/** The user's whole inbox, newest first. */
export async function inboxOf(baseUrl: string, userId: string): Promise<any[]> {
  const res = await request(baseUrl)
    .get('/notifications?limit=100')
    .set(await authHeaders(userId))
    .expect(200);
  return res.body.items;
}

/** `eventually`, typed for checks that answer a value once ready and false/undefined until then. */
export async function waitFor<T>(check: () => Promise<T | false | undefined>): Promise<T> {
  return (await eventually(check)) as T;
}

/** Waits until the user's inbox holds `count` notifications; returns them oldest first. */
export async function waitForInbox(baseUrl: string, userId: string, count: number) {
  const items = await waitFor(async () => {
    const inbox = await inboxOf(baseUrl, userId);
    return inbox.length >= count && inbox;
  });
  return [...items].reverse();
}

export async function deliveriesOf(baseUrl: string, userId: string, id: string): Promise<any[]> {
  const res = await request(baseUrl)
    .get(`/notifications/${id}/deliveries`)
    .set(await authHeaders(userId))
    .expect(200);
  return res.body;
}

/** A channel's attempts among a notification's records (not its `queued`/`skipped` decision). */
export function attemptsOf(records: any[], channel: string): any[] {
  return records.filter((r) => r.channel === channel && r.attempt > 0);
}
