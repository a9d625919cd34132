import type { ReplaySource } from './stream-event';
import { hasEnded, parseEventId, planStream } from './stream-plan';

/** A log that holds events `oldest`..`newest` (no `oldest`: nothing pruned yet). */
const logOf = (newest: number, oldest?: number) =>
  ({ bounds: async () => ({ oldest, newest }) }) as unknown as ReplaySource;

describe('parseEventId', () => {
  it('reads a non-negative integer, ignoring the spaces around it', () => {
    expect(parseEventId('0')).toBe(0);
    expect(parseEventId(' 42 ')).toBe(42);
    expect(parseEventId('999999999999999')).toBe(999999999999999);
  });

  it('calls anything else malformed', () => {
    for (const raw of ['', ' ', '-1', '1.5', 'abc', '1a', 'a1', '1 2', '1000000000000000']) {
      expect(parseEventId(raw)).toBe('malformed');
    }
  });

  it('gives undefined when the client sent no id', () => {
    expect(parseEventId(undefined)).toBeUndefined();
  });
});

describe('hasEnded', () => {
  it('is false for a stream that is not final', () => {
    expect(hasEnded(undefined, 99)).toBe(false);
  });

  it('is true for everyone once the events are gone', () => {
    expect(hasEnded(0, undefined)).toBe(true);
    expect(hasEnded(0, 'malformed')).toBe(true);
  });

  it('is true for a client at or past the end, false before it', () => {
    expect(hasEnded(5, 5)).toBe(true);
    expect(hasEnded(5, 6)).toBe(true);
    expect(hasEnded(5, 4)).toBe(false);
    expect(hasEnded(5, undefined)).toBe(false);
    expect(hasEnded(5, 'malformed')).toBe(false);
  });
});

describe('planStream', () => {
  it('starts from the beginning or live when the client has no id', async () => {
    expect(await planStream(logOf(10), 'beginning', undefined)).toEqual({ afterId: 0 });
    expect(await planStream(logOf(10), 'live', undefined)).toEqual({ afterId: undefined });
  });

  it('starts over with a resync for a malformed id', async () => {
    expect(await planStream(logOf(10), 'beginning', 'malformed')).toEqual({
      afterId: 0,
      resync: 'malformed-id',
    });
    expect(await planStream(logOf(10), 'live', 'malformed')).toEqual({
      afterId: undefined,
      resync: 'malformed-id',
    });
  });

  it('starts over with a resync for an id past the newest event', async () => {
    expect(await planStream(logOf(10), 'beginning', 11)).toEqual({
      afterId: 0,
      resync: 'unknown-id',
    });
  });

  it('resumes after the newest event itself', async () => {
    expect(await planStream(logOf(10), 'live', 10)).toEqual({ afterId: 10 });
  });

  it('starts over with a resync when events after the id were pruned', async () => {
    expect(await planStream(logOf(10, 5), 'live', 3)).toEqual({
      afterId: undefined,
      resync: 'expired-id',
    });
  });

  it('resumes right before the oldest event kept', async () => {
    expect(await planStream(logOf(10, 5), 'beginning', 4)).toEqual({ afterId: 4 });
    expect(await planStream(logOf(10, 5), 'beginning', 5)).toEqual({ afterId: 5 });
  });

  it('resumes from 0 when nothing was pruned', async () => {
    expect(await planStream(logOf(10), 'live', 0)).toEqual({ afterId: 0 });
  });
});
