// Scenario sizes. `--quick` shrinks every one for development; the full sizes are the issue's.
// `repeat`: how many interleaved runs (baseline, herald, baseline, ...) a full run takes the
// median of, for the figures that move most between runs minutes apart on a shared machine
// (five: with three, a single noisy pair of runs often decided a verdict on its own).
export const SCENARIOS = {
  fanout: {
    title: 'Fan-out max: dashboard subscribers, orders created as fast as the publisher can',
    full: { subscribers: 1000, events: 2000, concurrency: 16, timeoutMs: 120_000 },
    quick: { subscribers: 200, events: 200, concurrency: 16, timeoutMs: 30_000 },
    env: {},
    repeat: 5,
  },
  moderate: {
    title: 'Moderate: dashboard subscribers, fixed publish rate (latency)',
    // A second of the same load first, not measured (its latencies are their own row): the
    // figures are the steady latency, not a fresh process's first events (generator.mjs).
    full: {
      subscribers: 1000,
      rate: 50,
      seconds: 10,
      warmupEvents: 50,
      concurrency: 64,
      timeoutMs: 60_000,
    },
    quick: {
      subscribers: 200,
      rate: 50,
      seconds: 3,
      warmupEvents: 25,
      concurrency: 64,
      timeoutMs: 30_000,
    },
    env: {},
    repeat: 5,
  },
  idle: {
    title: 'Idle: streams held open with heartbeats on (memory per stream)',
    full: { streams: 10_000, holdMs: 10_000, timeoutMs: 90_000 },
    quick: { streams: 1000, holdMs: 3000, timeoutMs: 30_000 },
    env: { SSE_HEARTBEAT_MS: '2000' },
  },
  capacity: {
    title: 'Capacity: 15,000 concurrent streams held with heartbeats on one process',
    full: { streams: 15_000, holdMs: 10_000, timeoutMs: 120_000 },
    quick: { streams: 2000, holdMs: 3000, timeoutMs: 30_000 },
    env: { SSE_HEARTBEAT_MS: '2000' },
  },
  churn: {
    title: 'Churn: connect/disconnect cycles, then RSS and open streams back to where they were',
    full: { warmup: 500, cycles: 5000, concurrency: 50, timeoutMs: 90_000 },
    quick: { warmup: 300, cycles: 1500, concurrency: 50, timeoutMs: 30_000 },
    env: {},
    // The leak check reads the live heap after a full GC (bench/lib/heap-probe.mjs).
    heapProbe: true,
  },
  topics: {
    title: 'Many topics: one subscriber per order stream, every order simulated to Delivered',
    full: {
      orders: 5000,
      stepMs: 1000,
      concurrency: 16,
      createTimeoutMs: 45_000,
      measureMs: 45_000,
      timeoutMs: 150_000,
    },
    quick: {
      orders: 300,
      stepMs: 300,
      concurrency: 16,
      createTimeoutMs: 10_000,
      measureMs: 10_000,
      timeoutMs: 30_000,
    },
    env: {},
  },
};

export const SCENARIO_ORDER = ['fanout', 'moderate', 'idle', 'capacity', 'churn', 'topics'];
