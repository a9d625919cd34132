import request from 'supertest';
import { adminHeaders, authHeaders } from './support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from './support/databases';
import { orderBody } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const UNKNOWN_ID = '6f1c0a7e-4a8b-4c51-9a34-1f7a3e2b9c10';

describe.each(databaseKinds())('Orders access rules on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp;
  let alice: Record<string, string>;
  let bob: Record<string, string>;
  let admin: Record<string, string>;
  const as = (headers: Record<string, string>) => request.agent(herald.url).set(headers);
  const aliceOrder = async () =>
    (
      await as(alice)
        .post('/orders')
        .send(orderBody({ customerId: undefined }))
        .expect(201)
    ).body;

  beforeAll(async () => {
    alice = await authHeaders('alice');
    bob = await authHeaders('bob');
    admin = await adminHeaders();
  });

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    herald = await startTestApp({ databaseUrl: database.url });
  });

  afterEach(async () => {
    await herald.close();
    await database.drop();
  });

  describe('creating', () => {
    it('takes the customer from the token', async () => {
      expect((await aliceOrder()).customerId).toBe('alice');
      const named = await as(alice)
        .post('/orders')
        .send(orderBody({ customerId: 'alice' }));
      expect(named.status).toBe(201);
    });

    it('refuses a customer creating an order for someone else with 403', async () => {
      const res = await as(alice)
        .post('/orders')
        .send(orderBody({ customerId: 'bob' }))
        .expect(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 403, code: 'AUTH.FORBIDDEN' });
      const bobs = await as(admin).get('/orders?customerId=bob').expect(200);
      expect(bobs.body.items).toHaveLength(0);
    });

    it('lets an admin create an order for any customer, or for themselves', async () => {
      const forBob = await as(admin)
        .post('/orders')
        .send(orderBody({ customerId: 'bob' }));
      expect(forBob.status).toBe(201);
      expect(forBob.body.customerId).toBe('bob');
      const own = await as(admin)
        .post('/orders')
        .send(orderBody({ customerId: undefined }));
      expect(own.body.customerId).toBe('admin-1');
    });
  });

  describe("another customer's order is indistinguishable from an unknown one", () => {
    it.each([
      ['GET', (id: string) => `/orders/${id}`, undefined],
      ['GET', (id: string) => `/orders/${id}/events`, undefined],
      ['POST', (id: string) => `/orders/${id}/status`, { status: 'Cancelled' }],
      ['POST', (id: string) => `/orders/${id}/simulate`, { stepMs: 60000 }],
    ] as const)('%s %s → 404', async (method, path, body) => {
      const order = await aliceOrder();
      const send = (headers: Record<string, string>, id: string) =>
        method === 'GET' ? as(headers).get(path(id)) : as(headers).post(path(id)).send(body);
      const theirs = await send(bob, order.id).expect(404);
      const unknown = await send(bob, UNKNOWN_ID).expect(404);
      expect(theirs.body.code).toBe('ORDER.NOT_FOUND');
      expect(unknown.body.code).toBe('ORDER.NOT_FOUND');
      expect(theirs.body.title).toBe(unknown.body.title);
      // and nothing happened to it
      const after = await as(alice).get(`/orders/${order.id}`).expect(200);
      expect(after.body).toMatchObject({ status: 'Created', version: 1 });
    });
  });

  describe('reading', () => {
    it('lets the owner and an admin read the order and its history', async () => {
      const order = await aliceOrder();
      for (const who of [alice, admin]) {
        await as(who).get(`/orders/${order.id}`).expect(200);
        const history = await as(who).get(`/orders/${order.id}/events`).expect(200);
        expect(history.body).toHaveLength(1);
      }
    });

    it('lists only the caller’s orders for a customer, and all for an admin', async () => {
      const mine = await aliceOrder();
      await as(bob)
        .post('/orders')
        .send(orderBody({ customerId: undefined }))
        .expect(201);
      const aliceList = await as(alice).get('/orders').expect(200);
      expect(aliceList.body.items.map((o: { id: string }) => o.id)).toEqual([mine.id]);
      await as(alice).get('/orders?customerId=alice').expect(200);
      const all = await as(admin).get('/orders').expect(200);
      expect(all.body.items).toHaveLength(2);
      const bobsForAdmin = await as(admin).get('/orders?customerId=bob').expect(200);
      expect(bobsForAdmin.body.items).toHaveLength(1);
    });

    it('answers a customer filtering by someone else with 403', async () => {
      const res = await as(alice).get('/orders?customerId=bob').expect(403);
      expect(res.body.code).toBe('AUTH.FORBIDDEN');
    });
  });

  describe('changing status', () => {
    it('lets the owner cancel but not move the order along', async () => {
      const order = await aliceOrder();
      const res = await as(alice)
        .post(`/orders/${order.id}/status`)
        .send({ status: 'PaymentConfirmed' })
        .expect(403);
      expect(res.body.code).toBe('AUTH.FORBIDDEN');
      expect((await as(alice).get(`/orders/${order.id}`)).body.version).toBe(1);
      await as(alice).post(`/orders/${order.id}/status`).send({ status: 'Cancelled' }).expect(200);
    });

    it('lets an admin make any lifecycle change on any order', async () => {
      const order = await aliceOrder();
      for (const status of ['PaymentConfirmed', 'Packed', 'Cancelled']) {
        await as(admin).post(`/orders/${order.id}/status`).send({ status }).expect(200);
      }
    });
  });

  describe('simulating', () => {
    it('lets the owner and an admin start a simulation', async () => {
      const first = await aliceOrder();
      await as(alice).post(`/orders/${first.id}/simulate`).send({ stepMs: 60000 }).expect(202);
      const second = await aliceOrder();
      await as(admin).post(`/orders/${second.id}/simulate`).send({ stepMs: 60000 }).expect(202);
    });
  });
});
