import type { AppConfig } from '../../common';
import type { Notification } from '../notification';
import type { INotificationChannel } from '../notification-channel';
import { ChannelDeliveries } from './channel-deliveries.service';
import type { DeliveriesRepository } from './deliveries.repository';
import { DeliveryCounter } from './delivery-counter';
import type { DeliveryRecord } from './delivery-record';
import { DeliverySkippedError } from './delivery-skipped.error';

const notification = { id: 'n-1', sequence: 1, userId: 'u-1' } as Notification;

function setUp(notify = { channelTimeoutMs: 1000, maxAttempts: 3, retryBaseMs: 100 }) {
  const records: DeliveryRecord[] = [];
  const repository = {
    record: async (record: DeliveryRecord) => void records.push(record),
  } as unknown as DeliveriesRepository;
  const counter = new DeliveryCounter();
  const config = { notify } as unknown as AppConfig;
  const deliveries = new ChannelDeliveries(repository, counter, config);
  const attempts = () => records.map((r) => `${r.attempt}:${r.outcome}`);
  return { deliveries, records, counter, attempts };
}

/** A channel that answers with `answers` in turn (the last one from then on). */
function channel(...answers: (() => Promise<void>)[]): INotificationChannel & { calls: number } {
  const sent = {
    name: 'test',
    calls: 0,
    send: () => answers[Math.min(sent.calls++, answers.length - 1)](),
  };
  return sent;
}
const fail = () => Promise.reject(new Error('down'));
const succeed = () => Promise.resolve();

describe(ChannelDeliveries.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('records one successful attempt and counts it', async () => {
    const { deliveries, attempts, counter } = setUp();
    deliveries.start(notification, channel(succeed), 1);
    await jest.advanceTimersByTimeAsync(0);
    expect(attempts()).toEqual(['1:succeeded']);
    expect(counter.snapshot()).toEqual([{ channel: 'test', outcome: 'succeeded', count: 1 }]);
  });

  it('retries a failure after base × 2^(n-1), up to the last attempt', async () => {
    const { deliveries, attempts, records } = setUp();
    const failing = channel(fail);
    deliveries.start(notification, failing, 1);
    await jest.advanceTimersByTimeAsync(0);
    expect(attempts()).toEqual(['1:failed']);
    expect(records[0]).toMatchObject({ channel: 'test', error: 'Error: down', reference: null });
    await jest.advanceTimersByTimeAsync(99);
    expect(failing.calls).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(attempts()).toEqual(['1:failed', '2:failed']);
    await jest.advanceTimersByTimeAsync(199);
    expect(failing.calls).toBe(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(attempts()).toEqual(['1:failed', '2:failed', '3:failed']);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(failing.calls).toBe(3); // the third was the last
  });

  it('stops retrying once an attempt succeeds', async () => {
    const { deliveries, attempts } = setUp();
    deliveries.start(notification, channel(fail, succeed), 1);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(attempts()).toEqual(['1:failed', '2:succeeded']);
  });

  it('does not retry what the channel skipped', async () => {
    const { deliveries, attempts } = setUp();
    const skipping = channel(() => Promise.reject(new DeliverySkippedError('no address')));
    deliveries.start(notification, skipping, 1);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(attempts()).toEqual(['1:skipped']);
  });

  it('times an attempt out after the channel timeout, or the channel own one', async () => {
    const { deliveries, records } = setUp();
    const never = () => new Promise<void>(() => undefined);
    deliveries.start(notification, channel(never), 3);
    deliveries.start({ ...notification, id: 'n-2' }, { ...channel(never), timeoutMs: 50 }, 3);
    await jest.advanceTimersByTimeAsync(50);
    expect(records.map((r) => [r.notificationId, r.outcome])).toEqual([['n-2', 'timed-out']]);
    await jest.advanceTimersByTimeAsync(950);
    expect(records.map((r) => [r.notificationId, r.outcome])).toEqual([
      ['n-2', 'timed-out'],
      ['n-1', 'timed-out'],
    ]);
  });

  it('ignores a second start of a pair that is on its way or waiting for a retry', async () => {
    const { deliveries, attempts } = setUp();
    const failing = channel(fail);
    deliveries.start(notification, failing, 1);
    deliveries.start(notification, failing, 1);
    await jest.advanceTimersByTimeAsync(0);
    deliveries.start(notification, failing, 1); // waiting for its retry
    await jest.advanceTimersByTimeAsync(0);
    expect(attempts()).toEqual(['1:failed']);
    await jest.advanceTimersByTimeAsync(10_000);
    deliveries.start(notification, channel(succeed), 4); // done with: may start again
    await jest.advanceTimersByTimeAsync(0);
    expect(attempts()).toEqual(['1:failed', '2:failed', '3:failed', '4:succeeded']);
  });

  it('at shutdown aborts what is in flight, drops the retries and starts nothing more', async () => {
    const { deliveries, attempts } = setUp();
    const hanging = channel((() => new Promise<void>(() => undefined)) as () => Promise<void>);
    const failing = channel(fail);
    deliveries.start(notification, hanging, 1);
    deliveries.start({ ...notification, id: 'n-2' }, failing, 1);
    await jest.advanceTimersByTimeAsync(0);
    await deliveries.beforeApplicationShutdown();
    expect(attempts()).toEqual(['1:failed', '1:failed']);
    deliveries.start({ ...notification, id: 'n-3' }, channel(succeed), 1);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(attempts()).toEqual(['1:failed', '1:failed']);
    expect(failing.calls).toBe(1);
  });
});
