import { defer, EMPTY, expand, ignoreElements, Observable } from 'rxjs';
import type { ReplaySource } from './stream-event';
import type { SubscriberBuffer } from './subscriber-buffer';

const REPLAY_PAGE = 500;

/**
 * Replays every stored event after `afterId` into the buffer, one page of the log at a time,
 * each page read only once the one before it went out; completes once caught up. The buffer
 * was joined to its topic first and holds what is published meanwhile: when more came than it
 * could hold, the log is read again, so nothing is missed at the seam.
 */
export function replayInto(
  buffer: SubscriberBuffer,
  source: ReplaySource,
  afterId: number,
): Observable<never> {
  const page = (after: number): Observable<number | undefined> =>
    defer(async () => {
      const events = await source.readAfter(after, REPLAY_PAGE);
      await buffer.replay(events);
      if (buffer.isOver) return undefined;
      const more = events.length === REPLAY_PAGE || buffer.takeHeldOverflow();
      return more ? (events.at(-1)?.id ?? after) : undefined;
    });
  return page(afterId).pipe(
    expand((next) => (next === undefined ? EMPTY : page(next))),
    ignoreElements(),
  );
}
