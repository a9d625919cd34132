import type { StreamLimits } from './stream-limits.service';
import { StreamHub } from './stream-hub.service';
import type { StreamMessage } from './stream-message';
import type { SubscriberBuffer } from './subscriber-buffer';

/** A subscriber's buffer that records what it is given. */
class RecordingBuffer {
  received: StreamMessage[] = [];
  uncorks = 0;
  ends = 0;
  constructor(readonly pendingBytes = 0) {}
  push(message: StreamMessage) {
    this.received.push(message);
  }
  uncork() {
    this.uncorks++;
  }
  async end() {
    this.ends++;
  }
}

const limits = { open: 4, users: 2 } as unknown as StreamLimits;
const event = (id: number) => ({ id, event: 'order-update', data: { id } });
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function setUp() {
  const hub = new StreamHub(limits);
  const buffer = (pendingBytes = 0) => new RecordingBuffer(pendingBytes);
  const as = (b: RecordingBuffer) => b as unknown as SubscriberBuffer;
  return { hub, buffer, as };
}

describe(StreamHub.name, () => {
  it('gives one message, serialized once, to every subscriber of every topic named', () => {
    const { hub, buffer, as } = setUp();
    const [a, b, c] = [buffer(), buffer(), buffer()];
    hub.join('order:1', as(a));
    hub.join('orders', as(b));
    hub.join('order:2', as(c));
    hub.publish(['order:1', 'orders', 'nobody'], event(5));
    hub.publish('order:2', event(6));
    expect(a.received).toHaveLength(1);
    expect(b.received[0]).toBe(a.received[0]);
    expect(a.received[0]).toMatchObject({ id: '5', type: 'order-update', data: '{"id":5}' });
    expect(c.received.map((m) => m.id)).toEqual(['6']);
    expect(hub.stats()).toEqual({ openStreams: 4, topics: 3, users: 2, published: 2, dropped: 0 });
  });

  it('forgets a topic once its last subscriber left', () => {
    const { hub, buffer, as } = setUp();
    const [a, b] = [buffer(), buffer()];
    hub.join('order:1', as(a));
    hub.join('order:1', as(b));
    hub.leave('order:1', as(a));
    hub.leave('order:1', as(a)); // twice: nothing more happens
    hub.leave('order:9', as(a));
    expect(hub.stats().topics).toBe(1);
    hub.publish('order:1', event(1));
    expect([a.received.length, b.received.length]).toEqual([0, 1]);
    hub.leave('order:1', as(b));
    expect(hub.stats().topics).toBe(0);
  });

  it('counts dropped messages and the bytes all subscribers hold', () => {
    const { hub, buffer, as } = setUp();
    hub.join('a', as(buffer(10)));
    hub.join('b', as(buffer(5)));
    hub.onDropped(3);
    hub.onDropped(2);
    expect(hub.stats().dropped).toBe(5);
    expect(hub.pendingBytes()).toBe(15);
  });

  it('visits every subscriber, even one that leaves meanwhile', () => {
    const { hub, buffer, as } = setUp();
    const [a, b] = [buffer(), buffer()];
    hub.join('t', as(a));
    hub.join('t', as(b));
    const visited: unknown[] = [];
    hub.forEachSubscriber((visiting) => {
      visited.push(visiting);
      hub.leave('t', visiting);
    });
    expect(visited).toEqual([a, b]);
  });

  it('uncorks every corked response once, on the next turn', async () => {
    const { hub, buffer, as } = setUp();
    const [a, b] = [buffer(), buffer()];
    hub.uncorkSoon(as(a));
    hub.uncorkSoon(as(b));
    expect([a.uncorks, b.uncorks]).toEqual([0, 0]);
    await nextTurn();
    expect([a.uncorks, b.uncorks]).toEqual([1, 1]);
    hub.uncorkSoon(as(a));
    await nextTurn();
    await nextTurn();
    expect([a.uncorks, b.uncorks]).toEqual([2, 1]);
  });

  it('ends every stream at shutdown', async () => {
    const { hub, buffer, as } = setUp();
    const [a, b] = [buffer(), buffer()];
    hub.join('x', as(a));
    hub.join('y', as(b));
    await hub.beforeApplicationShutdown();
    expect([a.ends, b.ends]).toEqual([1, 1]);
  });
});
