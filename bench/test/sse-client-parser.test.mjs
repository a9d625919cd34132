// node --test bench/test/ — the bench's SSE parser over chunked bodies split at every position.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SseResponseParser } from '../lib/sse-client-parser.mjs';

const frames = [
  'retry: 3000\n\n',
  'id: 1\nevent: order-update\ndata: {"orderId":"a","status":"Created"}\n\n',
  ': heartbeat\n\n',
  'id: 2\r\nevent: order-update\r\ndata: {"orderId":"b","status":"Paid"}\r\n\r\n',
  'data: line one\ndata: line two\n\n',
  'id: 3\nevent: order-update\ndata: {"orderId":"c","note":"ünïcödé"}\n\n',
];
const expected = [
  { id: '1', event: 'order-update', data: '{"orderId":"a","status":"Created"}' },
  { id: '2', event: 'order-update', data: '{"orderId":"b","status":"Paid"}' },
  { id: null, event: null, data: 'line one\nline two' },
  { id: '3', event: 'order-update', data: '{"orderId":"c","note":"ünïcödé"}' },
];

function chunked(parts) {
  const out = [];
  for (const p of parts) {
    const b = Buffer.from(p);
    out.push(Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n'));
  }
  out.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(out);
}

const head =
  'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n';
// Several SSE frames in one chunk, and one frame split over two chunks.
const body = chunked([
  frames[0],
  frames[1] + frames[2],
  frames[3].slice(0, 7),
  frames[3].slice(7),
  frames[4] + frames[5],
]);
const wire = Buffer.concat([Buffer.from(head), body]);

function run(pieces) {
  const got = [];
  let status = 0;
  let ended = 0;
  let retry = 0;
  const p = new SseResponseParser({
    onHeaders: (s) => (status = s),
    onFrame: (f) => got.push(f),
    onEnd: () => ended++,
    onRetry: (r) => (retry = r),
    onError: (e) => assert.fail(e),
  });
  for (const piece of pieces) p.push(piece);
  return { got, status, ended, retry, comments: p.comments };
}

test('whole response in one read', () => {
  const r = run([wire]);
  assert.equal(r.status, 200);
  assert.deepEqual(r.got, expected);
  assert.equal(r.ended, 1);
  assert.equal(r.retry, 3000);
  assert.equal(r.comments, 1);
});

test('split into two reads at every position', () => {
  for (let i = 1; i < wire.length; i++) {
    const r = run([wire.subarray(0, i), wire.subarray(i)]);
    assert.deepEqual(r.got, expected, `split at ${i}`);
    assert.equal(r.ended, 1, `split at ${i}`);
  }
});

test('one byte per read', () => {
  const pieces = [];
  for (let i = 0; i < wire.length; i++) pieces.push(wire.subarray(i, i + 1));
  const r = run(pieces);
  assert.deepEqual(r.got, expected);
  assert.equal(r.ended, 1);
});

test('random splits into three reads', () => {
  for (let k = 0; k < 2000; k++) {
    const a = 1 + Math.floor(Math.random() * (wire.length - 2));
    const b = a + 1 + Math.floor(Math.random() * (wire.length - a - 1));
    const r = run([wire.subarray(0, a), wire.subarray(a, b), wire.subarray(b)]);
    assert.deepEqual(r.got, expected, `splits ${a},${b}`);
  }
});

test('read-until-close body and an error status with Content-Length', () => {
  const plain = Buffer.from(
    `HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n${frames.join('')}`,
  );
  const r = run([plain.subarray(0, 50), plain.subarray(50)]);
  assert.deepEqual(r.got, expected);
  const err = Buffer.from('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 5\r\n\r\nbusy!');
  const e = run([err.subarray(0, 40), err.subarray(40)]);
  assert.equal(e.status, 503);
  assert.equal(e.ended, 1);
  const none = run([Buffer.from('HTTP/1.1 204 No Content\r\n\r\n')]);
  assert.equal(none.status, 204);
  assert.equal(none.ended, 1);
});
