import { EventEmitter2 } from '@nestjs/event-emitter';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { DATABASE, Database, Outbox, Transactional } from '../src/persistence';
import { adminHeaders, authHeaders } from './support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from './support/databases';
import { eventually, orderBody, sleep } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

// Group commit (SQLite): units of work asked for together share one transaction and one commit,
// each in a savepoint, so one that fails takes nothing of the others with it.
describe.each(databaseKinds())('Outbox group commit, on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    herald = await startTestApp({ databaseUrl: database.url });
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await herald?.close();
    await database.drop();
  });

  const db = () => herald.app.get<Database>(DATABASE);
  const outbox = () => herald.app.get(Outbox);

  /** A unit of work that writes an order and its event, then fails if asked to. */
  const writeOrder =
    (id: string, fail = false) =>
    async (trx: Transactional, record: (entry: never) => Promise<void>) => {
      const now = new Date().toISOString();
      await trx
        .insertInto('orders')
        .values({
          id,
          customer_id: 'customer-1',
          items: '[]',
          total_cents: 0,
          currency: 'EUR',
          status: 'Created',
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await (record as unknown as (entry: object) => Promise<void>)({
        type: 'test.written',
        userId: 'customer-1',
        event: { eventId: randomUUID(), aggregateId: id, occurredAt: now, correlationId: id },
      });
      if (fail) throw new Error(`unit ${id} fails after writing`);
      return id;
    };

  it('commits units asked for together as one group (SQLite), and rolls back only the one that fails', async () => {
    const transactions = jest.spyOn(db(), 'startTransaction');
    const [first, failing, last] = [randomUUID(), randomUUID(), randomUUID()];

    const outcomes = await Promise.allSettled([
      outbox().commit(writeOrder(first)),
      outbox().commit(writeOrder(failing, true)),
      outbox().commit(writeOrder(last)),
    ]);

    expect(outcomes).toEqual([
      { status: 'fulfilled', value: first },
      { status: 'rejected', reason: new Error(`unit ${failing} fails after writing`) },
      { status: 'fulfilled', value: last },
    ]);
    // PostgreSQL keeps one transaction per unit (see Outbox), with the same outcomes.
    expect(transactions).toHaveBeenCalledTimes(kind === 'sqlite' ? 1 : 0);
    const orders = await db().selectFrom('orders').select('id').execute();
    expect(orders.map(({ id }) => id).sort()).toEqual([first, last].sort());
    const events = await db()
      .selectFrom('event_log')
      .select('aggregate_id')
      .where('type', '=', 'test.written')
      .orderBy('seq')
      .execute();
    const logged = events.map(({ aggregate_id }) => aggregate_id);
    expect([...logged].sort()).toEqual([first, last].sort());
    // One group runs its units in the order they were asked for; PostgreSQL's pool need not.
    if (kind === 'sqlite') expect(logged).toEqual([first, last]);
  });

  it("publishes only what committed: never a failed unit's event, and the next commit in its place", async () => {
    const published: string[] = [];
    herald.app
      .get(EventEmitter2)
      .on('test.written', (event: { aggregateId: string }) => published.push(event.aggregateId));
    const [before, first, failing, next] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await outbox().commit(writeOrder(before));
    await eventually(() => published.length === 1);
    await sleep(50); // the relay is idle: what commits next is handed to it directly
    // The failing unit last in its group: its rolled-back event would follow the first one's.
    await Promise.allSettled([
      outbox().commit(writeOrder(first)),
      outbox().commit(writeOrder(failing, true)),
    ]);
    await eventually(() => published.length >= 2);
    // On SQLite this commit's event takes the sequence the rolled-back append had.
    await outbox().commit(writeOrder(next));
    await eventually(() => published.length >= 3);
    await sleep(100); // proves nothing more comes: no rolled-back event published late
    expect(published).toEqual([before, first, next]);
  });

  it('answers concurrent requests as each one alone would, conflicts included', async () => {
    const headers = await authHeaders('customer-1');
    const created = await Promise.all(
      Array.from({ length: 8 }, () =>
        request(herald.url).post('/orders').set(headers).send(orderBody()).expect(201),
      ),
    );
    const id = created[0].body.id as string;
    // Two changes from version 1 at once: the first wins, the second conflicts and writes nothing.
    const admin = await adminHeaders();
    const changes = await Promise.all(
      ['PaymentConfirmed', 'Cancelled'].map((status) =>
        request(herald.url)
          .post(`/orders/${id}/status`)
          .set(admin)
          .send({ status, expectedVersion: 1 }),
      ),
    );
    expect(changes.map(({ status }) => status).sort()).toEqual([200, 409]);
    const events = (await eventually(async () => {
      const rows = await db().selectFrom('event_log').select('type').execute();
      return rows.length === 9 && rows;
    })) as { type: string }[];
    expect(events.filter(({ type }) => type === 'order.status-changed')).toHaveLength(1);
  });

  it('lets every unit already asked for commit before the database closes on shutdown', async () => {
    const [waiting, queued] = [randomUUID(), randomUUID()];
    await sleep(200); // the relay's start-up read is done: nothing else holds the shutdown back
    const slow = outbox().commit(async (trx, record) => {
      await sleep(300); // still in its transaction when the shutdown begins
      return writeOrder(waiting)(trx, record);
    });
    await sleep(20); // the slow unit has begun its transaction
    const behind = outbox().commit(writeOrder(queued)); // queued behind the slow one

    await herald.close();

    await expect(slow).resolves.toBe(waiting);
    await expect(behind).resolves.toBe(queued);
    herald = await startTestApp({ databaseUrl: database.url });
    const orders = await db().selectFrom('orders').select('id').execute();
    expect(orders.map(({ id }) => id).sort()).toEqual([waiting, queued].sort());
  });
});
