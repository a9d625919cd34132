import { randomUUID } from 'node:crypto';
import { EventLogRepository, Outbox } from '../../src/persistence';
import type { TestApp } from './test-app';

/**
 * Order events of `bytes` each (~4 KB by default), appended through the outbox in batches: enough to fill the
 * socket buffers of a client that does not read. The padding rides in `previousStatus`, which
 * only the JSON payload holds (ids have column limits on PostgreSQL).
 */
export async function appendLargeOrderEvents(
  herald: TestApp,
  total: number,
  bytes = 4000,
): Promise<number[]> {
  const outbox = herald.app.get(Outbox);
  const eventLog = herald.app.get(EventLogRepository);
  const customerId = 'bulk-customer';
  const padding = 'x'.repeat(bytes);
  const sequences: number[] = [];
  for (let start = 0; start < total; start += 100) {
    const batch = await outbox.commit(async (trx) => {
      const logged = [];
      for (let i = start; i < Math.min(total, start + 100); i++) {
        const orderId = randomUUID();
        const event = {
          eventId: randomUUID(),
          aggregateId: orderId,
          occurredAt: new Date().toISOString(),
          orderId,
          customerId,
          status: 'Created',
          previousStatus: padding,
          version: 1,
          correlationId: 'bulk-events',
        };
        logged.push(
          await eventLog.append(trx, { type: 'order.created', userId: customerId, event }),
        );
      }
      return logged;
    });
    sequences.push(...batch.map((e) => e.event.sequence));
  }
  return sequences;
}
