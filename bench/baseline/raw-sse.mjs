// The baseline: the best plain node:http SSE broadcaster we can write, serving the same HTTP
// surface the bench drives on Herald (health, create order, dashboard and per-order streams,
// simulation, heartbeats). Herald's targets are ratios to this server, so it is meant to be a
// ceiling: every event is serialized ONCE into a ready-to-send HTTP chunk (size line + frame +
// CRLF) and that same Buffer is written straight to every subscriber's socket; a subscriber is
// its response in a Set, nothing more. Events published in the same event-loop turn (several
// POSTs read in one poll phase) are coalesced per channel into one Buffer, written once per
// socket in setImmediate: one syscall per subscriber per turn instead of per event, and no added
// latency when events arrive one at a time. It keeps orders in memory only (no durability), so
// it does less work per publish than Herald by design.
//
// Env: PORT (required), HOST (127.0.0.1), SSE_HEARTBEAT_MS (15000), SSE_RETRY_MS (3000).
import { randomUUID } from 'node:crypto';
import http from 'node:http';

const PORT = Number(process.env.PORT);
const HOST = process.env.HOST || '127.0.0.1';
const HEARTBEAT_MS = Number(process.env.SSE_HEARTBEAT_MS || 15000);
const RETRY_MS = Number(process.env.SSE_RETRY_MS || 3000);
// A subscriber that does not read is cut off once this much is queued for it (NestJS's bound).
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
const STATUSES = [
  'Created',
  'PaymentConfirmed',
  'Packed',
  'Shipped',
  'OutForDelivery',
  'Delivered',
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SSE_HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
};

/** An SSE payload as one HTTP/1.1 chunk, ready to write to any chunked response. */
function chunk(text) {
  const body = Buffer.from(text);
  return Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n')]);
}
const HEARTBEAT = chunk(': heartbeat\n\n');

let sequence = 0;
// A channel: its subscribers (ServerResponse) and the frames waiting for this turn's flush.
const channel = () => ({ subs: new Set(), pending: [], endAfterFlush: false });
const orders = new Map(); // id -> { order, history: Buffer[], topic: channel, sim }
const dashboard = channel();
let openStreams = 0;
const dirty = new Set(); // channels with pending frames
let flushScheduled = false;

function publish(entry, previousStatus) {
  const o = entry.order;
  const frame = chunk(
    `id: ${++sequence}\nevent: order-update\ndata: ${JSON.stringify({
      orderId: o.id,
      customerId: o.customerId,
      status: o.status,
      previousStatus,
      version: o.version,
      occurredAt: o.updatedAt,
    })}\n\n`,
  );
  entry.history.push(frame);
  enqueue(dashboard, frame);
  enqueue(entry.topic, frame);
}

function enqueue(ch, frame) {
  ch.pending.push(frame);
  dirty.add(ch);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}

function flush() {
  flushScheduled = false;
  for (const ch of dirty) {
    const frames = ch.pending;
    ch.pending = [];
    if (ch.subs.size > 0)
      broadcast(ch.subs, frames.length === 1 ? frames[0] : Buffer.concat(frames));
    if (ch.endAfterFlush) {
      for (const res of ch.subs) res.end(); // the per-order stream ends after the final state
      ch.subs.clear();
    }
  }
  dirty.clear();
}

function broadcast(subs, buf) {
  for (const res of subs) {
    const socket = res.socket;
    if (socket === null) continue;
    if (socket.writableLength > MAX_QUEUED_BYTES) socket.destroy();
    else socket.write(buf);
  }
}

/** Start an SSE response: headers and the retry line through node:http, then raw chunks. */
function openStream(req, res, ch) {
  res.writeHead(200, SSE_HEADERS);
  res.write(`retry: ${RETRY_MS}\n\n`);
  ch.subs.add(res);
  openStreams++;
  res.on('close', () => {
    if (ch.subs.delete(res)) openStreams--;
  });
}

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function readJson(req, cb) {
  const parts = [];
  let size = 0;
  req.on('data', (d) => {
    size += d.length;
    if (size > 100 * 1024) req.destroy();
    else parts.push(d);
  });
  req.on('end', () => {
    if (parts.length === 0) return cb(null, {});
    try {
      cb(null, JSON.parse(Buffer.concat(parts).toString('utf8')));
    } catch (err) {
      cb(err);
    }
  });
}

