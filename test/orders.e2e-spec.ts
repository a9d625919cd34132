import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import request from 'supertest';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { adminHeaders, authHeaders } from './support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from './support/databases';
import { eventually, orderBody, sleep } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { OrdersService } from '../src/orders';

/** A module that takes its time to drain on shutdown, as streams do. */
@Injectable()
class SlowDrain implements BeforeApplicationShutdown {
  drain = async (): Promise<void> => undefined;

  beforeApplicationShutdown(): Promise<void> {
    return this.drain();
  }
}

describe.each(databaseKinds())('Orders API on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp;
  let customer: Record<string, string>;
  let admin: Record<string, string>;
  /** Requests as customer-1 unless told otherwise. */
  const http = (headers = customer) => request.agent(herald.url).set(headers);

  beforeAll(async () => {
    customer = await authHeaders('customer-1');
    admin = await adminHeaders();
  });

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    herald = await startTestApp({ databaseUrl: database.url, env: { SIMULATION_STEP_MS: '10' } });
  });

  afterEach(async () => {
    await herald.close();
    await database.drop();
  });

  /** As customer-1; as an admin when the order is for another customer. */
  const createOrder = async (overrides: Record<string, unknown> = {}) =>
    (
      await http('customerId' in overrides ? admin : customer)
        .post('/orders')
        .send(orderBody(overrides))
        .expect(201)
    ).body;

  describe('POST /orders', () => {
    it('creates an order with its total, version 1 and a Location', async () => {
      const res = await http().post('/orders').send(orderBody()).expect(201);
      expect(res.headers.location).toBe(`/orders/${res.body.id}`);
      expect(res.body).toMatchObject({
        customerId: 'customer-1',
        totalCents: 2 * 1250 + 499,
        currency: 'EUR',
        status: 'Created',
        version: 1,
      });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.items[0]).toEqual({
        sku: 'SKU-1',
        name: 'Coffee',
        quantity: 2,
        unitPriceCents: 1250,
      });
    });

    it.each([
      ['customerId', { customerId: '' }],
      ['customerId', { customerId: 'x'.repeat(65) }],
      ['items', { items: [] }],
      [
        'items',
        {
          items: Array.from({ length: 101 }, () => ({ sku: 'a', quantity: 1, unitPriceCents: 1 })),
        },
      ],
      ['items[0].sku', { items: [{ sku: '', quantity: 1, unitPriceCents: 1 }] }],
      ['items[0].quantity', { items: [{ sku: 'a', quantity: 0, unitPriceCents: 1 }] }],
      ['items[0].quantity', { items: [{ sku: 'a', quantity: 1001, unitPriceCents: 1 }] }],
      ['items[0].quantity', { items: [{ sku: 'a', quantity: 1.5, unitPriceCents: 1 }] }],
      ['items[0].unitPriceCents', { items: [{ sku: 'a', quantity: 1, unitPriceCents: -1 }] }],
      ['currency', { currency: 'eur' }],
      ['extra', { extra: true }],
    ])('rejects a bad %s with a Problem Details naming the field', async (field, overrides) => {
      const res = await http().post('/orders').send(orderBody(overrides)).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, code: 'REQUEST.INVALID', instance: '/orders' });
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      const list = await http().get('/orders').expect(200);
      expect(list.body.items).toHaveLength(0); // nothing half-written
    });

    it('answers malformed JSON with 400 Problem Details', async () => {
      const res = await http()
        .post('/orders')
        .set('content-type', 'application/json')
        .send('{"customerId":')
        .expect(400);
      expect(res.body).toMatchObject({ code: 'REQUEST.MALFORMED_JSON', status: 400 });
      expect(res.body.requestId).toEqual(expect.any(String));
    });

    it('answers a body over the limit with 413 Problem Details', async () => {
      const big = orderBody({ customerId: 'c', note: 'x'.repeat(200_000) });
      const res = await http().post('/orders').send(big).expect(413);
      expect(res.body).toMatchObject({ code: 'REQUEST.TOO_LARGE', status: 413 });
    });

    it('answers a body in another charset or compression with 415 Problem Details', async () => {
      for (const [header, value] of [
        ['content-type', 'application/json; charset=latin1'],
        ['content-encoding', 'compress'],
      ]) {
        const res = await http()
          .post('/orders')
          .set('content-type', 'application/json')
          .set(header, value)
          .send('{}')
          .expect(415);
        expect(res.body).toMatchObject({ code: 'REQUEST.UNSUPPORTED_ENCODING', status: 415 });
      }
    });
  });

  describe('GET /orders/:id', () => {
    it('returns the order', async () => {
      const order = await createOrder();
      const res = await http().get(`/orders/${order.id}`).expect(200);
      expect(res.body).toEqual(order);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      const missing = await http().get('/orders/6f1c0a7e-4a8b-4c51-9a34-1f7a3e2b9c10').expect(404);
      expect(missing.body).toMatchObject({ code: 'ORDER.NOT_FOUND', status: 404 });
      const malformed = await http().get('/orders/not-a-uuid').expect(400);
      expect(malformed.body.errors).toEqual([{ field: 'id', reason: 'must be a UUID' }]);
    });
  });

  describe('GET /orders', () => {
    it('filters by customer and status and pages with a cursor', async () => {
      for (let i = 0; i < 5; i++) await createOrder({ customerId: 'alice' });
      const bobs = await createOrder({ customerId: 'bob' });
      await http(admin).post(`/orders/${bobs.id}/status`).send({ status: 'Cancelled' }).expect(200);

      const first = await http(admin).get('/orders?customerId=alice&limit=2').expect(200);
      expect(first.body.items).toHaveLength(2);
      const second = await http(admin)
        .get(`/orders?customerId=alice&limit=2&cursor=${first.body.nextCursor}`)
        .expect(200);
      const third = await http(admin)
        .get(`/orders?customerId=alice&limit=2&cursor=${second.body.nextCursor}`)
        .expect(200);
      const ids = [...first.body.items, ...second.body.items, ...third.body.items].map(
        (o: { id: string }) => o.id,
      );
      expect(new Set(ids).size).toBe(5);
      expect(third.body.nextCursor).toBeNull();

      const cancelled = await http(admin).get('/orders?status=Cancelled').expect(200);
      expect(cancelled.body.items.map((o: { id: string }) => o.id)).toEqual([bobs.id]);
    });

    it.each([['limit=0'], ['limit=101'], ['status=Lost'], ['cursor=garbage']])(
      'rejects %s',
      async (query) => {
        const res = await http().get(`/orders?${query}`).expect(400);
        expect(res.body.errors[0].field).toBe(query.split('=')[0]);
      },
    );
  });

  describe('POST /orders/:id/status', () => {
    it('applies a valid transition and bumps the version', async () => {
      const order = await createOrder();
      const res = await http(admin)
        .post(`/orders/${order.id}/status`)
        .send({ status: 'PaymentConfirmed' })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'PaymentConfirmed', version: 2 });
    });

    it('rejects an invalid transition with 409 naming the current and allowed statuses', async () => {
      const order = await createOrder();
      const res = await http(admin)
        .post(`/orders/${order.id}/status`)
        .send({ status: 'Shipped' })
        .expect(409);
      expect(res.body).toMatchObject({
        code: 'ORDER.INVALID_TRANSITION',
        currentStatus: 'Created',
        allowedNext: ['PaymentConfirmed', 'Cancelled'],
      });
      expect(res.body.detail).toContain('Created');
    });

    it('rejects a stale expectedVersion with 409', async () => {
      const order = await createOrder();
      const res = await http(admin)
        .post(`/orders/${order.id}/status`)
        .send({ status: 'PaymentConfirmed', expectedVersion: 2 })
        .expect(409);
      expect(res.body).toMatchObject({ code: 'ORDER.VERSION_CONFLICT', currentVersion: 1 });
    });

    it('lets exactly one of several racing writers win on expectedVersion', async () => {
      const order = await createOrder();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          http(admin)
            .post(`/orders/${order.id}/status`)
            .send({ status: i % 2 ? 'PaymentConfirmed' : 'Cancelled', expectedVersion: 1 }),
        ),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(7);
      const events = await http().get(`/orders/${order.id}/events`).expect(200);
      expect(events.body).toHaveLength(2);
      expect((await http().get(`/orders/${order.id}`)).body.version).toBe(2);
    });

    it('rejects an unknown status with 400', async () => {
      const order = await createOrder();
      const res = await http(admin)
        .post(`/orders/${order.id}/status`)
        .send({ status: 'Teleported' })
        .expect(400);
      expect(res.body.errors[0].field).toBe('status');
    });

    it('answers 404 for an unknown order', async () => {
      await http()
        .post('/orders/6f1c0a7e-4a8b-4c51-9a34-1f7a3e2b9c10/status')
        .send({ status: 'Cancelled' })
        .expect(404);
    });
  });

  describe('GET /orders/:id/events', () => {
    it('lists the history oldest first with increasing sequence numbers', async () => {
      const order = await createOrder();
      await http(admin)
        .post(`/orders/${order.id}/status`)
        .send({ status: 'PaymentConfirmed' })
        .expect(200);
      await http(admin)
        .post(`/orders/${order.id}/status`)
        .send({ status: 'Cancelled' })
        .expect(200);
      const res = await http().get(`/orders/${order.id}/events`).expect(200);
      expect(
        res.body.map((e: { type: string; status: string; previousStatus: string | null }) => [
          e.type,
          e.previousStatus,
          e.status,
        ]),
      ).toEqual([
        ['order.created', null, 'Created'],
        ['order.status-changed', 'Created', 'PaymentConfirmed'],
        ['order.status-changed', 'PaymentConfirmed', 'Cancelled'],
      ]);
      const sequences = res.body.map((e: { sequence: number }) => e.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      expect(res.body[2]).toMatchObject({
        orderId: order.id,
        customerId: 'customer-1',
        version: 3,
      });
    });

    it('answers 404 for an unknown order', async () => {
      await http().get('/orders/6f1c0a7e-4a8b-4c51-9a34-1f7a3e2b9c10/events').expect(404);
    });
  });

  describe('POST /orders/:id/simulate', () => {
    it('answers 202 and walks the order to Delivered, publishing each step once in order', async () => {
      const seen: string[] = [];
      herald.app
        .get(EventEmitter2)
        .on('order.status-changed', (e: { orderId: string; status: string }) =>
          seen.push(e.status),
        );
      const order = await createOrder();
      const res = await http().post(`/orders/${order.id}/simulate`).send({ stepMs: 5 }).expect(202);
      expect(res.body).toEqual({ orderId: order.id, stepMs: 5, fromStatus: 'Created' });
      await eventually(
        async () => (await http().get(`/orders/${order.id}`)).body.status === 'Delivered',
      );
      await eventually(() => seen.length === 5);
      expect(seen).toEqual([
        'PaymentConfirmed',
        'Packed',
        'Shipped',
        'OutForDelivery',
        'Delivered',
      ]);
      expect((await http().get(`/orders/${order.id}`)).body.version).toBe(6);
    });

    it('refuses a second simulation while one runs, and one on a final order', async () => {
      const order = await createOrder();
      await http().post(`/orders/${order.id}/simulate`).send({ stepMs: 60000 }).expect(202);
      const again = await http().post(`/orders/${order.id}/simulate`).send({}).expect(409);
      expect(again.body.code).toBe('ORDER.SIMULATION_CONFLICT');

      const done = await createOrder();
      await http().post(`/orders/${done.id}/status`).send({ status: 'Cancelled' }).expect(200);
      await http().post(`/orders/${done.id}/simulate`).expect(409);
    });

    it('validates stepMs', async () => {
      const order = await createOrder();
      const res = await http()
        .post(`/orders/${order.id}/simulate`)
        .send({ stepMs: 60001 })
        .expect(400);
      expect(res.body.errors[0].field).toBe('stepMs');
    });

    it('stops cleanly on shutdown, leaving the order at its last committed status', async () => {
      await herald.close();
      herald = await startTestApp({ databaseUrl: database.url, providers: [SlowDrain] });
      const order = await createOrder();
      const stepMs = 250;
      await http().post(`/orders/${order.id}/simulate`).send({ stepMs }).expect(202);
      await eventually(async () => (await http().get(`/orders/${order.id}`)).body.version >= 2);

      // Shutdown takes a while (streams drain): the simulator must stop at its start, not at the
      // database's close. The drain reads the order first and then lasts more than two steps.
      const orders = herald.app.get(OrdersService);
      let atShutdown: { version: number; status: string } | undefined;
      herald.app.get(SlowDrain).drain = async () => {
        atShutdown = await orders.get(order.id);
        await sleep(2.5 * stepMs);
      };
      await herald.close();
      expect(atShutdown!.status).not.toBe('Delivered');

      herald = await startTestApp({ databaseUrl: database.url });
      const after = (await http().get(`/orders/${order.id}`)).body;
      expect(after).toMatchObject({ version: atShutdown!.version, status: atShutdown!.status });
      const history = (await http().get(`/orders/${order.id}/events`)).body;
      expect(history).toHaveLength(after.version);
      expect(history.at(-1).status).toBe(after.status);

      // A sleep that proves nothing more happens: the restart does not resume the simulation.
      await sleep(2 * stepMs);
      expect((await http().get(`/orders/${order.id}`)).body.version).toBe(atShutdown!.version);
      await http().post(`/orders/${order.id}/simulate`).send({ stepMs }).expect(202);
    });
  });

  it('answers unknown routes with 404 Problem Details', async () => {
    const res = await http().get('/nowhere').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, instance: '/nowhere', code: 'HTTP.NOT_FOUND' });
  });

  it('keeps orders across a restart', async () => {
    const order = await createOrder();
    await herald.close();
    herald = await startTestApp({ databaseUrl: database.url });
    await http().get(`/orders/${order.id}`).expect(200);
  });

  it('serves the OpenAPI document', async () => {
    const res = await http().get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/orders',
        '/orders/{id}',
        '/orders/{id}/status',
        '/orders/{id}/simulate',
        '/orders/{id}/events',
      ]),
    );
    expect(res.body.components.schemas).toHaveProperty('CreateOrderDto');
    expect(res.body.components.schemas).toHaveProperty('ProblemDetails');
    // every rule of a DTO is in its schema, unknown fields refused included
    expect(res.body.components.schemas.OrderLineDto).toMatchObject({
      required: ['sku', 'quantity', 'unitPriceCents'],
      additionalProperties: false,
      properties: {
        sku: { type: 'string', minLength: 1, maxLength: 64 },
        quantity: { type: 'integer', minimum: 1, maximum: 1000 },
      },
    });
    expect(res.body.paths['/orders'].get.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'limit',
          required: false,
          schema: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 100 }),
        }),
      ]),
    );
  });
});
