import type { ClusterStreamSlots } from '../cluster';
import type { AppConfig } from '../common';
import { StreamLimits } from './stream-limits.service';
import { StreamEndedError } from './streaming.errors';

/** Cluster slots: off, or on with `grant` deciding each claim; records releases. */
function slots(grant?: () => boolean) {
  const released: string[] = [];
  const claimed: [string, number][] = [];
  const clusterSlots = {
    enabled: grant !== undefined,
    claim: async (userId: string, limit: number) => {
      claimed.push([userId, limit]);
      return grant?.() ? () => released.push(userId) : undefined;
    },
  } as unknown as ClusterStreamSlots;
  return { clusterSlots, released, claimed };
}

function setUp(sse = { maxStreams: 3, maxStreamsPerUser: 2 }, grant?: () => boolean) {
  const cluster = slots(grant);
  const limits = new StreamLimits({ sse } as unknown as AppConfig, cluster.clusterSlots);
  return { limits, ...cluster };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'admitted',
    (error: { code: string; status: number; headers: Record<string, string> }) => error,
  );

describe(StreamLimits.name, () => {
  it('admits up to the per-user limit, then refuses with 429', async () => {
    const { limits } = setUp();
    const signal = new AbortController().signal;
    await limits.admit('u', signal);
    await limits.admit('u', signal);
    expect(await codeOf(limits.admit('u', signal))).toMatchObject({
      code: 'STREAM.TOO_MANY_FOR_USER',
      status: 429,
      headers: { 'Retry-After': '5' },
    });
    expect([limits.open, limits.users]).toEqual([2, 1]);
  });

  it('admits up to the server limit, then refuses with 503', async () => {
    const { limits } = setUp();
    const signal = new AbortController().signal;
    for (const user of ['a', 'b', 'c']) await limits.admit(user, signal);
    expect(await codeOf(limits.admit('d', signal))).toMatchObject({
      code: 'STREAM.SERVER_AT_CAPACITY',
      status: 503,
    });
    expect([limits.open, limits.users]).toEqual([3, 3]);
  });

  it('frees a slot once, when the stream aborts or is released', async () => {
    const { limits } = setUp();
    const first = new AbortController();
    const release = await limits.admit('u', first.signal);
    const second = await limits.admit('u', new AbortController().signal);
    first.abort();
    release();
    expect([limits.open, limits.users]).toEqual([1, 1]);
    second();
    expect([limits.open, limits.users]).toEqual([0, 0]);
    await limits.admit('u', new AbortController().signal);
    await limits.admit('u', new AbortController().signal);
    expect(limits.open).toBe(2);
  });

  it('refuses every stream once shutting down', async () => {
    const { limits } = setUp();
    limits.beforeApplicationShutdown();
    expect(await codeOf(limits.admit('u', new AbortController().signal))).toMatchObject({
      code: 'STREAM.SHUTTING_DOWN',
      status: 503,
      headers: { 'Retry-After': '1' },
    });
    expect(limits.open).toBe(0);
  });

  it('in a cluster, claims the user slot there too and frees both', async () => {
    const { limits, claimed, released } = setUp(undefined, () => true);
    const stream = new AbortController();
    await limits.admit('u', stream.signal);
    expect(claimed).toEqual([['u', 2]]);
    stream.abort();
    expect(released).toEqual(['u']);
    expect(limits.open).toBe(0);
    const release = await limits.admit('u', new AbortController().signal);
    release();
    expect(released).toEqual(['u', 'u']);
    expect(limits.open).toBe(0);
  });

  it('in a cluster, refuses when the cluster has no slot and frees the local one', async () => {
    const { limits } = setUp(undefined, () => false);
    expect(await codeOf(limits.admit('u', new AbortController().signal))).toMatchObject({
      code: 'STREAM.TOO_MANY_FOR_USER',
    });
    expect([limits.open, limits.users]).toEqual([0, 0]);
  });

  it('in a cluster, frees the claimed slot when the client left while the cluster answered', async () => {
    const { limits, released } = setUp(undefined, () => true);
    const stream = new AbortController();
    const admitting = limits.admit('u', stream.signal);
    stream.abort();
    await admitting;
    expect(released).toEqual(['u']);
    expect(limits.open).toBe(0);
  });
});

describe(StreamEndedError.name, () => {
  it('is a 204 that says the stream is over', () => {
    expect(new StreamEndedError()).toMatchObject({ code: 'STREAM.ENDED', status: 204 });
  });
});
