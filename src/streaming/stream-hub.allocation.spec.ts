import type { MessageEvent } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { getHeapSpaceStatistics } from 'node:v8';
import { Observable } from 'rxjs';
import { StreamHub } from './stream-hub.service';
import type { StreamLimits } from './stream-limits.service';
import { SubscriberBuffer } from './subscriber-buffer';

/**
 * An allocation budget, not a timing: what the hub and its subscribers' buffers allocate per
 * subscriber per event on the way to each subscriber's Observable, read off V8's heap spaces
 * around one publish. NestJS's own write path allocates per message on top of this (a promise,
 * a queue node, the formatted lines), for Herald and the bench's plain NestJS service alike;
 * this measures only Herald's part. Per-subscriber garbage here is what V8 can decide to
 * pretenure, then collect in stop-the-world major GCs (docs/performance.md, Finding 13).
 */
const SUBSCRIBERS = 1000;
/** Bytes per subscriber per event at most: Herald's part is the event's own, shared. */
const BUDGET_BYTES = 16;

/** Every space, old ones too: a pretenured allocation goes to old space, not the young one. */
const heapBytes = () =>
  getHeapSpaceStatistics().reduce((total, space) => total + space.space_used_size, 0);

describe(`${StreamHub.name} allocation`, () => {
  it('allocates no per-subscriber garbage to publish an event into every buffer', () => {
    const hub = new StreamHub({} as StreamLimits);
    const response = {
      writableNeedDrain: false,
      writableLength: 0,
      cork() {},
      uncork() {},
    } as unknown as ServerResponse;
    let received = 0;
    for (let i = 0; i < SUBSCRIBERS; i++) {
      new Observable<MessageEvent>((subscriber) => {
        const options = { capacity: 64, overflow: 'drop-oldest' as const, endsOnFinal: false };
        const buffer = new SubscriberBuffer(subscriber, response, options, hub);
        hub.join('orders', buffer);
        buffer.goLive();
      }).subscribe(() => received++);
    }
    let id = 0;
    const publish = () =>
      hub.publish(['orders', `order:${id}`], { id: ++id, event: 'order.created', data: { id } });
    // One event per turn would need the turn's credit to renew: 64 per subscriber per turn is
    // plenty here, so each round publishes fewer than that.
    const round = async () => {
      for (let i = 0; i < 50; i++) publish();
      await new Promise((resolve) => setImmediate(resolve));
    };
    return (async () => {
      for (let i = 0; i < 40; i++) await round(); // let V8 optimize the path
      // The least of many events: V8 compiles on a background thread, and while the suite
      // shares the machine the optimized code may come late.
      let least = Infinity;
      for (let i = 0; i < 2000 && least >= BUDGET_BYTES * SUBSCRIBERS; i++) {
        if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve)); // a new turn
        const before = heapBytes();
        publish();
        const allocated = heapBytes() - before;
        if (allocated >= 0) least = Math.min(least, allocated); // < 0: a scavenge ran in between
      }
      expect(least / SUBSCRIBERS).toBeLessThan(BUDGET_BYTES);
      const before = received;
      publish();
      expect(received - before).toBe(SUBSCRIBERS); // and every subscriber got it
    })();
  });
});
