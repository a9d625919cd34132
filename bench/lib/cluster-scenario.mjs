// The generator's side of the cluster scenario (bench/lib/cluster-topology.mjs starts the
// servers): dashboard subscribers on one topology, then three phases on the same streams —
//   warm-up   a second at the moderate rate, not measured (a fresh process's first events)
//   moderate  `rate` POST /orders a second for `seconds`: publish → receive latency, all of it
//             and split into same-instance and cross-instance deliveries (instance-split.mjs)
//   fanout    `events` POST /orders as fast as `concurrency` requests allow: deliveries/s and
//             the CPU per delivery of Herald's processes (summed) and of nginx's workers
// Latency and CPU are measured as in the fanout and moderate scenarios (generator.mjs). In the
// `nginx` topology `directProbes` more subscribers connect to the instance itself: their
// latencies, for the same events, are kept apart (what nginx adds; instance-split.mjs).
import os from 'node:os';
import { Publisher, sentAtById } from './publisher.mjs';
import { closeAll, openSubscribers } from './subscribers.mjs';
import { cpuSeconds, now } from './proc.mjs';
import { countByInstance, splitByInstance } from './instance-split.mjs';
import { summarize } from './stats.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (x, d = 2) =>
  x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d;
const ORDER_ID = '"orderId":"';

function orderIdOf(data) {
  const i = data.indexOf(ORDER_ID);
  if (i === -1) return null;
  const start = i + ORDER_ID.length;
  const end = data.indexOf('"', start);
  return end === -1 ? null : data.slice(start, end);
}

/** CPU seconds of several processes together (the instances, nginx's workers); 0 for none. */
function cpuOf(pids) {
  let sum = 0;
  for (const pid of pids) sum += cpuSeconds(pid);
  return sum;
}

/** The deliveries of one phase: one slot per (subscriber, order), orders indexed as first seen. */
class Deliveries {
  constructor(subscribers, events) {
    this.events = events;
    this.ids = [];
    this.index = new Map();
    this.seen = new Uint8Array(subscribers * events);
    this.sub = new Int32Array(subscribers * events);
    this.order = new Int32Array(subscribers * events);
    this.time = new Float64Array(subscribers * events);
    this.n = 0;
    this.duplicates = 0;
    this.unexpected = 0;
    this.lastAt = 0;
    this.expected = Infinity;
    this.onComplete = null;
  }
  record(sub, data) {
    const oid = orderIdOf(data);
    let idx = oid === null ? undefined : this.index.get(oid);
    if (oid !== null && idx === undefined && this.ids.length < this.events) {
      idx = this.ids.length;
      this.ids.push(oid);
      this.index.set(oid, idx);
    }
    if (idx === undefined) return void this.unexpected++;
    const k = sub.index * this.events + idx;
    if (this.seen[k] === 1) return void this.duplicates++;
    this.seen[k] = 1;
    this.sub[this.n] = sub.index;
    this.order[this.n] = idx;
    this.time[this.n] = sub.now;
    this.n++;
    this.lastAt = sub.now;
    this.check();
  }
  check() {
    if (this.n >= this.expected && this.onComplete) this.onComplete();
  }
}

/** One phase: publish, wait for every delivery (or 3 s without one), and its figures. */
async function phase(ctx, conn, publisher, spec, setCurrent) {
  const d = new Deliveries(conn.subs.length, spec.count);
  setCurrent(d);
  let end = null;
  const complete = new Promise((resolve) => {
    d.onComplete = () => {
      end ??= { t: now(), herald: cpuOf(ctx.heraldPids), nginx: cpuOf(ctx.nginxPids) };
      resolve();
    };
  });
  globalThis.gc?.(); // as generator.mjs does before its measured events
  const start = { t: now(), herald: cpuOf(ctx.heraldPids), nginx: cpuOf(ctx.nginxPids) };
  const pub = await publisher.call({ cmd: 'create', ...spec });
  const okIds = pub.ids.filter(Boolean);
  d.expected = conn.ready * okIds.length;
  d.check();
  const quiet = (async () => {
    const t0 = now();
    while (now() - Math.max(t0, d.lastAt) < 3000 && now() - t0 < 30_000) await sleep(100);
  })();
  await Promise.race([complete, quiet]);
  d.onComplete = null;
  end ??= { t: now(), herald: cpuOf(ctx.heraldPids), nginx: cpuOf(ctx.nginxPids) };
  setCurrent(null);
  const sentAt = sentAtById(pub);
  const writerById = new Map(pub.ids.map((id, i) => [id, pub.upstreams[i]]));
  const first = Math.min(...Array.from(pub.sent).filter((x) => x > 0));
  const windowS = (d.lastAt - first) / 1000;
  const cpuS = (end.t - start.t) / 1000;
  return {
    ok: d.n === d.expected && d.duplicates === 0,
    notes: d.n < d.expected ? [`${spec.prefix}: ${d.expected - d.n} deliveries missing`] : [],
    figures: {
      events: okIds.length,
      expected: d.expected,
      delivered: d.n,
      deliveryRatio: d.expected > 0 ? round(d.n / d.expected, 4) : null,
      duplicates: d.duplicates,
      unexpectedFrames: d.unexpected,
      deliveriesPerSec: round(d.n / windowS, 0),
      ...splitByInstance({
        ...d,
        sentAt: d.ids.map((id) => sentAt.get(id) ?? 0),
        writer: d.ids.map((id) => writerById.get(id) ?? null),
        reader: conn.subs.map((s) => s.upstream),
        probe: conn.subs.map((s) => s.probe === true),
      }),
      eventsByInstance: countByInstance(okIds.map((id) => writerById.get(id))),
      heraldCpuPercent: round(((end.herald - start.herald) / cpuS) * 100, 1),
      heraldCpuUsPerDelivery: round(((end.herald - start.herald) * 1e6) / d.n, 3),
      nginxCpuPercent: ctx.nginxPids.length
        ? round(((end.nginx - start.nginx) / cpuS) * 100, 1)
        : null,
      nginxCpuUsPerDelivery: ctx.nginxPids.length
        ? round(((end.nginx - start.nginx) * 1e6) / d.n, 3)
        : null,
      // POST → 201: the write's own time (request, transaction, commit), a part of every latency.
      requestMs: summarize(
        Float64Array.from(pub.ids.flatMap((id, i) => (id ? [pub.acked[i] - pub.sent[i]] : []))),
      ),
      latePublishes: pub.late ?? 0,
      publishErrors: pub.errors,
    },
  };
}

