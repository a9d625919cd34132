// The load generator: one child process per (server, scenario), started by bench/run.mjs pinned
// to its own CPU. It receives { scenario, params, host, port, pid, headers } over IPC (the
// cluster scenario: also tls, heraldPids, nginxPids), drives the server, and answers { type: 'result', result }. Subscribers live on this process's main thread
// (raw sockets, cheap parser); the publisher runs in a worker thread.
import { cluster } from './cluster-scenario.mjs';
import { Publisher, sentAtById } from './publisher.mjs';
import { closeAll, openSubscribers } from './subscribers.mjs';
import {
  RssSampler,
  cpuMicrosPer,
  cpuPercent,
  httpGet,
  now,
  openStreamsMetric,
  rssBytes,
  snapshot,
  socketFds,
  sseMetrics,
} from './proc.mjs';
import { summarize } from './stats.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `lastAt()` is `quietMs` in the past (checked every 100 ms), or after `maxMs`. */
async function quiet(lastAt, quietMs, maxMs) {
  const start = now();
  while (now() - start < maxMs) {
    await sleep(100);
    if (now() - Math.max(start, lastAt()) > quietMs) return;
  }
}
const round = (x, d = 2) =>
  x === null || x === undefined || Number.isNaN(x) ? null : Math.round(x * 10 ** d) / 10 ** d;
const MiB = 1024 * 1024;

/** Extracts the string value of "key":"..." from a JSON text without parsing it. */
function jsonString(text, key) {
  const i = text.indexOf(key);
  if (i === -1) return null;
  const start = i + key.length;
  const end = text.indexOf('"', start);
  return end === -1 ? null : text.slice(start, end);
}
function jsonNumber(text, key) {
  const i = text.indexOf(key);
  return i === -1 ? NaN : parseInt(text.slice(i + key.length, i + key.length + 12), 10);
}
const ORDER_ID = '"orderId":"';

function publishSummary(pub, okCount) {
  const n = pub.sent.length;
  let first = Infinity;
  let lastAck = 0;
  const rtt = [];
  for (let i = 0; i < n; i++) {
    if (pub.sent[i] === 0) continue;
    first = Math.min(first, pub.sent[i]);
    if (pub.acked[i] > 0) {
      lastAck = Math.max(lastAck, pub.acked[i]);
      rtt.push(pub.acked[i] - pub.sent[i]);
    }
  }
  return {
    first,
    lastAck,
    figures: {
      requests: n,
      ok: okCount,
      errors: pub.errors,
      statuses: pub.statuses,
      firstError: pub.firstError,
      latePublishes: pub.late ?? 0,
      publishPerSec: round(okCount / ((lastAck - first) / 1000), 1),
      requestMs: summarize(Float64Array.from(rtt)),
    },
  };
}

/** Which deliveries are missing: per order and per subscriber, to tell a lost event from a lost subscriber. */
function missingReport(seen, subs, orderIds, publishedIds, events, closedEarly) {
  const ready = subs.filter((x) => x.ready);
  const published = publishedIds.filter(Boolean);
  const idxOf = new Map(orderIds.map((id, i) => [id, i]));
  const perOrder = [];
  for (let n = 0; n < published.length; n++) {
    const idx = idxOf.get(published[n]);
    let missing = 0;
    for (const sub of ready)
      if (idx === undefined || seen[sub.index * events + idx] !== 1) missing++;
    if (missing > 0) perOrder.push(`#${n}:${missing}`);
  }
  const perSub = [];
  for (const sub of ready) {
    let got = 0;
    for (let i = 0; i < events; i++) got += seen[sub.index * events + i];
    if (got < published.length) perSub.push(got);
  }
  return (
    `missing: ${perOrder.length} of ${published.length} orders short (publish order #n:subscribers missing it: ${perOrder.slice(0, 12).join(' ')}${perOrder.length > 12 ? ' …' : ''}); ` +
    `${perSub.length} of ${ready.length} subscribers short (received: ${perSub.slice(0, 12).join(' ')}${perSub.length > 12 ? ' …' : ''}); ` +
    `${closedEarly.length} streams closed/ended by the server (${closedEarly
      .slice(0, 5)
      .map((x) => `${x.ended ? 'ended' : 'closed'} ${x.error ?? ''} after ${x.frames} frames`)
      .join(', ')})`
  );
}

