import { Injectable } from '@nestjs/common';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { CreateOrderDto } from '../src/orders/dto/create-order.dto';
import { OnDomainEvent } from '../src/common';
import { OrderEvents } from '../src/orders';
import { OrdersService } from '../src/orders/orders.service';
import { DATABASE, Database } from '../src/persistence';
import { adminHeaders } from './support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from './support/databases';
import { eventually, orderBody, sleep } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** Records what reaches the in-process bus. */
@Injectable()
class BusRecorder {
  static seen: { eventId: string; orderId: string; sequence: number; status: string }[] = [];

  @OnDomainEvent(OrderEvents.created)
  @OnDomainEvent(OrderEvents.statusChanged)
  record(event: { eventId: string; orderId: string; sequence: number; status: string }) {
    BusRecorder.seen.push(event);
  }
}

/** A listener whose durable work fails the first time, like an inbox write while the database hiccups. */
@Injectable()
class FlakyListener {
  static attempts = 0;

  @OnDomainEvent(OrderEvents.created, { suppressErrors: false })
  async handle(): Promise<void> {
    FlakyListener.attempts++;
    if (FlakyListener.attempts === 1) throw new Error('storage unavailable');
  }
}

/** Creates an order through the service, as the controller would, committing through the outbox. */
const createOrder = (herald: TestApp) =>
  herald.app
    .get(OrdersService)
    .create(orderBody() as unknown as CreateOrderDto & { customerId: string }, {
      correlationId: 'event-relay-test',
    });

