import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { encodeEvent } from './sse-frame';
import { Subscriber, SubscriberHooks } from './subscriber';
import { TopicBatch } from './topic-batch';

/** A response whose socket accepts writes until `full` is set; records what was written. */
class FakeResponse extends EventEmitter {
  written: string[] = [];
  full = false;
  writableLength = 0;
  destroyed = false;
  write(chunk: Buffer): boolean {
    this.written.push(chunk.toString());
    return !this.full;
  }
  ended = false;
  destroy() {
    this.destroyed = true;
  }
  end() {
    this.ended = true;
  }
}

const frame = (id: number, final = false) => encodeEvent({ id, event: 'e', data: { id }, final });
const batchOf = (...frames: ReturnType<typeof frame>[]) => {
  const batch = new TopicBatch();
  for (const f of frames) batch.add(f);
  return batch;
};
const idsIn = (res: FakeResponse) =>
  [...res.written.join('').matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));

function setUp(overflow: 'drop-oldest' | 'disconnect' = 'drop-oldest', capacity = 3) {
  const res = new FakeResponse();
  const ended: string[] = [];
  let dropped = 0;
  const hooks: SubscriberHooks = {
    scheduleFlush: () => undefined, // tests flush by hand
    onDropped: (n) => (dropped += n),
    onEnd: (_s, reason) => ended.push(reason),
  };
  const subscriber = new Subscriber(
    res as unknown as ServerResponse,
    { topic: 't', userId: 'u', capacity, overflow, endsOnFinal: true },
    hooks,
  );
  return { res, subscriber, ended, dropped: () => dropped };
}