/**
 * A full collection (the runner starts the generator with `--expose-gc`) right before the
 * measured events, so that no major GC of what connecting and warming up left behind pauses
 * the generator's reading inside the window: one such pause (26 ms of incremental marking)
 * made three of a baseline run's events the slowest of the run.
 */
function collectGarbage() {
  if (typeof globalThis.gc !== 'function') throw new Error('the generator needs --expose-gc');
  globalThis.gc();
}

/** Scenarios 1 and 2: dashboard subscribers, `events` orders created at `rate` (0 = max). */
async function dashboard(ctx, p) {
  const nSubs = p.subscribers;
  const events = p.events ?? p.rate * p.seconds;
  const notes = [];
  const orderIndex = new Map();
  const orderIds = [];
  let seen = null;
  let recIdx = null;
  let recTime = null;
  let nRec = 0;
  let delivered = 0;
  let duplicates = 0;
  let unexpected = 0;
  let outOfOrder = 0;
  let lastDeliveryAt = 0;
  let expected = Infinity;
  let endSnap = null;
  let resolveAll;
  const allDelivered = new Promise((r) => (resolveAll = r));
  let genCpu = null;
  const complete = () => {
    if (endSnap === null && delivered >= expected) {
      endSnap = snapshot(ctx.pid);
      genCpu = process.cpuUsage();
      resolveAll();
    }
  };
  // Frames of the warm-up events, while they arrive: order id and receive time of each.
  let warming = null;
  const onFrame = (sub, f) => {
    if (f.data === null || seen === null) return;
    const oid = jsonString(f.data, ORDER_ID);
    if (warming !== null) {
      if (oid !== null) warming.frames.push(oid, sub.now);
      return;
    }
    if (oid === null) {
      unexpected++;
      return;
    }
    let idx = orderIndex.get(oid);
    if (idx === undefined) {
      if (orderIds.length >= events) {
        unexpected++;
        return;
      }
      idx = orderIds.length;
      orderIds.push(oid);
      orderIndex.set(oid, idx);
    }
    const k = sub.index * events + idx;
    if (seen[k] === 1) {
      duplicates++;
      return;
    }
    seen[k] = 1;
    const id = Number(f.id);
    if (id <= sub.lastId) outOfOrder++;
    sub.lastId = id;
    recIdx[nRec] = idx;
    recTime[nRec] = sub.now;
    nRec++;
    delivered++;
    lastDeliveryAt = sub.now;
    if (delivered >= expected) complete();
  };

  const sampler = new RssSampler(ctx.pid);
  const rssStart = rssBytes(ctx.pid);
  const tConnect = now();
  const conn = await openSubscribers({
    host: ctx.host,
    port: ctx.port,
    headers: ctx.headers,
    paths: new Array(nSubs).fill('/orders/stream'),
    concurrency: 200,
    timeoutMs: 60_000,
    onFrame,
  });
  const connectMs = now() - tConnect;
  if (conn.ready < nSubs)
    notes.push(`${nSubs - conn.ready} subscribers failed: ${conn.failed[0]?.error ?? 'timeout'}`);
  seen = new Uint8Array(nSubs * events);
  recIdx = new Int32Array(conn.ready * events);
  recTime = new Float64Array(conn.ready * events);
  await sleep(500); // let every subscription settle in the hub
  const streamsMetric = await openStreamsMetric(ctx.host, ctx.port, ctx.headers);
  const rssConnected = rssBytes(ctx.pid);

  const publisher = new Publisher(ctx);
  let pub;
  let warmupLatency = null;
  try {
    if (p.warmupEvents > 0) {
      warming = { frames: [] };
      warmupLatency = await warmUp(publisher, p, conn.ready, warming);
      warming = null;
    }
  } catch (error) {
    await publisher.terminate();
    throw error;
  }
  collectGarbage();
  const s0 = snapshot(ctx.pid);
  const g0 = process.cpuUsage();
  try {
    pub = await publisher.call({
      cmd: 'create',
      count: events,
      rate: p.rate ?? 0,
      concurrency: p.concurrency,
      prefix: 'bench',
      timeoutMs: p.timeoutMs,
    });
  } finally {
    await publisher.terminate();
  }
  const okIds = pub.ids.filter(Boolean);
  expected = conn.ready * okIds.length;
  complete();
  // Wait for the rest: at most 30 s, and no longer than 3 s without any delivery.
  const drainMs = 30_000;
  await Promise.race([allDelivered, quiet(() => lastDeliveryAt, 3000, drainMs)]);
  if (endSnap === null) {
    // Figures over the time deliveries were flowing, not over the wait that followed.
    endSnap = { ...sampler.cpuAt(lastDeliveryAt || now()), rss: rssBytes(ctx.pid) };
    genCpu = process.cpuUsage();
    notes.push(
      `not every delivery arrived (waited until 3 s without one, at most ${drainMs / 1000} s)`,
    );
  }
  const metrics = await sseMetrics(ctx.host, ctx.port, ctx.headers);
  const rssPeak = sampler.stop();
  const closedEarly = conn.subs.filter((x) => x.ready && (x.closed || x.ended));
  closeAll(conn.subs);
  if (delivered < expected)
    notes.push(missingReport(seen, conn.subs, orderIds, pub.ids, events, closedEarly));

  const sentById = sentAtById(pub);
  const lat = new Float64Array(nRec);
  let nLat = 0;
  for (let k = 0; k < nRec; k++) {
    const t0 = sentById.get(orderIds[recIdx[k]]);
    if (t0 !== undefined) lat[nLat++] = recTime[k] - t0;
  }
  const ps = publishSummary(pub, okIds.length);
  const windowS = (lastDeliveryAt - ps.first) / 1000;
  return {
    ok: delivered === expected && duplicates === 0 && conn.ready === nSubs,
    notes,
    figures: {
      subscribers: conn.ready,
      connectSeconds: round(connectMs / 1000),
      openStreamsMetric: streamsMetric,
      events: okIds.length,
      expected,
      delivered,
      deliveryRatio: expected > 0 ? round(delivered / expected, 4) : null,
      duplicates,
      outOfOrder,
      unexpectedFrames: unexpected,
      deliveriesPerSec: round(delivered / windowS, 0),
      windowSeconds: round(windowS, 3),
      latencyMs: summarize(lat.subarray(0, nLat)),
      warmupLatencyMs: warmupLatency,
      serverCpuPercent: round(cpuPercent(s0, endSnap), 1),
      serverCpuUsPerDelivery: round(cpuMicrosPer(s0, endSnap, delivered), 3),
      generatorCpuPercent: round(
        ((genCpu.user + genCpu.system - g0.user - g0.system) / 1000 / (endSnap.t - s0.t)) * 100,
        1,
      ),
      rssStartMiB: round(rssStart / MiB, 1),
      rssConnectedMiB: round(rssConnected / MiB, 1),
      rssPeakMiB: round(rssPeak / MiB, 1),
      rssEndMiB: round(endSnap.rss / MiB, 1),
      publish: ps.figures,
      serverMetrics: metrics,
    },
  };
}

