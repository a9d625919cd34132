import type { MessageEvent } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { Observable } from 'rxjs';
import { StreamMessage } from './stream-message';
import { OverflowPolicy, SubscriberBuffer } from './subscriber-buffer';
import { TurnClock } from './turn-clock';

/** A response that takes messages until `full` is set, as NestJS's pipe would find it. */
class FakeResponse extends EventEmitter {
  writableNeedDrain = false;
  writableLength = 0;
  destroyed = false;
  corks = 0;
  destroy() {
    this.destroyed = true;
  }
  cork() {
    this.corks++;
  }
  uncork() {
    this.corks--;
  }
  drain() {
    this.writableNeedDrain = false;
    this.emit('drain');
  }
}

const message = (sequence: number, final = false) =>
  new StreamMessage(sequence, 'e', { sequence }, final);
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const twoTurns = async () => (await nextTurn(), await nextTurn());

function setUp(overflow: OverflowPolicy = 'drop-oldest', capacity = 3) {
  const res = new FakeResponse();
  const received: MessageEvent[] = [];
  let completed = false;
  let dropped = 0;
  let buffer!: SubscriberBuffer;
  new Observable<MessageEvent>((subscriber) => {
    const hooks = {
      clock: new TurnClock(),
      onDropped: (n: number) => (dropped += n),
      uncorkSoon: (corked: SubscriberBuffer) => setImmediate(() => corked.uncork()),
    };
    const options = { capacity, overflow, endsOnFinal: true };
    buffer = new SubscriberBuffer(subscriber, res as unknown as ServerResponse, options, hooks);
  }).subscribe({ next: (m) => received.push(m), complete: () => (completed = true) });
  const ids = () => received.filter((m) => m.type === 'e').map((m) => Number(m.id));
  return { res, buffer, received, ids, completed: () => completed, dropped: () => dropped };
}

describe(SubscriberBuffer.name, () => {
  it('emits live events at once while the response takes them, each id once', () => {
    const { buffer, ids } = setUp();
    buffer.goLive();
    [1, 2, 2, 1, 3].forEach((sequence) => buffer.push(message(sequence)));
    expect(ids()).toEqual([1, 2, 3]);
  });

  it('holds at most `capacity` events for a full response, drops the oldest, and tells where to resume', async () => {
    const { res, buffer, received, ids, dropped } = setUp();
    buffer.goLive();
    buffer.push(message(1));
    res.writableNeedDrain = true;
    for (let sequence = 2; sequence <= 7; sequence++) buffer.push(message(sequence));
    expect(ids()).toEqual([1]);
    expect(dropped()).toBe(3);
    expect(buffer.pendingBytes).toBe(3 * message(5).length);

    res.drain();
    await twoTurns(); // the notice and two events, then (the turn's credit spent) the last
    const notice = received.find((m) => m.type === 'dropped')!;
    expect(JSON.parse(notice.data as string)).toEqual({ count: 3, resumeFrom: 1 });
    expect(notice.id).toBe('1'); // the client's position before the gap: a reconnect replays it
    expect(ids()).toEqual([1, 5, 6, 7]);
  });

  it('disconnects a slow client under the disconnect policy', () => {
    const { res, buffer } = setUp('disconnect');
    buffer.goLive();
    res.writableNeedDrain = true;
    for (let sequence = 1; sequence <= 4; sequence++) buffer.push(message(sequence));
    expect(res.destroyed).toBe(true);
    expect(buffer.isClosed).toBe(true);
  });

  it('emits at most `capacity` events in one turn and the rest in the next', async () => {
    const { buffer, ids, dropped } = setUp('drop-oldest', 3);
    buffer.goLive();
    for (let sequence = 1; sequence <= 5; sequence++) buffer.push(message(sequence));
    expect(ids()).toEqual([1, 2, 3]);
    await twoTurns();
    expect(ids()).toEqual([1, 2, 3, 4, 5]);
    expect(dropped()).toBe(0);
  });

  it('keeps a burst bigger than its capacity for a response that takes more: a burst, not a slow client', async () => {
    const { buffer, ids, dropped } = setUp('drop-oldest', 3);
    buffer.goLive();
    for (let sequence = 1; sequence <= 10; sequence++) buffer.push(message(sequence));
    for (let turn = 0; turn < 8; turn++) await nextTurn();
    expect(ids()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(dropped()).toBe(0);
  });

  it('holds live events while replaying and merges them at the seam without duplicates', async () => {
    const { buffer, ids } = setUp('drop-oldest', 10);
    buffer.push(message(2));
    buffer.push(message(3));
    await buffer.replay([1, 2].map((id) => ({ id, event: 'e', data: {} })));
    buffer.goLive();
    expect(ids()).toEqual([1, 2, 3]);
  });

  it('waits for room during replay instead of dropping', async () => {
    const { res, buffer, ids } = setUp('drop-oldest', 2);
    res.writableNeedDrain = true;
    const replayed = buffer.replay([1, 2, 3].map((id) => ({ id, event: 'e', data: {} })));
    await nextTurn();
    expect(ids()).toEqual([]);
    res.drain();
    await replayed;
    expect(ids()).toEqual([1, 2, 3]);
  });

  it('asks replay to read again when more live events came than it could hold', () => {
    const { buffer } = setUp('drop-oldest', 2);
    [1, 2, 3].forEach((sequence) => buffer.push(message(sequence)));
    expect(buffer.takeHeldOverflow()).toBe(true);
    expect(buffer.takeHeldOverflow()).toBe(false);
  });

  it('ends the stream after its final event, and takes nothing after it', () => {
    const { buffer, ids, completed } = setUp();
    buffer.goLive();
    buffer.push(message(1, true));
    buffer.push(message(2));
    expect(ids()).toEqual([1]);
    expect(completed()).toBe(true);
  });

  it('sends comment-only heartbeats, and only when live and idle', () => {
    const { res, buffer, received } = setUp();
    buffer.heartbeat(); // replaying
    buffer.goLive();
    buffer.heartbeat();
    res.writableNeedDrain = true;
    buffer.heartbeat();
    expect(received).toEqual([{ comment: '' }]);
  });

  it('corks the response once for the rest of a turn that brings it a burst, not for a lone event', async () => {
    const { res, buffer } = setUp();
    buffer.goLive();
    buffer.push(message(1));
    expect(res.corks).toBe(0);
    buffer.push(message(2));
    buffer.push(message(3));
    expect(res.corks).toBe(1);
    await nextTurn();
    expect(res.corks).toBe(0);
  });

  it('lets go of its drain listener when released', () => {
    const { res, buffer } = setUp();
    buffer.goLive();
    res.writableNeedDrain = true;
    buffer.push(message(1));
    expect(res.listenerCount('drain')).toBe(1);
    buffer.release();
    expect(res.listenerCount('drain')).toBe(0);
  });
});
