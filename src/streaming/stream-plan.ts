import type { ReplaySource } from './stream-event';

export type ResyncReason = 'malformed-id' | 'unknown-id' | 'expired-id';

/** Where a stream starts: replay after `afterId` (undefined: live from now), resync first? */
export interface StreamPlan {
  afterId?: number;
  resync?: ResyncReason;
}

/** A valid id is a non-negative integer; anything else is `'malformed'`. */
export function parseEventId(raw: string | undefined): number | 'malformed' | undefined {
  if (raw === undefined) return undefined;
  return /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : 'malformed';
}

/**
 * A final stream answers 204 to a client at or past its end (`endedAt`), or to everyone when
 * its events are gone (`endedAt` 0).
 */
export function hasEnded(
  endedAt: number | undefined,
  resumeFrom: number | 'malformed' | undefined,
): boolean {
  if (endedAt === undefined) return false;
  return endedAt === 0 || (typeof resumeFrom === 'number' && resumeFrom >= endedAt);
}

/** Where replay starts, and whether the client must be told to resync first. */
export async function planStream(
  source: ReplaySource,
  startAt: 'beginning' | 'live',
  resumeFrom: number | 'malformed' | undefined,
): Promise<StreamPlan> {
  const fromStart = startAt === 'beginning' ? 0 : undefined;
  if (resumeFrom === undefined) return { afterId: fromStart };
  if (resumeFrom === 'malformed') return { afterId: fromStart, resync: 'malformed-id' };
  const { oldest, newest } = await source.bounds();
  if (resumeFrom > newest) return { afterId: fromStart, resync: 'unknown-id' };
  if (oldest !== undefined && resumeFrom < oldest - 1)
    return { afterId: fromStart, resync: 'expired-id' };
  return { afterId: resumeFrom };
}