describe(Subscriber.name, () => {
  it('coalesces queued frames into one write', () => {
    const { res, subscriber } = setUp();
    subscriber.goLive();
    subscriber.offer(frame(1));
    subscriber.offer(frame(2));
    subscriber.flush();
    expect(res.written).toHaveLength(1);
    expect(idsIn(res)).toEqual([1, 2]);
  });

  it('holds at most `capacity` frames for a client whose socket is full, dropping and counting the oldest', () => {
    const { res, subscriber, dropped } = setUp('drop-oldest', 3);
    subscriber.goLive();
    res.full = true;
    subscriber.offer(frame(1));
    subscriber.flush(); // accepted into the socket buffer, which is now full
    for (let id = 2; id <= 10; id++) subscriber.offer(frame(id));
    expect(subscriber.pendingBytes).toBeLessThanOrEqual(3 * frame(10).bytes.length);
    expect(dropped()).toBe(6);
    res.full = false;
    res.emit('drain');
    expect(idsIn(res)).toEqual([1, 8, 9, 10]);
    // The client is told what it missed and where to resume from, right before the gap.
    expect(res.written[1]).toMatch(
      /^event: dropped\ndata: \{"count":6,"resumeFrom":1\}\n\n(id: 8\n)/,
    );
  });

  it('disconnects a slow client under the disconnect policy', () => {
    const { res, subscriber, ended } = setUp('disconnect', 2);
    subscriber.goLive();
    res.full = true;
    subscriber.offer(frame(1));
    subscriber.flush();
    subscriber.offer(frame(2));
    subscriber.offer(frame(3));
    subscriber.offer(frame(4));
    expect(res.destroyed).toBe(true);
    expect(ended).toEqual(['overflow']);
  });

  it('writes a full queue at once during a burst instead of dropping', () => {
    const { res, subscriber, dropped } = setUp('drop-oldest', 2);
    subscriber.goLive();
    for (let id = 1; id <= 7; id++) subscriber.offer(frame(id));
    subscriber.flush();
    expect(dropped()).toBe(0);
    expect(idsIn(res)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('merges live frames held during replay at the seam without duplicates', async () => {
    const { res, subscriber } = setUp('drop-oldest', 10);
    subscriber.offer(frame(3)); // published while replay runs
    await subscriber.writeReplayed(frame(2));
    await subscriber.writeReplayed(frame(3));
    subscriber.offer(frame(4));
    subscriber.goLive();
    subscriber.offer(frame(4)); // a late duplicate
    subscriber.offer(frame(5));
    subscriber.flush();
    expect(idsIn(res)).toEqual([2, 3, 4, 5]);
  });

  it('asks replay to read again when more live frames arrived than it could hold', () => {
    const { subscriber } = setUp('drop-oldest', 2);
    [5, 6, 7].forEach((id) => subscriber.offer(frame(id)));
    expect(subscriber.takeHeldOverflow()).toBe(true);
    expect(subscriber.takeHeldOverflow()).toBe(false);
  });

  it('ends after the final frame is written', () => {
    const { res, subscriber, ended } = setUp();
    subscriber.goLive();
    subscriber.offer(frame(1, true));
    subscriber.offer(frame(2));
    subscriber.flush();
    expect(ended).toEqual(['completed']);
    expect(subscriber.isClosed).toBe(true);
    expect(res.ended).toBe(true); // the response itself is ended, so the client sees the end
  });

  it('writes a batch it is in step with at once, in one write, and nothing of it a second time', () => {
    const { res, subscriber } = setUp();
    subscriber.goLive();
    const batch = batchOf(frame(1), frame(2), frame(3));
    subscriber.deliver(batch);
    expect(res.written).toHaveLength(1);
    expect(idsIn(res)).toEqual([1, 2, 3]);
    subscriber.deliver(batch); // published again (a relay retry): every id is one it has
    subscriber.deliver(batchOf(frame(3), frame(4)));
    expect(idsIn(res)).toEqual([1, 2, 3, 4]);
  });

  it('takes a batch through its bounded queue while its socket is full', () => {
    const { res, subscriber, dropped } = setUp('drop-oldest', 3);
    subscriber.goLive();
    res.full = true;
    subscriber.deliver(batchOf(frame(1))); // accepted into the socket buffer, which is now full
    subscriber.deliver(batchOf(frame(2), frame(3), frame(4), frame(5)));
    subscriber.deliver(batchOf(frame(6), frame(7)));
    expect(dropped()).toBe(3);
    res.full = false;
    res.emit('drain');
    expect(idsIn(res)).toEqual([1, 5, 6, 7]);
    expect(res.written[1]).toMatch(/^event: dropped\ndata: \{"count":3,"resumeFrom":1\}\n\n/);
  });

  it('takes a batch bigger than its capacity through its bounded queue', () => {
    const { res, subscriber, dropped } = setUp('drop-oldest', 3);
    subscriber.goLive();
    res.full = true; // the first write fills the socket
    subscriber.deliver(batchOf(...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((id) => frame(id))));
    expect(idsIn(res)).toEqual([1, 2, 3]); // at most `capacity` frames in the one write
    expect(dropped()).toBe(4);
    res.full = false;
    res.emit('drain');
    expect(idsIn(res)).toEqual([1, 2, 3, 8, 9, 10]);
  });

  it('skips what it already has of a batch whose ids do not ascend', () => {
    const { res, subscriber } = setUp('drop-oldest', 10);
    subscriber.goLive();
    subscriber.deliver(batchOf(frame(1), frame(2)));
    subscriber.deliver(batchOf(frame(3), frame(2), frame(4)));
    expect(idsIn(res)).toEqual([1, 2, 3, 4]);
  });

  it('ends after a batch that carries its final frame, without what follows it', () => {
    const { res, subscriber, ended } = setUp();
    subscriber.goLive();
    subscriber.deliver(batchOf(frame(1), frame(2, true), frame(3)));
    expect(idsIn(res)).toEqual([1, 2]);
    expect(ended).toEqual(['completed']);
  });

  it('holds a batch back while replaying, and merges it at the seam', async () => {
    const { res, subscriber } = setUp('drop-oldest', 10);
    subscriber.deliver(batchOf(frame(3), frame(4)));
    await subscriber.writeReplayed(frame(3));
    expect(idsIn(res)).toEqual([3]);
    subscriber.goLive();
    subscriber.flush();
    expect(idsIn(res)).toEqual([3, 4]);
  });

  it('sends heartbeats only when live and idle', () => {
    const { res, subscriber } = setUp();
    subscriber.heartbeat();
    expect(res.written).toEqual([]);
    subscriber.goLive();
    subscriber.heartbeat();
    expect(res.written).toEqual([':\n\n']);
  });
});
