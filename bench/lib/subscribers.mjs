// SSE subscribers over raw node:net sockets: one small object per stream, a hand-written HTTP
// request, and the incremental parser. Cheap enough to hold 15,000+ streams in one process.
// With `tls` the same HTTP/1.1 request goes over TLS (no ALPN, so nginx answers in HTTP/1.1;
// the throwaway certificate is not checked).
import net from 'node:net';
import tls from 'node:tls';
import { SseResponseParser } from './sse-client-parser.mjs';
import { UPSTREAM_HEADER } from './nginx.mjs';
import { now } from './proc.mjs';

export class Subscriber {
  constructor(index, path) {
    this.index = index;
    this.path = path;
    this.socket = null;
    this.status = 0; // HTTP status once the headers arrived
    this.ready = false; // 200 and the first bytes of the stream (the retry line) arrived
    this.ended = false; // the response body ended (chunked terminator)
    this.closed = false;
    this.error = null;
    this.now = 0; // time of the read being parsed
    this.lastId = -1;
    this.frames = 0;
    this.retry = 0;
    this.orderId = null; // for per-order streams
    this.mask = 0; // versions seen on a per-order stream (bit per version)
    this.maxVersion = 0;
    this.upstream = null; // the instance behind nginx that serves this stream (bench/lib/nginx.mjs)
    this.parser = null;
  }
  get heartbeats() {
    return this.parser ? this.parser.comments : 0;
  }
  destroy() {
    this.socket?.destroy();
  }
}

function requestBytes(host, port, path, headers) {
  let text = `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nAccept: text/event-stream\r\n`;
  for (const [k, v] of Object.entries(headers)) text += `${k}: ${v}\r\n`;
  return Buffer.from(`${text}\r\n`);
}

/**
 * Opens one stream per path, at most `concurrency` connecting at once, and resolves when every one
 * is ready (200 + first stream bytes), failed, or `timeoutMs` passed.
 * onFrame(sub, frame) is called for every SSE frame; sub.now is the time its read arrived.
 */
export function openSubscribers({
  host,
  port,
  paths,
  headers,
  tls: secure = false,
  concurrency = 200,
  timeoutMs,
  onFrame,
  onEnd,
  onReady,
  firstIndex = 0, // when several groups of subscribers share one index space
}) {
  const subs = paths.map((p, i) => new Subscriber(firstIndex + i, p));
  const requests = new Map();
  const deadline = now() + timeoutMs;
  return new Promise((resolve) => {
    let next = 0;
    let pending = 0;
    let settled = 0;
    let done = false;
    const timer = setTimeout(finish, timeoutMs);
    function finish() {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const failed = subs.filter((s) => !s.ready);
      resolve({ subs, ready: subs.length - failed.length, failed });
    }
    function settle(sub) {
      if (sub._settled) return;
      sub._settled = true;
      pending--;
      settled++;
      if (settled === subs.length) finish();
      else launch();
    }
    function launch() {
      while (!done && pending < concurrency && next < subs.length && now() < deadline) {
        const sub = subs[next++];
        pending++;
        let req = requests.get(sub.path);
        if (req === undefined) {
          req = requestBytes(host, port, sub.path, headers);
          if (requests.size < 10) requests.set(sub.path, req); // shared paths share one Buffer
        }
        connect(sub, req);
      }
    }
    function connect(sub, req) {
      const socket = secure
        ? tls.connect({ host, port, rejectUnauthorized: false })
        : net.connect({ host, port });
      sub.socket = socket;
      sub.parser = new SseResponseParser({
        onHeaders: (status, responseHeaders) => {
          sub.status = status;
          sub.upstream = responseHeaders[UPSTREAM_HEADER] ?? null;
          if (status !== 200) {
            sub.error = `HTTP ${status}`;
            settle(sub);
          }
        },
        onRetry: (ms) => {
          sub.retry = ms;
        },
        onFrame: (frame) => {
          sub.frames++;
          onFrame?.(sub, frame);
        },
        onEnd: () => {
          sub.ended = true;
          onEnd?.(sub);
          if (sub.status !== 200) socket.destroy();
        },
        onError: (err) => {
          sub.error = String(err.message);
          socket.destroy();
        },
      });
      socket.on(secure ? 'secureConnect' : 'connect', () => socket.write(req));
      socket.on('data', (chunk) => {
        sub.now = now();
        sub.parser.push(chunk);
        if (!sub.ready && sub.status === 200 && sub.parser.bodyBytes > 0) {
          sub.ready = true;
          onReady?.(sub);
          settle(sub);
        }
      });
      socket.on('error', (err) => {
        sub.error ??= err.code || err.message;
      });
      socket.on('close', () => {
        sub.closed = true;
        settle(sub);
      });
    }
    if (subs.length === 0) finish();
    else launch();
  });
}

export function closeAll(subs) {
  for (const s of subs) s.destroy();
}
