// The publisher, in its own worker thread so that subscribers busy parsing on the main thread
// cannot delay it. Commands (postMessage):
//   { cmd: 'create', count, rate, concurrency, prefix, timeoutMs }   POST /orders count times;
//        rate = events/s on a fixed schedule, 0 = as fast as `concurrency` requests in flight allow
//   { cmd: 'simulate', ids, stepMs, concurrency, timeoutMs }        POST /orders/:id/simulate each
// Answers { type: 'done', ids, sent, acked, errors, statuses, late, upstreams } where sent[i] is
// the time (performance.timeOrigin + now(), ms) request i was written, acked[i] when its answer
// arrived, and upstreams[i] the instance that answered it behind nginx (null without nginx).
// With `tls` (nginx in front) requests go over HTTPS; the throwaway certificate is not checked.
import http from 'node:http';
import https from 'node:https';
import { parentPort, workerData } from 'node:worker_threads';
import { UPSTREAM_HEADER } from './nginx.mjs';

const { host, port, headers, tls } = workerData;
const transport = tls ? https : http;
const now = () => performance.timeOrigin + performance.now();

function post(agent, path, body) {
  return new Promise((resolve) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = transport.request(
      {
        host,
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          ...headers,
          'Content-Type': 'application/json',
          'Content-Length': payload.length,
        },
        timeout: 30_000,
      },
      (res) => {
        const parts = [];
        res.on('data', (d) => parts.push(d));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            body: Buffer.concat(parts).toString(),
            upstream: res.headers[UPSTREAM_HEADER] ?? null,
          }),
        );
        res.on('error', (err) => resolve({ status: 0, body: String(err) }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timeout')));
    req.on('error', (err) => resolve({ status: 0, body: String(err) }));
    req.end(payload);
  });
}

/** Runs `count` requests, `concurrency` at a time, paced at `rate`/s when rate > 0. */
async function runRequests({ count, rate, concurrency, timeoutMs }, makeRequest) {
  const agent = new transport.Agent({
    keepAlive: true,
    maxSockets: concurrency,
    ...(tls ? { rejectUnauthorized: false } : {}),
  });
  const sent = new Float64Array(count);
  const acked = new Float64Array(count);
  const results = new Array(count);
  const statuses = {};
  let errors = 0;
  let late = 0;
  let next = 0;
  let inFlight = 0;
  let finished = 0;
  const start = now();
  const deadline = start + timeoutMs;
  await new Promise((resolve) => {
    const launch = () => {
      while (next < count && inFlight < concurrency && now() < deadline) {
        if (rate > 0) {
          const due = start + (next * 1000) / rate;
          const wait = due - now();
          if (wait > 0) {
            setTimeout(launch, Math.max(0, wait - 0.5));
            return;
          }
          if (wait < -5) late++; // sent more than 5 ms behind schedule
        }
        const i = next++;
        inFlight++;
        sent[i] = now();
        makeRequest(agent, i).then((r) => {
          acked[i] = now();
          results[i] = r;
          statuses[r.status] = (statuses[r.status] || 0) + 1;
          if (r.status < 200 || r.status >= 300) errors++;
          inFlight--;
          finished++;
          if (finished === count || (now() >= deadline && inFlight === 0)) resolve();
          else launch();
        });
      }
      if (next < count && now() >= deadline && inFlight === 0) resolve();
      else if (next < count && now() >= deadline) {
        // the remaining in-flight requests resolve the promise
      }
    };
    if (count === 0) resolve();
    else launch();
  });
  agent.destroy();
  return { sent, acked, results, statuses, errors, late, issued: next };
}

parentPort.on('message', async (msg) => {
  try {
    if (msg.cmd === 'create') {
      const r = await runRequests(msg, (agent, i) =>
        post(agent, '/orders', {
          customerId: `${msg.prefix}-${i}`,
          items: [{ sku: 'B-1', quantity: 1, unitPriceCents: 100 }],
          currency: 'EUR',
        }),
      );
      const ids = r.results.map((x) => {
        if (!x || x.status !== 201) return null;
        try {
          return JSON.parse(x.body).id ?? null;
        } catch {
          return null;
        }
      });
      const firstError = r.results.find((x) => x && x.status !== 201);
      parentPort.postMessage({
        type: 'done',
        ids,
        sent: r.sent,
        acked: r.acked,
        statuses: r.statuses,
        errors: r.errors,
        late: r.late,
        issued: r.issued,
        upstreams: r.results.map((x) => x?.upstream ?? null),
        firstError: firstError ? `${firstError.status} ${firstError.body.slice(0, 300)}` : null,
      });
    } else if (msg.cmd === 'simulate') {
      const r = await runRequests({ ...msg, count: msg.ids.length, rate: 0 }, (agent, i) =>
        post(agent, `/orders/${msg.ids[i]}/simulate`, { stepMs: msg.stepMs }),
      );
      const firstError = r.results.find((x) => x && x.status !== 202);
      parentPort.postMessage({
        type: 'done',
        sent: r.sent,
        acked: r.acked,
        statuses: r.statuses,
        errors: r.errors,
        issued: r.issued,
        firstError: firstError ? `${firstError.status} ${firstError.body.slice(0, 300)}` : null,
      });
    }
  } catch (err) {
    parentPort.postMessage({ type: 'error', error: String(err?.stack ?? err) });
  }
});
