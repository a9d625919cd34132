import request from 'supertest';
import { DATABASE, Database } from '../src/persistence';
import { authHeaders } from './support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from './support/databases';
import { eventually, orderBody } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

// Nothing here calls EventLogPruner.prune(): the pruner runs on its own, every tenth of
// EVENT_LOG_RETENTION (at least every second).
describe.each(databaseKinds())('Event log pruning on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    herald = await startTestApp({ databaseUrl: database.url, env: { EVENT_LOG_RETENTION: '2s' } });
  });

  afterEach(async () => {
    await herald.close();
    await database.drop();
  });

  const eventsOf = (orderId: string) =>
    herald.app
      .get<Database>(DATABASE)
      .selectFrom('event_log')
      .select(['published_at'])
      .where('aggregate_id', '=', orderId)
      .execute();

  it('removes published events older than EVENT_LOG_RETENTION on its own schedule', async () => {
    const order = (
      await request(herald.url)
        .post('/orders')
        .set(await authHeaders('customer-1'))
        .send(orderBody())
        .expect(201)
    ).body;
    const kept = await eventually(async () => {
      const events = await eventsOf(order.id);
      return events.length === 1 && events[0].published_at !== null && events;
    });
    expect(kept).toHaveLength(1);

    await eventually(async () => (await eventsOf(order.id)).length === 0, 10_000);
    // Not before the retention has passed since the event occurred.
    expect(Date.now() - Date.parse(order.createdAt)).toBeGreaterThanOrEqual(2000);
  });
});
