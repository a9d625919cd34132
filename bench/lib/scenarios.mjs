// Scenario sizes. `--quick` shrinks every one for development; the full sizes are the issue's.
// Every scenario runs against all three targets (raw node:http, plain NestJS @Sse(), Herald)
// with the same sizes, so each figure is over the same deliveries on every server.
// `repeat`: how many interleaved runs (baseline, nest, herald, baseline, ...) a full run takes
// the median of, for the figures that move most between runs minutes apart on a shared machine.
// Three, not five as with two targets: NestJS's runs are the long ones (fan-out ~12 s, moderate
// ~15 s), and its ratios are far from their bounds; five would not fit the 12-minute budget.
export const SCENARIOS = {
  fanout: {
    title: 'Fan-out max: dashboard subscribers, orders created as fast as the publisher can',
    // The figure is the server's CPU time per delivery. 400 events (400,000 deliveries): plain
    // NestJS, whose core is the limit here (~30 µs per delivery, ~35k deliveries/s), needs ~12 s
    // for them; with the 2,000 of before, a minute per run. Raw node is bound by the generator
    // (its core ~96 %, the server's ~60 %), Herald by both at ~90 %; CPU per delivery is the
    // server's own cost either way, over the same deliveries.
    full: { subscribers: 1000, events: 400, concurrency: 16, timeoutMs: 120_000 },
    quick: { subscribers: 200, events: 200, concurrency: 16, timeoutMs: 30_000 },
    env: {},
    repeat: 3,
  },
  moderate: {
    title: 'Moderate: dashboard subscribers, fixed publish rate (latency)',
    // 1,000 × 20 events/s = 20,000 deliveries/s: what plain NestJS @Sse() holds on one core
    // (~45 µs per delivery, ~90 % of its core; at the 50/s of before it fell behind by seconds).
    // A second of the same load first, not measured (its latencies are their own row): the
    // figures are the steady latency, not a fresh process's first events (generator.mjs).
    full: {
      subscribers: 1000,
      rate: 20,
      seconds: 10,
      warmupEvents: 20,
      concurrency: 64,
      timeoutMs: 60_000,
    },
    quick: {
      subscribers: 200,
      rate: 20,
      seconds: 3,
      warmupEvents: 10,
      concurrency: 64,
      timeoutMs: 30_000,
    },
    env: {},
    repeat: 3,
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
    // measureMs: everything after the first simulate must happen within it (generator.mjs).
    // Plain NestJS's filter per subscriber sees every event: ~1.2 ms of CPU per event with 5,000
    // streams on a quiet machine (~5 ms on a busy one), so it finishes in ~35 s, or is cut.
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
  cluster: {
    title: 'Cluster: one Herald direct, one behind nginx, two behind nginx (PostgreSQL + Redis)',
    // Not against the reference servers: three topologies of Herald (bench/lib/cluster-topology.mjs),
    // each on a fresh PostgreSQL schema, all server processes on the server's core. The same
    // subscribers see a warm-up, the moderate phase (latency, split same/cross-instance), then
    // the fan-out phase (CPU per delivery). Not in the default run (docs/performance.md).
    full: {
      subscribers: 1000,
      directProbes: 50,
      rate: 20,
      seconds: 10,
      warmupEvents: 20,
      concurrency: 64,
      events: 400,
      fanoutConcurrency: 16,
      timeoutMs: 60_000,
    },
    quick: {
      subscribers: 200,
      directProbes: 20,
      rate: 20,
      seconds: 3,
      warmupEvents: 10,
      concurrency: 64,
      events: 100,
      fanoutConcurrency: 16,
      timeoutMs: 30_000,
    },
    env: {},
    repeat: 3,
  },
};

/** The default run. `cluster` runs only when asked for (--scenario=cluster): see its entry. */
export const SCENARIO_ORDER = ['fanout', 'moderate', 'idle', 'capacity', 'churn', 'topics'];
