import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DeliveriesRepository } from '../../src/notifications/delivery/deliveries.repository';
import type {
  DeliveryOutcome,
  DeliveryRecord,
} from '../../src/notifications/delivery/delivery-record';
import { INotificationChannel, NotificationChannel } from '../../src/notifications';
import { createTestDatabase, databaseKinds, TestDatabase } from '../support/databases';
import { startTestApp, TestApp } from '../support/test-app';

/** A channel whose name `notification_deliveries.channel` (varchar(64)) cannot hold. */
@Injectable()
@NotificationChannel()
class LongNamedChannel implements INotificationChannel {
  readonly name = 'x'.repeat(65);
  async send(): Promise<void> {}
}

describe.each(databaseKinds())('Delivery records on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp | undefined;
  let deliveries: DeliveriesRepository;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
  });

  afterEach(async () => {
    await herald?.close();
    herald = undefined;
    await database.drop();
  });

  const start = async () => {
    herald = await startTestApp({ databaseUrl: database.url });
    deliveries = herald.app.get(DeliveriesRepository);
  };

  const entry = (
    notificationId: string,
    channel: string,
    attempt: number,
    outcome: DeliveryOutcome,
  ): DeliveryRecord => ({
    notificationId,
    channel,
    attempt,
    outcome,
    correlationId: null,
    error: null,
    reference: null,
    attemptedAt: new Date().toISOString(),
  });

  it('stores every record made in one turn, past the 500 rows one statement takes', async () => {
    await start();
    const id = randomUUID();
    const channels = ['a', 'b', 'c'];
    const attempts = channels.flatMap((channel) =>
      Array.from({ length: 400 }, (_, i) => entry(id, channel, i + 1, 'failed')),
    );
    await Promise.all(attempts.map((record) => deliveries.record(record)));

    const stored = await deliveries.list(id);
    expect(stored).toHaveLength(1200);
    expect(new Set(stored.map((r) => `${r.channel}:${r.attempt}`)).size).toBe(1200);
  });

  it('fails only the caller of a row that cannot be stored, not the others of its turn', async () => {
    await start();
    const id = randomUUID();
    const bad = { ...entry(id, 'b', 1, 'failed'), outcome: null as unknown as DeliveryOutcome };
    const results = await Promise.allSettled([
      deliveries.record(entry(id, 'a', 1, 'succeeded')),
      deliveries.record(bad),
      deliveries.record(entry(id, 'c', 1, 'succeeded')),
    ]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await deliveries.list(id)).map((r) => r.channel)).toEqual(['a', 'c']);
  });

  it('keeps the latest decision (attempt 0) and the first record of each attempt', async () => {
    await start();
    const id = randomUUID();
    await deliveries.record(entry(id, 'sse', 0, 'queued'));
    await deliveries.record({ ...entry(id, 'sse', 1, 'failed'), error: 'first' });
    await deliveries.record({ ...entry(id, 'sse', 1, 'failed'), error: 'again' });
    await deliveries.record(entry(id, 'sse', 0, 'skipped')); // the user turned sse off since
    await Promise.all([
      deliveries.record(entry(id, 'webhook', 0, 'queued')),
      deliveries.record(entry(id, 'webhook', 0, 'skipped')), // same turn: the later one wins
      deliveries.record({ ...entry(id, 'webhook', 1, 'failed'), error: 'first' }),
      deliveries.record({ ...entry(id, 'webhook', 1, 'failed'), error: 'same turn' }),
    ]);

    const stored = await deliveries.list(id);
    expect(stored.map((r) => [r.channel, r.attempt, r.outcome, r.error])).toEqual([
      ['sse', 0, 'skipped', null],
      ['sse', 1, 'failed', 'first'],
      ['webhook', 0, 'skipped', null],
      ['webhook', 1, 'failed', 'first'],
    ]);
    const progress = await deliveries.progress(id);
    expect(progress.get('sse')).toEqual({ succeeded: false, attempts: 1 });
  });

  it('refuses to start with a channel whose name cannot be stored', async () => {
    await expect(
      startTestApp({ databaseUrl: database.url, providers: [LongNamedChannel] }),
    ).rejects.toThrow(/must be 1 to 64 letters/);
  });
});
