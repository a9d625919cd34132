import type { ParsedMail } from 'mailparser';
import request from 'supertest';
import { DATABASE, Database } from '../../src/persistence';
import { adminHeaders, authHeaders, tokenFor } from '../support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from '../support/databases';
import { eventually, orderBody, sleep } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { deliveriesOf, waitFor, waitForInbox } from './support/scenario';
import { SmtpReceiver, startSmtpReceiver } from './support/smtp-receiver';

jest.setTimeout(60_000);

const FROM = 'Herald <herald@shop.example>';
const withEmail = async (userId: string, email: string) => ({
  Authorization: `Bearer ${await tokenFor(userId, [], { claims: { email } })}`,
});
const emailRecords = (records: any[]): any[] => records.filter((r) => r.channel === 'email');
const ref = (orderId: string) => `#${orderId.slice(0, 8)}`;

describe.each(databaseKinds())('The e-mail channel on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp | undefined;
  let smtp: SmtpReceiver;
  let admin: Record<string, string>;

  const start = async (env: Record<string, string>) => {
    herald = await startTestApp({
      databaseUrl: database.url,
      env: {
        SMTP_URL: smtp.url,
        EMAIL_FROM: FROM,
        NOTIFY_CHANNEL_TIMEOUT_MS: '3000',
        NOTIFY_RETRY_BASE_MS: '50',
        ...env,
      },
    });
    return herald;
  };
  const createOrder = async (headers: Record<string, string>): Promise<string> =>
    (
      await request(herald!.url)
        .post('/orders')
        .set(headers)
        .send(orderBody({ customerId: undefined }))
        .expect(201)
    ).body.id;
  const move = (orderId: string, status: string) =>
    request(herald!.url).post(`/orders/${orderId}/status`).set(admin).send({ status }).expect(200);
  const setPreferences = (headers: Record<string, string>, body: object, status = 200) =>
    request(herald!.url).put('/notifications/preferences').set(headers).send(body).expect(status);
  /** Each of the user's notifications (oldest first) with its e-mail records, once settled. */
  const emailOutcomes = async (userId: string, count: number) => {
    const inbox = await waitForInbox(herald!.url, userId, count);
    return Promise.all(
      inbox.map(async (notification) => {
        const records = await waitFor(async () => {
          const all = emailRecords(await deliveriesOf(herald!.url, userId, notification.id));
          const last = all.at(-1);
          return ['succeeded', 'skipped'].includes(last?.outcome) && all;
        });
        return { notification, records };
      }),
    );
  };
  const waitForMails = async (count: number, timeoutMs = 20_000): Promise<ParsedMail[]> => {
    await eventually(() => smtp.mails.length >= count, timeoutMs);
    return smtp.mails;
  };

  beforeAll(async () => {
    admin = await adminHeaders();
  });

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    smtp = await startSmtpReceiver();
  });

  afterEach(async () => {
    await herald?.close();
    herald = undefined;
    await smtp.close();
    await database.drop();
  });

  it('sends a simulated lifecycle as one digest per 2 s window, with subjects, bodies and records that say which e-mail', async () => {
    await start({ EMAIL_DIGEST_WINDOW: '2s' });
    const customer = await withEmail('customer-m', 'm@customer.example');
    const orderId = await createOrder(customer);
    await request(herald!.url)
      .post(`/orders/${orderId}/simulate`)
      .set(customer)
      .send({ stepMs: 1300 })
      .expect(202);

    // Steps at 0, 1.3, 2.6, 3.9, 5.2 and 6.5 s: two in each window that the first one opens.
    const mails = await waitForMails(3);
    const outcomes = await emailOutcomes('customer-m', 6);
    await sleep(2500); // proves nothing more comes: a window later, still three e-mails
    expect(smtp.mails).toHaveLength(3);
    const titles = [
      ['Order received', 'Payment confirmed'],
      ['Order packed', 'Order shipped'],
      ['Out for delivery', 'Order delivered'],
    ];
    mails.forEach((mail, i) => {
      expect(mail.subject).toBe(`2 updates on your order ${ref(orderId)}`);
      expect(mail.from?.value).toEqual([{ name: 'Herald', address: 'herald@shop.example' }]);
      expect(mail.to).toMatchObject({ text: 'm@customer.example' });
      expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@shop\.example>$/);
      const [first, second] = titles[i];
      expect(mail.text).toMatch(new RegExp(`1\\. ${first} \\(.+UTC\\)[^]*2\\. ${second} \\(`));
      expect(mail.html).toMatch(new RegExp(`<strong>${first}</strong>[^]*<strong>${second}`));
      expect(mail.html).toContain(`order ${ref(orderId)}`);
      const carried = outcomes.slice(2 * i, 2 * i + 2).map((o) => o.notification.id);
      expect(mail.headers.get('x-herald-notifications')).toBe(carried.join(', '));
    });
    // Each notification is in exactly one e-mail, and its record names that e-mail.
    outcomes.forEach(({ records }, i) => {
      expect(records.map((r) => [r.attempt, r.outcome])).toEqual([
        [0, 'queued'],
        [1, 'succeeded'],
      ]);
      expect(records[1].reference).toBe(mails[Math.floor(i / 2)].messageId);
    });
  });

  it('sends a single notification with its own subject and bodies when the window is 0', async () => {
    await start({ EMAIL_DIGEST_WINDOW: '0' });
    const orderId = await createOrder(await withEmail('customer-s', 's@customer.example'));
    await move(orderId, 'PaymentConfirmed');
    await move(orderId, 'Cancelled');
    const mails = await waitForMails(3);
    expect(mails.map((m) => m.subject)).toEqual([
      `We received your order ${ref(orderId)}`,
      `Payment confirmed for order ${ref(orderId)}`,
      `Your order ${ref(orderId)} was cancelled`,
    ]);
    expect(mails[2].text).toContain(`Order cancelled\n\nYour order ${ref(orderId)} was cancelled.`);
    expect(mails[2].html).toContain('<h1>Order cancelled</h1>');
  });

  it('retries a digest the SMTP server refused and delivers it once', async () => {
    await start({ EMAIL_DIGEST_WINDOW: '1s' });
    smtp.refuseWith = (index) => (index === 0 ? 451 : undefined);
    const orderId = await createOrder(await withEmail('customer-r', 'r@customer.example'));
    await move(orderId, 'PaymentConfirmed');
    await move(orderId, 'Packed');

    const [mail] = await waitForMails(1);
    const outcomes = await emailOutcomes('customer-r', 3);
    await sleep(1500); // proves nothing more comes: a window later, no third offer
    expect(smtp.offered).toBe(2);
    expect(smtp.mails).toHaveLength(1);
    expect(mail.subject).toBe(`3 updates on your order ${ref(orderId)}`);
    for (const { records } of outcomes) {
      expect(records.map((r) => [r.attempt, r.outcome])).toEqual([
        [0, 'queued'],
        [1, 'failed'],
        [2, 'succeeded'],
      ]);
      expect(records[1].error).toMatch(/451/);
      expect(records[2].reference).toBe(mail.messageId);
    }
  });

  it('keeps a digest across a restart inside its window and sends it exactly once', async () => {
    const env = { EMAIL_DIGEST_WINDOW: '3s' };
    await start(env);
    const orderId = await createOrder(await withEmail('customer-x', 'x@customer.example'));
    await move(orderId, 'PaymentConfirmed');
    const db = herald!.app.get<Database>(DATABASE);
    await eventually(async () => {
      const pending = await db.selectFrom('email_digest_items').selectAll().execute();
      return pending.length === 2;
    });
    await sleep(1500); // half the window gone before the restart: nothing to wait for but the clock
    await herald!.close();
    const restartedAt = Date.now();
    await start(env);

    const [mail] = await waitForMails(1);
    // The window kept counting from the first notification (~1.5 s left), not from the restart.
    expect(Date.now() - restartedAt).toBeLessThan(2500);
    const outcomes = await emailOutcomes('customer-x', 2);
    await sleep(2000); // proves nothing more comes: the restarted window does not send it again
    expect(smtp.mails).toHaveLength(1);
    expect(mail.subject).toBe(`2 updates on your order ${ref(orderId)}`);
    for (const { records } of outcomes) {
      expect(records.map((r) => [r.attempt, r.outcome])).toEqual([
        [0, 'queued'],
        [1, 'failed'], // aborted by the shutdown
        [2, 'succeeded'],
      ]);
      expect(records[2].reference).toBe(mail.messageId);
    }
  });

  it("uses the address from the preferences over the token's, skips users without one, and stops when turned off", async () => {
    await start({ EMAIL_DIGEST_WINDOW: '0' });
    const bob = await authHeaders('bob'); // no email claim
    const first = await createOrder(bob);
    const [skipped] = await emailOutcomes('bob', 1);
    expect(skipped.records.map((r) => [r.attempt, r.outcome])).toEqual([
      [0, 'queued'],
      [1, 'skipped'],
    ]);
    expect(skipped.records[1].error).toMatch(/no e-mail address/);

    await setPreferences(bob, { email: 'not-an-address' }, 400).then((res) =>
      expect(res.body.errors).toEqual([{ field: 'email', reason: 'must be an e-mail address' }]),
    );
    const chosen = await setPreferences(bob, { email: 'bob@chosen.example' });
    expect(chosen.body).toMatchObject({ email: 'bob@chosen.example', channels: { email: true } });
    await move(first, 'PaymentConfirmed');
    const [toChosen] = await waitForMails(1);
    expect(toChosen.to).toMatchObject({ text: 'bob@chosen.example' });

    const alice = await withEmail('alice', 'alice@token.example');
    await setPreferences(alice, { email: 'alice@chosen.example' });
    await setPreferences(alice, { email: null }); // back to the token's claim
    await createOrder(alice);
    const mails = await waitForMails(2);
    expect(mails[1].to).toMatchObject({ text: 'alice@token.example' });

    await setPreferences(bob, { channels: { email: false } });
    await move(first, 'Packed');
    const [, , off] = await waitForInbox(herald!.url, 'bob', 3);
    const records = await waitFor(async () => {
      const all = emailRecords(await deliveriesOf(herald!.url, 'bob', off.id));
      return all.length > 0 && all;
    });
    expect(records.map((r) => [r.attempt, r.outcome])).toEqual([[0, 'skipped']]);
    await sleep(300); // proves nothing more comes: no e-mail once the channel is off
    expect(smtp.mails).toHaveLength(2);
  });
});
