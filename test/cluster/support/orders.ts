import request from 'supertest';
import { orderBody } from '../../support/fixtures';
import type { SseEvent } from '../../support/sse';

/** Creates an order for `customerId` through `url` (as an admin may for anyone). */
export async function createOrder(
  url: string,
  admin: Record<string, string>,
  customerId: string,
): Promise<string> {
  const res = await request(url).post('/orders').set(admin).send(orderBody({ customerId }));
  if (res.status !== 201) throw new Error(`create answered ${res.status}: ${res.text}`);
  return res.body.id as string;
}

export async function moveOrder(
  url: string,
  admin: Record<string, string>,
  orderId: string,
  status: string,
): Promise<void> {
  const res = await request(url).post(`/orders/${orderId}/status`).set(admin).send({ status });
  if (res.status !== 200) throw new Error(`status change answered ${res.status}: ${res.text}`);
}

/** The order's events in the log, oldest first: their sequences are the streams' ids. */
export async function historyOf(
  url: string,
  admin: Record<string, string>,
  orderId: string,
): Promise<
  {
    sequence: number;
    status: string;
    eventId: string;
    correlationId: string;
    traceparent?: string;
  }[]
> {
  const res = await request(url).get(`/orders/${orderId}/events`).set(admin).expect(200);
  return res.body;
}

/** The ids of a stream's events of one kind, as numbers. */
export const idsOf = (events: readonly SseEvent[], kind: string): number[] =>
  events.filter((e) => e.event === kind).map((e) => Number(e.id));