describe.each(databaseKinds())('EventRelay on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp;

  beforeEach(async () => {
    BusRecorder.seen = [];
    database = await createTestDatabase(kind);
  });

  afterEach(async () => {
    await herald?.close();
    await database.drop();
  });

  /** An admin: these tests walk orders through statuses only admins may set. */
  const http = async () => request.agent(herald.url).set(await adminHeaders());

  const start = async () => {
    herald = await startTestApp({ databaseUrl: database.url, providers: [BusRecorder] });
  };

  it('publishes each committed event once, in log order', async () => {
    await start();
    const order = (await (await http()).post('/orders').send(orderBody()).expect(201)).body;
    for (const status of ['PaymentConfirmed', 'Packed', 'Shipped']) {
      await (await http()).post(`/orders/${order.id}/status`).send({ status }).expect(200);
    }
    await eventually(() => BusRecorder.seen.length >= 4);
    await sleep(1200); // proves nothing more comes: one poll (1 s) later, still no repeats
    expect(BusRecorder.seen.map((e) => e.status)).toEqual([
      'Created',
      'PaymentConfirmed',
      'Packed',
      'Shipped',
    ]);
    const sequences = BusRecorder.seen.map((e) => e.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
  });

  const create = () => createOrder(herald);

  it('publishes what this process commits before its caller resumes, when the loop is idle', async () => {
    await start();
    await create();
    await eventually(() => BusRecorder.seen.length === 1); // the relay has caught up
    for (let i = 2; i <= 4; i++) {
      await sleep(20); // a loop with time to spare: nothing to wait for but the clock
      const order = await create();
      // On the bus already: handed over by the outbox, not read back from the log later.
      expect(BusRecorder.seen).toHaveLength(i);
      expect(BusRecorder.seen[i - 1]).toMatchObject({ orderId: order.id, status: 'Created' });
    }
  });

  it('reads the log when what it committed does not follow the last published event', async () => {
    await start();
    const db = herald.app.get<Database>(DATABASE);
    const unpublished = () =>
      db.selectFrom('event_log').select('type').where('published_at', 'is', null).execute();
    await create();
    await eventually(async () => (await unpublished()).length === 0); // the relay is idle
    await sleep(20); // and so is the event loop: nothing to wait for but the clock
    // Another writer's event, which this process was never handed: the next commit does not follow.
    await db
      .insertInto('event_log')
      .values({
        event_id: randomUUID(),
        type: 'test.unheard',
        aggregate_id: randomUUID(),
        user_id: 'someone-else',
        payload: '{}',
        occurred_at: new Date().toISOString(),
      })
      .execute();
    const order = await create();
    await eventually(() => BusRecorder.seen.length === 2);
    expect(BusRecorder.seen[1]).toMatchObject({ orderId: order.id });
    await eventually(async () => (await unpublished()).length === 0); // the foreign one too
  });

  it('publishes at start-up what a previous process committed but never relayed', async () => {
    await start();
    const order = (await (await http()).post('/orders').send(orderBody()).expect(201)).body;
    await (
      await http()
    )
      .post(`/orders/${order.id}/status`)
      .send({ status: 'PaymentConfirmed' })
      .expect(200);
    await eventually(() => BusRecorder.seen.length === 2);
    const db = herald.app.get<Database>(DATABASE);
    const unpublishedRows = () =>
      db.selectFrom('event_log').select('seq').where('published_at', 'is', null).execute();
    await eventually(async () => (await unpublishedRows()).length === 0); // the relay is done with them
    // The state a crash between commit and relay leaves behind: committed rows never published.
    await db
      .updateTable('event_log')
      .set({ published_at: null })
      .where('aggregate_id', '=', order.id)
      .execute();
    await herald.close();

    BusRecorder.seen = [];
    await start();
    await eventually(() => BusRecorder.seen.length === 2);
    expect(BusRecorder.seen.map((e) => e.status)).toEqual(['Created', 'PaymentConfirmed']);
    const unpublished = () =>
      herald.app
        .get<Database>(DATABASE)
        .selectFrom('event_log')
        .select('seq')
        .where('published_at', 'is', null)
        .execute();
    await eventually(async () => (await unpublished()).length === 0);
  });

  it('marks an event published only after its listeners finished, and publishes it again when one failed', async () => {
    FlakyListener.attempts = 0;
    herald = await startTestApp({
      databaseUrl: database.url,
      providers: [BusRecorder, FlakyListener],
    });
    const order = (await (await http()).post('/orders').send(orderBody()).expect(201)).body;
    const db = herald.app.get<Database>(DATABASE);
    const published = async () =>
      (
        await db
          .selectFrom('event_log')
          .select('published_at')
          .where('aggregate_id', '=', order.id)
          .executeTakeFirstOrThrow()
      ).published_at;
    await eventually(() => FlakyListener.attempts >= 1);
    await eventually(async () => (await published()) !== null);
    expect(FlakyListener.attempts).toBe(2);
    expect(BusRecorder.seen.filter((e) => e.status === 'Created')).toHaveLength(2); // at least once
  });
});

// However the relay batches (it depends on turns of the event loop: `npm run bench:relay` measures
// the batch sizes), every commit is published once, in log order. SQLite, whose statements never
// wait for I/O, keeps each commit in the turn it is made in.
describe('EventRelay batches, on sqlite', () => {
  let database: TestDatabase;
  let herald: TestApp;

  beforeEach(async () => {
    BusRecorder.seen = [];
    database = await createTestDatabase('sqlite');
    herald = await startTestApp({ databaseUrl: database.url, providers: [BusRecorder] });
  });

  afterEach(async () => {
    await herald?.close();
    await database.drop();
  });

  const spin = async () => {
    const until = performance.now() + 20; // a busy turn, with no idle time around it
    while (performance.now() < until);
  };

  it.each([
    ['has time to spare', () => sleep(30)],
    ['is saturated', spin],
  ])('publishes every commit once, in log order, while the loop %s', async (_, pause) => {
    const created: string[] = [];
    for (let i = 0; i < 10; i++) {
      await pause();
      created.push((await createOrder(herald)).id);
    }
    const db = herald.app.get<Database>(DATABASE);
    const unpublished = () =>
      db.selectFrom('event_log').select('seq').where('published_at', 'is', null).execute();
    await eventually(async () => (await unpublished()).length === 0); // nothing left to publish
    expect(BusRecorder.seen.map((e) => e.orderId)).toEqual(created);
    const sequences = BusRecorder.seen.map((e) => e.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
  });
});
