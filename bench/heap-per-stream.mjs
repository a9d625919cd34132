#!/usr/bin/env node
// Live JS heap per idle SSE stream, after a full GC, for Herald and for the layers it is built
// on: the bench's baseline (plain node:http), Express, a NestJS controller with @Res(), and a
// NestJS @Sse() route that never emits (bench/floors/servers.mjs). Steadier than the RSS the
// idle scenario reads, and it shows which layer holds what.
//
//   node bench/heap-per-stream.mjs [--streams=2000] [--servers=baseline,express,nest-res,nest-sse,herald]
//
// Each server runs alone, with `--expose-gc`; the streams are raw sockets in this process.
// Herald runs from dist/ (build first), on a temporary SQLite file.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { freePort, httpGet } from './lib/proc.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const HOST = '127.0.0.1';
const BATCH = 50;
const OPEN_TIMEOUT_MS = 10_000;
const START_TIMEOUT_MS = 60_000;

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? true];
  }),
);
const streams = Number(args.streams ?? 2000);
const servers = String(args.servers ?? 'baseline,express,nest-res,nest-sse,herald').split(',');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function serverSpec(name) {
  const floors = path.join(HERE, 'floors', 'servers.mjs');
  if (name === 'baseline') return { script: path.join(HERE, 'baseline', 'raw-sse.mjs'), env: {} };
  if (['express', 'nest-res', 'nest-sse'].includes(name))
    return { script: floors, argv: [name], env: {} };
  if (name !== 'herald') throw new Error(`unknown server ${name}`);
  const script = path.join(ROOT, 'dist', 'main.js');
  if (!fs.existsSync(script)) throw new Error('dist/main.js is missing: run `npm run build`');
  const secret = randomBytes(36).toString('base64url');
  const token = await new SignJWT({ roles: ['admin'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('heap-admin')
    .setExpirationTime('1h')
    .sign(Buffer.from(secret));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-heap-'));
  return {
    script,
    tmp,
    authorization: `Bearer ${token}`,
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: `sqlite:${path.join(tmp, 'heap.db')}`,
      AUTH_JWT_SECRET: secret,
      SSE_MAX_STREAMS: String(streams + 1000),
      SSE_MAX_STREAMS_PER_USER: String(streams + 1000),
    },
  };
}

/** Opens one stream; resolves with its socket once the headers and the first body bytes came. */
function openStream(port, authorization) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, HOST);
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no stream within ${OPEN_TIMEOUT_MS} ms: ${received.slice(0, 120)}`));
    }, OPEN_TIMEOUT_MS);
    socket.on('connect', () =>
      socket.write(
        `GET /orders/stream HTTP/1.1\r\nHost: ${HOST}\r\nAccept: text/event-stream\r\n` +
          (authorization ? `Authorization: ${authorization}\r\n` : '') +
          '\r\n',
      ),
    );
    socket.on('data', (data) => {
      received += data.toString('latin1');
      const headersEnd = received.indexOf('\r\n\r\n');
      if (headersEnd === -1 || received.length === headersEnd + 4) return;
      clearTimeout(timer);
      if (!received.startsWith('HTTP/1.1 200')) reject(new Error(received.slice(0, 120)));
      else resolve(socket);
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function waitForHealth(port, child) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if ((await httpGet(HOST, port, '/health', {}, 2000)).status === 200) return;
    await sleep(100);
  }
  throw new Error('server did not answer /health in time');
}

async function measureServer(name) {
  const spec = await serverSpec(name);
  const port = await freePort(HOST);
  const probe = path.join(HERE, 'lib', 'heap-probe.mjs');
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', probe, spec.script, ...(spec.argv ?? [])],
    {
      cwd: ROOT,
      env: { ...process.env, ...spec.env, PORT: String(port), HOST },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  const sockets = [];
  try {
    const measure = () =>
      new Promise((resolve) => {
        child.once('message', resolve);
        child.send('measure');
      });
    await waitForHealth(port, child);
    const open = async (count) => {
      for (let opened = 0; opened < count; opened += BATCH) {
        const batch = Math.min(BATCH, count - opened);
        const batchSockets = Array.from({ length: batch }, () =>
          openStream(port, spec.authorization),
        );
        sockets.push(...(await Promise.all(batchSockets)));
      }
    };
    await open(BATCH); // warm up: first-request work (lazy modules, JIT) is not per stream
    await sleep(500);
    const before = await measure();
    await open(streams);
    await sleep(1000);
    const after = await measure();
    return { name, kibPerStream: (after.heapUsed - before.heapUsed) / streams / 1024 };
  } finally {
    for (const socket of sockets) socket.destroy();
    child.kill('SIGKILL');
    if (spec.tmp) fs.rmSync(spec.tmp, { recursive: true, force: true });
  }
}

const results = [];
for (const name of servers) results.push(await measureServer(name));
const base = results.find((r) => r.name === 'baseline');
console.log(`Live heap per idle stream after GC (${streams} streams, Node ${process.version})`);
for (const { name, kibPerStream } of results) {
  const ratio = base ? `  ${(kibPerStream / base.kibPerStream).toFixed(2)}× baseline` : '';
  console.log(`  ${name.padEnd(9)} ${kibPerStream.toFixed(2).padStart(6)} KiB${ratio}`);
}
