import request from 'supertest';
import { adminHeaders, authHeaders } from '../support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from '../support/databases';
import { eventually, orderBody } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { FAST_NOTIFY_ENV, waitForInbox } from './support/scenario';

describe.each(databaseKinds())('Notification inbox API on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp;
  let asCustomer: Record<string, string>;
  const http = () => request(herald.url);

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    herald = await startTestApp({ databaseUrl: database.url, env: FAST_NOTIFY_ENV });
    asCustomer = await authHeaders('customer-1');
  });

  afterEach(async () => {
    await herald.close();
    await database.drop();
  });

  /** An order for customer-1 moved two steps: three notifications, oldest first. */
  const threeNotifications = async () => {
    const order = await http().post('/orders').set(asCustomer).send(orderBody()).expect(201);
    const asAdmin = await adminHeaders(); // only admins move orders forward
    for (const status of ['PaymentConfirmed', 'Packed']) {
      await http()
        .post(`/orders/${order.body.id}/status`)
        .set(asAdmin)
        .send({ status })
        .expect(200);
    }
    return waitForInbox(herald.url, 'customer-1', 3);
  };

  it('lists newest first, pages with a cursor, and filters unread', async () => {
    const [created, paid, packed] = await threeNotifications();
    expect(created).toMatchObject({
      userId: 'customer-1',
      type: 'order.created',
      title: 'Order received',
      severity: 'info',
      readAt: null,
    });
    expect(created.sequence).toBeLessThan(paid.sequence);

    const first = await http().get('/notifications?limit=2').set(asCustomer).expect(200);
    expect(first.body.items.map((n: any) => n.id)).toEqual([packed.id, paid.id]);
    const second = await http()
      .get(`/notifications?limit=2&cursor=${first.body.nextCursor}`)
      .set(asCustomer)
      .expect(200);
    expect(second.body).toEqual({
      items: [expect.objectContaining({ id: created.id })],
      nextCursor: null,
    });

    await http().post(`/notifications/${paid.id}/read`).set(asCustomer).expect(200);
    const unread = await http().get('/notifications?unread=true').set(asCustomer).expect(200);
    expect(unread.body.items.map((n: any) => n.id)).toEqual([packed.id, created.id]);
  });

  it('counts unread, marks one read (keeping the first read time) and marks all read', async () => {
    const [created] = await threeNotifications();
    const count = () => http().get('/notifications/unread-count').set(asCustomer).expect(200);
    expect((await count()).body).toEqual({ count: 3 });

    const read = await http().post(`/notifications/${created.id}/read`).set(asCustomer).expect(200);
    expect(read.body).toMatchObject({ id: created.id, readAt: expect.any(String) });
    const again = await http()
      .post(`/notifications/${created.id}/read`)
      .set(asCustomer)
      .expect(200);
    expect(again.body.readAt).toBe(read.body.readAt);
    expect((await count()).body).toEqual({ count: 2 });

    const all = await http().post('/notifications/read-all').set(asCustomer).expect(200);
    expect(all.body).toEqual({ updated: 2 });
    expect((await count()).body).toEqual({ count: 0 });
  });

  it('shows the delivery records to the owner and to admins only', async () => {
    const [created] = await threeNotifications();
    // Records are written a moment after the inbox row: until then the list is empty, not 404.
    const own = await eventually(async () => {
      const res = await http()
        .get(`/notifications/${created.id}/deliveries`)
        .set(asCustomer)
        .expect(200);
      return res.body.some((r: any) => r.channel === 'inbox') && res;
    });
    expect(own.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ notificationId: created.id, channel: 'inbox', attempt: 1 }),
      ]),
    );
    // No WEBHOOK_URL in this suite: the webhook channel is off and never attempted.
    expect(own.body.map((r: any) => r.channel)).not.toContain('webhook');
    await http()
      .get(`/notifications/${created.id}/deliveries`)
      .set(await adminHeaders())
      .expect(200);
    await http()
      .get(`/notifications/${created.id}/deliveries`)
      .set(await authHeaders('someone-else'))
      .expect(404);
    await http()
      .get('/notifications/6f1c2a3b-0000-4000-8000-000000000000/deliveries')
      .set(await adminHeaders())
      .expect(404);
  });

  it('answers bad input, unknown ids and missing credentials with Problem Details', async () => {
    const unknown = '6f1c2a3b-0000-4000-8000-000000000000';
    const notFound = await http()
      .post(`/notifications/${unknown}/read`)
      .set(asCustomer)
      .expect(404);
    expect(notFound.body).toMatchObject({ code: 'NOTIFICATION.NOT_FOUND', status: 404 });
    expect(notFound.headers['content-type']).toMatch(/^application\/problem\+json/);

    const badId = await http().post('/notifications/not-a-uuid/read').set(asCustomer).expect(400);
    expect(badId.body.errors).toEqual([{ field: 'id', reason: 'must be a UUID' }]);
    for (const query of ['limit=0', 'limit=101', 'unread=maybe', 'cursor=bogus']) {
      const res = await http().get(`/notifications?${query}`).set(asCustomer).expect(400);
      expect(res.body.code).toBe('REQUEST.INVALID');
    }
    await http().get('/notifications').expect(401);
    await http().get('/notifications/unread-count').expect(401);
    await http().post('/notifications/read-all').expect(401);
  });
});