/**
 * Publishes `p.warmupEvents` at the scenario's rate before the measured events, waits for their
 * deliveries (at most 10 s, or 3 s without one), and returns their latencies. A server's first
 * events run code that has never run (V8 compiles it, statements are prepared): on Herald the
 * first ~10 events of a fresh process wait up to ~150–230 ms, which is its start-up, not the
 * steady latency a fixed-rate scenario is about, and with 500 events decides the p99 alone.
 */
async function warmUp(publisher, p, subscribers, warming) {
  const warm = await publisher.call({
    cmd: 'create',
    count: p.warmupEvents,
    rate: p.rate ?? 0,
    concurrency: p.concurrency,
    prefix: 'warmup',
    timeoutMs: p.timeoutMs,
  });
  const expected = subscribers * warm.ids.filter(Boolean).length * 2; // two array slots each
  const lastAt = () => warming.frames.at(-1) ?? 0;
  const start = now();
  while (warming.frames.length < expected && now() - start < 10_000) {
    await sleep(20);
    if (now() - Math.max(start, lastAt()) > 3000) break;
  }
  const sentAt = sentAtById(warm);
  const latencies = [];
  for (let i = 0; i < warming.frames.length; i += 2) {
    const t0 = sentAt.get(warming.frames[i]);
    if (t0 !== undefined) latencies.push(warming.frames[i + 1] - t0);
  }
  await sleep(500); // a breath between the warm-up and the measured events
  return summarize(Float64Array.from(latencies));
}

