// Server-side figures from /proc (Linux): CPU time, RSS, socket descriptors.
import fs from 'node:fs';
import http from 'node:http';

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

/** Wall-clock milliseconds with sub-ms resolution; the same clock in every thread of a process. */
export function now() {
  return performance.timeOrigin + performance.now();
}

/** Samples RSS every `ms` to find the peak. */
export class RssSampler {
  constructor(pid, ms = 200) {
    this.pid = pid;
    this.peak = 0;
    this.timer = setInterval(() => this.sample(), ms);
    this.sample();
  }
  sample() {
    try {
      this.peak = Math.max(this.peak, rssBytes(this.pid));
    } catch {
      // process gone
    }
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
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(parts).toString() }));
      res.on('error', () => resolve({ status: 0, body: '' }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: '' }));
  });
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