function createOrder(req, res) {
  readJson(req, (err, body) => {
    if (
      err ||
      typeof body.customerId !== 'string' ||
      !Array.isArray(body.items) ||
      body.items.length === 0
    )
      return send(res, 400, { title: 'Bad Request', status: 400 });
    const now = new Date().toISOString();
    const order = {
      id: randomUUID(),
      customerId: body.customerId,
      items: body.items,
      totalCents: body.items.reduce((s, i) => s + i.quantity * i.unitPriceCents, 0),
      currency: body.currency,
      status: 'Created',
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    const entry = { order, history: [], topic: channel(), sim: null };
    orders.set(order.id, entry);
    publish(entry, null);
    send(res, 201, order, { Location: `/orders/${order.id}` });
  });
}

function step(entry, stepMs) {
  const o = entry.order;
  const previous = o.status;
  o.status = STATUSES[STATUSES.indexOf(previous) + 1];
  o.version++;
  o.updatedAt = new Date().toISOString();
  publish(entry, previous);
  if (o.status === 'Delivered') {
    entry.sim = null;
    entry.topic.endAfterFlush = true;
  } else entry.sim = setTimeout(step, stepMs, entry, stepMs);
}

function simulate(req, res, entry) {
  readJson(req, (err, body) => {
    const stepMs = body?.stepMs ?? 2000;
    if (err || !Number.isInteger(stepMs) || stepMs < 0 || stepMs > 60000)
      return send(res, 400, { title: 'Bad Request', status: 400 });
    if (entry.sim !== null || entry.order.status === 'Delivered')
      return send(res, 409, { title: 'Conflict', status: 409 });
    entry.sim = setTimeout(step, stepMs, entry, stepMs);
    send(res, 202, { orderId: entry.order.id, stepMs, fromStatus: entry.order.status });
  });
}

const server = http.createServer((req, res) => {
  const url = req.url.split('?')[0];
  if (req.method === 'GET' && url === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && url === '/metrics') {
    const text = `# TYPE herald_sse_open_streams gauge\nherald_sse_open_streams ${openStreams}\n`;
    res.writeHead(200, {
      'Content-Type': 'text/plain; version=0.0.4',
      'Content-Length': text.length,
    });
    return res.end(text);
  }
  if (req.method === 'POST' && url === '/orders') return createOrder(req, res);
  if (req.method === 'GET' && url === '/orders/stream') return openStream(req, res, dashboard);
  const m = /^\/orders\/([^/]+)\/(stream|simulate)$/.exec(url);
  if (m) {
    if (!UUID.test(m[1])) return send(res, 400, { title: 'Bad Request', status: 400 });
    const entry = orders.get(m[1]);
    if (entry === undefined) return send(res, 404, { title: 'Not Found', status: 404 });
    if (m[2] === 'simulate' && req.method === 'POST') return simulate(req, res, entry);
    if (m[2] === 'stream' && req.method === 'GET') {
      if (entry.order.status === 'Delivered') {
        res.writeHead(204);
        return res.end();
      }
      openStream(req, res, entry.topic);
      // History, except the frames still pending: this turn's flush sends those.
      const replay = entry.history.length - entry.topic.pending.length;
      for (let i = 0; i < replay; i++) res.socket.write(entry.history[i]);
      return;
    }
  }
  send(res, 404, { title: 'Not Found', status: 404 });
});
server.keepAliveTimeout = 65_000;

const heartbeat = setInterval(() => {
  broadcast(dashboard.subs, HEARTBEAT);
  for (const entry of orders.values())
    if (entry.topic.subs.size > 0) broadcast(entry.topic.subs, HEARTBEAT);
}, HEARTBEAT_MS);

server.listen({ port: PORT, host: HOST }, () => {
  process.stdout.write(`raw-sse listening on ${HOST}:${PORT}\n`);
});

function shutdown() {
  clearInterval(heartbeat);
  for (const entry of orders.values()) if (entry.sim) clearTimeout(entry.sim);
  server.close();
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 500).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