/** Scenarios 3 and 6: streams held open; memory per stream, heartbeats, nothing dropped. */
async function idle(ctx, p) {
  const notes = [];
  await sleep(500);
  const before = snapshot(ctx.pid);
  const sampler = new RssSampler(ctx.pid, 500);
  const t0 = now();
  const conn = await openSubscribers({
    host: ctx.host,
    port: ctx.port,
    headers: ctx.headers,
    paths: new Array(p.streams).fill('/orders/stream'),
    concurrency: 256,
    timeoutMs: Math.min(p.timeoutMs - p.holdMs - 5000, 90_000),
  });
  const connectMs = now() - t0;
  if (conn.ready < p.streams) {
    const reasons = {};
    for (const s of conn.failed)
      reasons[s.error ?? 'timeout'] = (reasons[s.error ?? 'timeout'] || 0) + 1;
    notes.push(`${p.streams - conn.ready} streams not opened: ${JSON.stringify(reasons)}`);
  }
  const connected = snapshot(ctx.pid);
  const hbAtStart = conn.subs.reduce((a, s) => a + s.heartbeats, 0);
  await sleep(p.holdMs);
  const after = snapshot(ctx.pid);
  const metrics = await sseMetrics(ctx.host, ctx.port, ctx.headers);
  const streamsMetric = metrics?.herald_sse_open_streams ?? null;
  const rssPeak = sampler.stop();
  const open = conn.subs.filter((s) => s.ready && !s.closed && !s.ended);
  const withHeartbeat = open.filter((s) => s.heartbeats > 0).length;
  const hbTotal = conn.subs.reduce((a, s) => a + s.heartbeats, 0) - hbAtStart;
  closeAll(conn.subs);
  if (open.length < conn.ready) {
    const gone = conn.subs.filter((x) => x.ready && (x.closed || x.ended));
    notes.push(
      `${conn.ready - open.length} streams closed during the hold (index: ${gone
        .slice(0, 10)
        .map(
          (x) =>
            `${x.index} ${x.ended ? 'ended' : 'closed'} ${x.error ?? ''} frames=${x.frames} hb=${x.heartbeats} bytes=${x.parser.bodyBytes}`,
        )
        .join('; ')})`,
    );
  }
  if (withHeartbeat < open.length)
    notes.push(`${open.length - withHeartbeat} open streams saw no heartbeat`);
  return {
    ok: open.length === p.streams && withHeartbeat === open.length,
    notes,
    figures: {
      streams: p.streams,
      opened: conn.ready,
      heldOpen: open.length,
      openStreamsMetric: streamsMetric,
      connectSeconds: round(connectMs / 1000),
      connectsPerSec: round(conn.ready / (connectMs / 1000), 0),
      streamsWithHeartbeat: withHeartbeat,
      heartbeatsPerStream: round(hbTotal / Math.max(1, open.length), 2),
      rssBeforeMiB: round(before.rss / MiB, 1),
      rssAfterMiB: round(after.rss / MiB, 1),
      rssPeakMiB: round(rssPeak / MiB, 1),
      memPerStreamKiB: round((after.rss - before.rss) / Math.max(1, conn.ready) / 1024, 2),
      serverCpuPercentConnect: round(cpuPercent(before, connected), 1),
      serverCpuPercentHold: round(cpuPercent(connected, after), 1),
      serverMetrics: metrics,
    },
  };
}

/**
 * Scenario 4: churn. Connect → first bytes → disconnect, `cycles` times a round, 3 rounds after a
 * warm-up. Exact checks: the open stream gauge and the server's socket descriptors are back to
 * where they were after each round. Leak check: the server's live heap after a full GC (the
 * runner preloads bench/lib/heap-probe.mjs into it for this scenario) may not grow from round 1
 * to round 3 by more than LEAK_BYTES_PER_CYCLE per cycle; garbage and heap headroom, which move
 * RSS by megabytes either way, do not count. RSS (also after that GC) is reported alongside.
 */
const LEAK_BYTES_PER_CYCLE = 100;

/** The server's memory after a full GC, measured by the runner through the heap probe. */
function serverHeap() {
  return new Promise((resolve) => {
    const onMessage = (m) => {
      if (m?.type !== 'heap') return;
      process.off('message', onMessage);
      resolve(m.heap);
    };
    process.on('message', onMessage);
    process.send({ type: 'heap' });
  });
}

