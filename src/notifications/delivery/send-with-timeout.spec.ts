import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Notification } from '../notification';
import type { INotificationChannel } from '../notification-channel';
import { DeliverySkippedError } from './delivery-skipped.error';
import { sendWithTimeout } from './send-with-timeout';

const notification = { id: 'n-1', sequence: 1, userId: 'u-1' } as Notification;
const channel = (send: INotificationChannel['send']): INotificationChannel => ({
  name: 'test',
  send,
});
/** A fresh attempt's controller, which nobody aborts. */
const attempt = () => new AbortController();

describe(sendWithTimeout.name, () => {
  it('reports success', async () => {
    const result = await sendWithTimeout(
      channel(async () => undefined),
      notification,
      1000,
      attempt(),
    );
    expect(result).toEqual({ outcome: 'succeeded', error: null, reference: null });
  });

  it('reports a rejection with its message', async () => {
    const failing = channel(async () => {
      throw new TypeError('bad gateway');
    });
    expect(await sendWithTimeout(failing, notification, 1000, attempt())).toEqual({
      outcome: 'failed',
      error: 'TypeError: bad gateway',
      reference: null,
    });
  });

  it("keeps the channel's receipt as the record's reference", async () => {
    const receipted = channel(async () => ({ reference: '<m-1@herald.example>' }));
    expect(await sendWithTimeout(receipted, notification, 1000, attempt())).toEqual({
      outcome: 'succeeded',
      error: null,
      reference: '<m-1@herald.example>',
    });
  });

  it('reports a channel that had nowhere to deliver to as skipped', async () => {
    const nowhere = channel(async () => {
      throw new DeliverySkippedError('no e-mail address');
    });
    expect(await sendWithTimeout(nowhere, notification, 1000, attempt())).toEqual({
      outcome: 'skipped',
      error: 'no e-mail address',
      reference: null,
    });
  });

  it('reports a channel that throws before returning a promise', async () => {
    const throwing = channel(() => {
      throw new Error('sync');
    });
    expect((await sendWithTimeout(throwing, notification, 1000, attempt())).outcome).toBe('failed');
  });

  it('cuts off a channel that ignores the signal, and aborts the signal it was given', async () => {
    let given: AbortSignal | undefined;
    const hanging = channel((_n, signal) => {
      given = signal;
      return new Promise(() => undefined);
    });
    expect(await sendWithTimeout(hanging, notification, 20, attempt())).toEqual({
      outcome: 'timed-out',
      error: 'no answer within 20 ms',
      reference: null,
    });
    expect(given?.aborted).toBe(true);
  });

  it('stops at once when its caller aborts it (shutdown)', async () => {
    const stop = new AbortController();
    const hanging = channel(() => new Promise(() => undefined));
    const result = sendWithTimeout(hanging, notification, 60_000, stop);
    stop.abort();
    expect(await result).toEqual({
      outcome: 'failed',
      error: 'aborted: the process is stopping',
      reference: null,
    });
  });

  it('keeps nothing of an attempt once it is over (its deadline timer is cleared)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const quick = channel(async () => undefined);
    const heapAfter = async (sends: number) => {
      for (let i = 0; i < sends; i++) await sendWithTimeout(quick, notification, 5000, attempt());
      gc();
      return process.memoryUsage().heapUsed;
    };
    const before = await heapAfter(2000); // warm up
    const after = await heapAfter(50_000);
    // 50,000 deadlines still pending would hold ~90 MB here.
    expect(after - before).toBeLessThan(2 * 1024 * 1024);
  });

  it('calls send before its first await, so channels see notifications in publication order', () => {
    const seen: string[] = [];
    const recording = channel(async (n) => void seen.push(n.id));
    void sendWithTimeout(recording, { ...notification, id: 'first' }, 1000, attempt());
    void sendWithTimeout(recording, { ...notification, id: 'second' }, 1000, attempt());
    expect(seen).toEqual(['first', 'second']);
  });
});
