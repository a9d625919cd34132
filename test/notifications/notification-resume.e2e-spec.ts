import request from 'supertest';
import { createDatabase } from '../../src/persistence';
import { authHeaders } from '../support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from '../support/databases';
import { eventually, orderBody } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { deliveriesOf, waitForInbox } from './support/scenario';
import { OutageChannel, RecordingChannel, resetTestChannels } from './support/test-channels';

describe.each(databaseKinds())('Deliveries a previous process left unfinished, on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp;

  // The retry waits a minute: it is still pending when the process stops.
  const start = () =>
    startTestApp({
      databaseUrl: database.url,
      env: { NOTIFY_RETRY_BASE_MS: '60000', NOTIFY_MAX_ATTEMPTS: '3' },
      providers: [OutageChannel, RecordingChannel],
    });

  beforeEach(async () => {
    resetTestChannels();
    database = await createTestDatabase(kind);
  });

  afterEach(async () => {
    await herald?.close();
    await database.drop();
  });

  it('are resumed at start-up, continuing the attempt count, and finished ones are not sent again', async () => {
    herald = await start();
    const customer = await authHeaders('customer-1');
    await request(herald.url).post('/orders').set(customer).send(orderBody()).expect(201);
    const [notification] = await waitForInbox(herald.url, 'customer-1', 1);
    await eventually(async () =>
      (await deliveriesOf(herald.url, 'customer-1', notification.id)).some(
        (d) => d.channel === 'outage' && d.outcome === 'failed',
      ),
    );
    await eventually(() => RecordingChannel.received.length === 1);
    await herald.close(); // the outage channel's retry was waiting on a timer

    OutageChannel.down = false;
    herald = await start();
    const outageRecords = async () =>
      (await deliveriesOf(herald.url, 'customer-1', notification.id))
        .filter((d) => d.channel === 'outage')
        .map((d) => [d.attempt, d.outcome]);
    // The record is written once the send has returned: wait for it, not for the send.
    await eventually(async () => (await outageRecords()).length === 3);
    expect(await outageRecords()).toEqual([
      [0, 'queued'],
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
    expect(OutageChannel.delivered).toEqual([notification.id]);
    expect(RecordingChannel.received).toHaveLength(1); // delivered before the restart: not again
  });

  it('resumes a send a crash cut off before its first attempt was recorded', async () => {
    herald = await start();
    const customer = await authHeaders('customer-1');
    await request(herald.url).post('/orders').set(customer).send(orderBody()).expect(201);
    const [notification] = await waitForInbox(herald.url, 'customer-1', 1);
    const recordsOf = async (channel: string) =>
      (await deliveriesOf(herald.url, 'customer-1', notification.id))
        .filter((d) => d.channel === channel)
        .map((d) => [d.attempt, d.outcome]);
    await eventually(async () => (await recordsOf('outage')).length === 2);
    await herald.close();
    // What a crash between the fan-out and the first attempt's record leaves: only `queued`.
    const { db } = createDatabase(database.url);
    await db
      .deleteFrom('notification_deliveries')
      .where('notification_id', '=', notification.id)
      .where('channel', '=', 'outage')
      .where('attempt', '>', 0)
      .execute();
    await db.destroy();

    OutageChannel.down = false;
    herald = await startTestApp({
      databaseUrl: database.url,
      env: { NOTIFY_RETRY_BASE_MS: '60000', NOTIFY_MAX_ATTEMPTS: '3' },
      providers: [OutageChannel, RecordingChannel],
    });
    await eventually(async () => (await recordsOf('outage')).length === 2);
    expect(await recordsOf('outage')).toEqual([
      [0, 'queued'],
      [1, 'succeeded'],
    ]);
    expect(OutageChannel.delivered).toEqual([notification.id]);
    expect(RecordingChannel.received).toHaveLength(1); // delivered before the "crash": not again
  });
});