async function churn(ctx, p) {
  const notes = [];
  const cycle = (n) =>
    openSubscribers({
      host: ctx.host,
      port: ctx.port,
      headers: ctx.headers,
      paths: new Array(n).fill('/orders/stream'),
      concurrency: p.concurrency,
      timeoutMs: p.timeoutMs / 3,
      onReady: (sub) => sub.destroy(),
    });
  /** Waits up to 10 s for the server to notice every disconnect; then its figures. */
  const settled = async (before) => {
    let metric = null;
    let fds = 0;
    const t0 = now();
    for (let i = 0; i < 50; i++) {
      await sleep(200);
      metric = await openStreamsMetric(ctx.host, ctx.port, ctx.headers);
      fds = socketFds(ctx.pid);
      if (before === null) break;
      if ((metric === null || metric <= (before.metric ?? 0)) && fds <= before.fds) break;
    }
    const settleS = (now() - t0) / 1000;
    await sleep(500);
    const heap = await serverHeap();
    return { metric, fds, heap, rss: heap?.rss ?? rssBytes(ctx.pid), settleS };
  };
  await cycle(p.warmup);
  await sleep(1000);
  const before = await settled(null);
  const rounds = [];
  for (let round = 0; round < 3; round++) {
    const s0 = snapshot(ctx.pid);
    const t0 = now();
    const r = await cycle(p.cycles);
    const ms = now() - t0;
    const s1 = snapshot(ctx.pid);
    if (r.ready < p.cycles)
      notes.push(
        `round ${round + 1}: ${p.cycles - r.ready} cycles did not get a stream: ${r.failed[0]?.error ?? 'timeout'}`,
      );
    const after = await settled(before);
    rounds.push({
      completed: r.ready,
      perSec: r.ready / (ms / 1000),
      cpu: cpuPercent(s0, s1),
      after,
    });
  }
  if (before.metric === null)
    notes.push('no herald_sse_open_streams metric: judged by server socket descriptors only');
  const [r1, , r3] = rounds;
  const streamsBack = rounds.every(
    (r) => r.after.metric === null || r.after.metric <= (before.metric ?? 0),
  );
  const socketsBack = rounds.every((r) => r.after.fds <= before.fds);
  // Buffers (frames, joined chunks) live outside the JS heap: count them too.
  const live = (heap) => (heap ? heap.heapUsed + heap.external : undefined);
  const [live0, live1, live3] = [before, r1.after, r3.after].map((s) => live(s.heap));
  const keptPerCycle = live3 === undefined ? null : (live3 - live1) / (2 * p.cycles);
  if (keptPerCycle === null) notes.push('no heap probe answer: leak check not run');
  const leakOk = keptPerCycle !== null && keptPerCycle <= LEAK_BYTES_PER_CYCLE;
  if (keptPerCycle !== null && !leakOk)
    notes.push(`live heap grew ${round(keptPerCycle, 0)} bytes per cycle over rounds 2 and 3`);
  const kib = (bytes) => round(bytes / 1024, 0);
  return {
    ok: rounds.every((r) => r.completed === p.cycles) && streamsBack && socketsBack && leakOk,
    notes,
    figures: {
      cycles: p.cycles,
      rounds: 3,
      completed: Math.min(...rounds.map((r) => r.completed)),
      cyclesPerSec: round(r1.perSec, 0),
      openStreamsBefore: before.metric,
      openStreamsAfter:
        before.metric === null ? null : Math.max(...rounds.map((r) => r.after.metric ?? 0)),
      socketFdsBefore: before.fds,
      socketFdsAfter: Math.max(...rounds.map((r) => r.after.fds)),
      settleSeconds: round(Math.max(...rounds.map((r) => r.after.settleS)), 1),
      liveHeapBeforeKiB: live0 === undefined ? null : kib(live0),
      liveHeapAfterRoundsKiB: rounds.map((r) => (r.after.heap ? kib(live(r.after.heap)) : null)),
      liveHeapGrowthRound1KiB: live1 === undefined ? null : kib(live1 - live0),
      keptBytesPerCycle: round(keptPerCycle, 0),
      leakCheck: leakOk ? 'ok' : 'growing',
      rssBeforeMiB: round(before.rss / MiB, 1),
      rssAfterRoundsMiB: rounds.map((r) => round(r.after.rss / MiB, 1)),
      rssGrowthKiB: kib(r3.after.rss - before.rss),
      serverCpuPercent: round(r1.cpu, 1),
    },
  };
}

