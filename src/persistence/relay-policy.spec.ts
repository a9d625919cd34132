import type { EventLogRepository, LoggedEvent } from './event-log.repository';
import { followingTheLog, publishingEverything, publishingSideEffects } from './relay-policy';

/** An event log that holds events up to `last`, with `firstUnpublished` the oldest not marked. */
function logOf(last: number, firstUnpublished?: number) {
  const calls: unknown[][] = [];
  const log = {
    lastSequence: async () => last,
    firstUnpublishedSequence: async () => firstUnpublished,
    readUnpublished: async (...args: unknown[]) => (calls.push(['unpublished', ...args]), []),
    readAfter: async (...args: unknown[]) => (calls.push(['after', ...args]), []),
    markPublished: async (...args: unknown[]) => void calls.push(['mark', ...args]),
  } as unknown as EventLogRepository;
  return { log, calls };
}

const logged = (sequence: number) => ({ event: { sequence } }) as unknown as LoggedEvent;

describe('publishingEverything', () => {
  it('starts before the first unpublished event, or after the last one when all are published', async () => {
    expect(await publishingEverything(logOf(10, 4).log).startCursor()).toBe(3);
    expect(await publishingEverything(logOf(10).log).startCursor()).toBe(10);
    // An event committed between the two reads: never skipped.
    expect(await publishingEverything(logOf(10, 12).log).startCursor()).toBe(10);
  });

  it('reads the unpublished events and marks a batch published by its sequences', async () => {
    const { log, calls } = logOf(10);
    const policy = publishingEverything(log);
    await policy.read(3, 50);
    await policy.settle([logged(4), logged(5)]);
    expect(calls[0]).toEqual(['unpublished', 3, 50]);
    expect(calls[1].slice(0, 2)).toEqual(['mark', [4, 5]]);
    expect(new Date(calls[1][2] as string).toISOString()).toBe(calls[1][2]);
  });

  it('emits each event for every instance first, then for side effects', () => {
    const policy = publishingEverything(logOf(0).log);
    expect(policy.namesOf('order.created')).toEqual([
      'order.created@every-instance',
      'order.created',
    ]);
    expect(policy.namesOf('order.created')).toBe(policy.namesOf('order.created')); // built once
  });
});

describe('publishingSideEffects', () => {
  it('emits each event for side effects only, and marks it', async () => {
    const { log, calls } = logOf(10, 6);
    const policy = publishingSideEffects(log);
    expect(policy.namesOf('order.created')).toEqual(['order.created']);
    expect(await policy.startCursor()).toBe(5);
    await policy.settle([logged(6)]);
    expect(calls[0].slice(0, 2)).toEqual(['mark', [6]]);
  });
});

describe('followingTheLog', () => {
  it('follows the whole log from its end at start-up, for every instance, and never marks', async () => {
    const { log, calls } = logOf(10, 4);
    const policy = followingTheLog(log);
    expect(await policy.startCursor()).toBe(10);
    await policy.read(10, 20);
    await policy.settle([logged(11)]);
    expect(calls).toEqual([['after', 10, 20]]);
    expect(policy.namesOf('order.created')).toEqual(['order.created@every-instance']);
  });
});
