// Server-side figures from /proc (Linux): CPU time, RSS, socket descriptors; and the loopback
// plumbing both bench runners share (a free port, a GET).
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';

/** A TCP port nothing listens on right now, on `host`. */
export function freePort(host) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const CLK_TCK = 100; // USER_HZ; `getconf CLK_TCK` is 100 on every mainstream Linux

/** CPU seconds (user + system, all threads) the process has used so far. */
export function cpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime (fields 14, 15)
}

/** Resident set size in bytes. */
export function rssBytes(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'latin1');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) * 1024 : NaN;
}

export function socketFds(pid) {
  let n = 0;
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) n++;
    } catch {
      // closed while we listed
    }
  }
  return n;
}

export function snapshot(pid) {
  return { t: now(), cpu: cpuSeconds(pid), rss: rssBytes(pid) };
}

/** CPU % of one core between two snapshots. */
export function cpuPercent(a, b) {
  const wall = (b.t - a.t) / 1000;
  return wall > 0 ? ((b.cpu - a.cpu) / wall) * 100 : NaN;
}

/**
 * Server CPU time (user + system) between two snapshots per unit of work, in µs: `count`
 * deliveries, say. Null when nothing was counted or a snapshot has no CPU reading.
 */
export function cpuMicrosPer(a, b, count) {
  const cpu = b.cpu - a.cpu;
  return count > 0 && Number.isFinite(cpu) ? (cpu * 1e6) / count : null;
}

/** Wall-clock milliseconds with sub-ms resolution; the same clock in every thread of a process. */
export function now() {
  return performance.timeOrigin + performance.now();
}

/** Samples RSS (to find the peak) and CPU time (to read it back at any past moment) every `ms`. */
export class RssSampler {
  constructor(pid, ms = 100) {
    this.pid = pid;
    this.peak = 0;
    this.cpu = []; // [t, cpuSeconds]
    this.timer = setInterval(() => this.sample(), ms);
    this.sample();
  }
  sample() {
    try {
      this.peak = Math.max(this.peak, rssBytes(this.pid));
      if (this.cpu.length < 100_000) this.cpu.push([now(), cpuSeconds(this.pid)]);
    } catch {
      // process gone
    }
  }
  /** A snapshot-like { t, cpu } at time t, interpolated between the samples around it. */
  cpuAt(t) {
    const c = this.cpu;
    if (c.length === 0) return { t, cpu: NaN };
    let i = c.findIndex(([ts]) => ts >= t);
    if (i === -1) return { t: c[c.length - 1][0], cpu: c[c.length - 1][1] };
    if (i === 0) return { t: c[0][0], cpu: c[0][1] };
    const [t0, v0] = c[i - 1];
    const [t1, v1] = c[i];
    return { t, cpu: v0 + ((v1 - v0) * (t - t0)) / (t1 - t0) };
  }
  stop() {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

export function httpGet(host, port, path, headers = {}, timeoutMs = 5000) {
  return new Promise((resolve) => {
    const req = http.get({ host, port, path, headers, timeout: timeoutMs, agent: false }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () =>
        resolve({ status: res.statusCode, body: Buffer.concat(parts).toString() }),
      );
      res.on('error', () => resolve({ status: 0, body: '' }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: '' }));
  });
}

/** The `herald_sse_*`, relay, event-loop-lag p99 and heap samples of GET /metrics, or null. */
export async function sseMetrics(host, port, headers) {
  const r = await httpGet(host, port, '/metrics', headers);
  if (r.status !== 200) return null;
  const out = {};
  for (const line of r.body.split('\n')) {
    if (!/^herald_(sse_|relay|nodejs_eventloop_lag_p99|nodejs_heap_size_used)/.test(line)) continue;
    const cut = line.lastIndexOf(' ');
    out[line.slice(0, cut)] = Number(line.slice(cut + 1));
  }
  return out;
}

/** Sum of `herald_sse_open_streams` in GET /metrics, or null when there is no such metric. */
export async function openStreamsMetric(host, port, headers) {
  const r = await httpGet(host, port, '/metrics', headers);
  if (r.status !== 200) return null;
  let found = false;
  let sum = 0;
  for (const line of r.body.split('\n')) {
    if (!line.startsWith('herald_sse_open_streams')) continue;
    const rest = line.slice('herald_sse_open_streams'.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    found = true;
    sum += Number(line.trim().split(/\s+/).at(-1)) || 0;
  }
  return found ? sum : null;
}