/** Scenario 5: one subscriber per order stream; every order simulated to Delivered. */
async function topics(ctx, p) {
  const notes = [];
  const FINAL_VERSION = 6;
  const publisher = new Publisher(ctx);
  try {
    const created = await publisher.call({
      cmd: 'create',
      count: p.orders,
      rate: 0,
      concurrency: p.concurrency,
      prefix: 'topic',
      timeoutMs: p.createTimeoutMs,
    });
    const ids = created.ids.filter(Boolean);
    if (created.issued < p.orders)
      notes.push(
        `only ${created.issued} of ${p.orders} orders created within ${p.createTimeoutMs / 1000} s`,
      );
    else if (ids.length < p.orders)
      notes.push(`${p.orders - ids.length} orders not created: ${created.firstError}`);
    let delivered = 0;
    let duplicates = 0;
    let wrongOrder = 0;
    let ended = 0;
    let endedComplete = 0;
    let lastDeliveryAt = 0;
    const lat = new Float64Array(ids.length * FINAL_VERSION);
    let nLat = 0;
    let endSnap = null;
    let resolveAll;
    const allEnded = new Promise((r) => (resolveAll = r));
    let liveStarted = false;
    let counting = true; // false once the measurement is over (cut or stalled)
    const onFrame = (sub, f) => {
      if (f.data === null || !counting) return;
      sub.orderId ??= ids[sub.index];
      if (jsonString(f.data, ORDER_ID) !== sub.orderId) {
        wrongOrder++;
        return;
      }
      const version = jsonNumber(f.data, '"version":');
      const bit = 2 ** version;
      if (sub.mask & bit) {
        duplicates++;
        return;
      }
      if (version <= sub.maxVersion) wrongOrder++;
      sub.maxVersion = version;
      sub.mask |= bit;
      delivered++;
      lastDeliveryAt = sub.now;
      if (liveStarted && version > 1) {
        const at = Date.parse(jsonString(f.data, '"occurredAt":"'));
        if (!Number.isNaN(at)) lat[nLat++] = sub.now - at;
      }
    };
    let lastEndAt = 0;
    const onEnd = (sub) => {
      if (!counting) return;
      ended++;
      lastEndAt = now();
      if (sub.maxVersion === FINAL_VERSION) endedComplete++;
      if (ended === ids.length && endSnap === null) {
        endSnap = snapshot(ctx.pid);
        resolveAll();
      }
    };
    const t0 = now();
    const conn = await openSubscribers({
      host: ctx.host,
      port: ctx.port,
      headers: ctx.headers,
      paths: ids.map((id) => `/orders/${id}/stream`),
      concurrency: 200,
      timeoutMs: 60_000,
      onFrame,
      onEnd,
    });
    const connectMs = now() - t0;
    if (conn.ready < ids.length)
      notes.push(
        `${ids.length - conn.ready} streams failed: ${conn.failed[0]?.error ?? 'timeout'}`,
      );
    // Wait for every stream's history (the Created event) before simulating.
    for (let i = 0; i < 50 && conn.subs.some((s) => s.ready && !(s.mask & 2)); i++)
      await sleep(100);
    const withHistory = conn.subs.filter((s) => s.mask & 2).length;
    const streamsMetric = await openStreamsMetric(ctx.host, ctx.port, ctx.headers);
    const sampler = new RssSampler(ctx.pid);
    const s0 = snapshot(ctx.pid);
    liveStarted = true;
    // Everything after the first simulate is measured within p.measureMs: a server whose cost
    // per event grows with the number of streams (plain NestJS's filter per subscriber) would
    // otherwise take minutes; it is cut there, and its figures are over what it did until then.
    const deadline = now() + p.measureMs;
    const sim = await publisher.call({
      cmd: 'simulate',
      ids,
      stepMs: p.stepMs,
      concurrency: p.concurrency,
      timeoutMs: p.measureMs,
    });
    if (sim.issued < ids.length)
      notes.push(
        `only ${sim.issued} of ${ids.length} simulations started within ${p.measureMs / 1000} s`,
      );
    if (sim.errors > 0) notes.push(`${sim.errors} simulate requests failed: ${sim.firstError}`);
    const waitMs = Math.max(0, Math.min(p.stepMs * 5 + 30_000, deadline - now()));
    let cut = false;
    await Promise.race([
      allEnded,
      quiet(() => Math.max(lastDeliveryAt, lastEndAt), p.stepMs + 5000, waitMs).then(
        () => (cut = now() >= deadline - 200),
      ),
    ]);
    if (endSnap === null) {
      counting = false;
      if (cut) {
        endSnap = snapshot(ctx.pid);
        notes.push(
          `cut at ${p.measureMs / 1000} s after the first simulate, ${ids.length - ended} streams not ended: figures over the deliveries until then`,
        );
      } else {
        endSnap = sampler.cpuAt(Math.max(lastDeliveryAt, lastEndAt) || now());
        notes.push(
          `${ids.length - ended} streams had not ended (waited until ${(p.stepMs + 5000) / 1000} s without an event)`,
        );
      }
    }
    const rssPeak = sampler.stop();
    if (ended < ids.length) {
      // Did the simulation stall, or the delivery? Ask the server where a few of them are (once
      // the streams are closed, so that a saturated server can answer).
      const stuck = conn.subs.filter((x) => !x.ended).slice(0, 5);
      const got = stuck.map((x) => `stream got v${x.maxVersion}${x.closed ? ' (closed)' : ''}`);
      closeAll(conn.subs);
      const where = [];
      for (const [i, x] of stuck.entries()) {
        const r = await httpGet(ctx.host, ctx.port, `/orders/${ids[x.index]}`, ctx.headers);
        const status = r.status === 200 ? JSON.parse(r.body).status : `HTTP ${r.status}`;
        where.push(`server says ${status}, ${got[i]}`);
      }
      notes.push(`unfinished streams: ${where.join('; ')}`);
    }
    const short = conn.subs.filter((x) => x.ended && x.maxVersion < FINAL_VERSION);
    if (short.length > 0)
      notes.push(
        `${short.length} streams ended before Delivered (${short
          .slice(0, 5)
          .map((x) => `after v${x.maxVersion}, ${x.frames} frames, ${x.parser.bodyBytes} bytes`)
          .join('; ')})`,
      );
    closeAll(conn.subs);
    const expected = ids.length * FINAL_VERSION;
    const simFirst = Math.min(...Array.from(sim.sent).filter((x) => x > 0));
    return {
      ok:
        delivered === expected &&
        duplicates === 0 &&
        wrongOrder === 0 &&
        endedComplete === ids.length,
      notes,
      figures: {
        orders: ids.length,
        subscribers: conn.ready,
        connectSeconds: round(connectMs / 1000),
        openStreamsMetric: streamsMetric,
        historyReplayed: withHistory,
        expected,
        delivered,
        deliveryRatio: round(delivered / expected, 4),
        duplicates,
        wrongOrder,
        streamsEnded: ended,
        streamsEndedAfterDelivered: endedComplete,
        stepMs: p.stepMs,
        deliveriesPerSec: round(
          (delivered - withHistory) / ((lastDeliveryAt - simFirst) / 1000),
          0,
        ),
        windowSeconds: round((lastDeliveryAt - simFirst) / 1000, 2),
        latencyMs: summarize(lat.subarray(0, nLat)),
        serverCpuPercent: round(cpuPercent(s0, endSnap), 1),
        // The live events only: the history replayed on connect came before s0.
        serverCpuUsPerDelivery: round(cpuMicrosPer(s0, endSnap, delivered - withHistory), 3),
        rssPeakMiB: round(rssPeak / MiB, 1),
        serverMetrics: await sseMetrics(ctx.host, ctx.port, ctx.headers),
        simulatePerSec: round(sim.issued / ((Math.max(...sim.acked) - simFirst) / 1000), 0),
        simulationsStarted: sim.issued,
        cutAfterSeconds: cut ? p.measureMs / 1000 : null,
      },
    };
  } finally {
    await publisher.terminate();
  }
}

const RUNNERS = {
  fanout: dashboard,
  moderate: dashboard,
  idle,
  capacity: idle,
  churn,
  topics,
  cluster,
};

process.once('message', async (msg) => {
  const hardStop = setTimeout(
    () => {
      process.send({
        type: 'result',
        result: { ok: false, notes: ['generator hard timeout'], figures: {} },
      });
      setTimeout(() => process.exit(3), 200);
    },
    msg.params.timeoutMs * 2 + 60_000,
  );
  let result;
  try {
    result = await RUNNERS[msg.scenario](msg, msg.params);
  } catch (err) {
    result = { ok: false, notes: [`generator error: ${err?.stack ?? err}`], figures: {} };
  }
  clearTimeout(hardStop);
  process.send({ type: 'result', result }, () => process.exit(0));
});