export async function cluster(ctx, p) {
  const notes = [];
  // Other work on the machine (PostgreSQL and Redis serve everyone) moves these figures most.
  const loadAverage = Math.round(os.loadavg()[0] * 100) / 100;
  let current = null;
  const onFrame = (sub, f) => f.data !== null && current?.record(sub, f.data);
  const opening = openSubscribers({
    host: ctx.host,
    port: ctx.port,
    tls: ctx.tls,
    headers: ctx.headers,
    paths: new Array(p.subscribers).fill('/orders/stream'),
    concurrency: 100,
    timeoutMs: 60_000,
    onFrame,
  });
  // Behind nginx with one instance, a few subscribers also connect to the instance itself, at the
  // same time as the others (so that they are spread through the hub's subscribers): the same
  // events without nginx, in the same run — what nginx adds, free of the run-to-run noise.
  const probes = ctx.directPort
    ? await openSubscribers({
        host: ctx.host,
        port: ctx.directPort,
        headers: ctx.headers,
        paths: new Array(p.directProbes).fill('/orders/stream'),
        concurrency: 5,
        timeoutMs: 60_000,
        onFrame,
        firstIndex: p.subscribers,
      })
    : { subs: [], ready: 0, failed: [] };
  const main = await opening;
  for (const s of probes.subs) s.probe = true;
  const conn = {
    subs: [...main.subs, ...probes.subs],
    ready: main.ready + probes.ready,
  };
  const wanted = p.subscribers + probes.subs.length;
  if (conn.ready < wanted)
    notes.push(
      `${wanted - conn.ready} subscribers failed: ${[...main.failed, ...probes.failed][0]?.error}`,
    );
  await sleep(500); // let every subscription settle in the hubs
  const publisher = new Publisher(ctx);
  const setCurrent = (d) => (current = d);
  const moderate = { rate: p.rate, concurrency: p.concurrency, timeoutMs: p.timeoutMs };
  try {
    const warmup = await phase(
      ctx,
      conn,
      publisher,
      { ...moderate, count: p.warmupEvents, prefix: 'warmup' },
      setCurrent,
    );
    await sleep(500);
    const steady = await phase(
      ctx,
      conn,
      publisher,
      { ...moderate, count: p.rate * p.seconds, prefix: 'moderate' },
      setCurrent,
    );
    await sleep(1000);
    const fanout = await phase(
      ctx,
      conn,
      publisher,
      {
        count: p.events,
        rate: 0,
        concurrency: p.fanoutConcurrency,
        timeoutMs: p.timeoutMs,
        prefix: 'fanout',
      },
      setCurrent,
    );
    const open = conn.subs.filter((s) => s.ready && !s.closed && !s.ended).length;
    if (open < conn.ready) notes.push(`${conn.ready - open} streams closed by the server`);
    return {
      ok: conn.ready === wanted && open === conn.ready && steady.ok && fanout.ok,
      notes: [...notes, ...steady.notes, ...fanout.notes],
      figures: {
        loadAverage,
        subscribers: main.ready,
        directProbes: probes.ready,
        subscribersByInstance: countByInstance(main.subs.map((s) => s.upstream)),
        warmupLatencyMs: warmup.figures.latencyMs,
        moderate: steady.figures,
        fanout: fanout.figures,
      },
    };
  } finally {
    await publisher.terminate();
    closeAll(conn.subs);
  }
}
