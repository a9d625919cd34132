#!/usr/bin/env node
// How the event relay batches what one process commits, depending on the event loop: orders
// created one at a time, each after a pause that either leaves the loop idle (a timer) or keeps
// it busy (a synchronous spin), and the sizes of the batches the relay emitted meanwhile (a
// batch: the events emitted in one synchronous run). An idle loop should give batches of 1
// (each commit published at once); a saturated one fewer, larger batches (several commits per
// socket write: docs/architecture.md, "Relay semantics"). A measurement of this machine's turns,
// so it lives here and not in the test suite.
//
//   npm run bench:relay            # builds, then: node bench/relay-batches.mjs [--orders=10] [--pause-ms=20]
//
// Herald runs in this process from dist/ (build first), on a temporary SQLite file.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? true];
  }),
);
const orders = Number(args.orders ?? 10);
const pauseMs = Number(args['pause-ms'] ?? 20);

const dist = path.join(ROOT, 'dist');
if (!fs.existsSync(path.join(dist, 'app.module.js')))
  throw new Error('dist/ is missing: run `npm run build`');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-relay-'));
Object.assign(process.env, {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATABASE_URL: `sqlite:${path.join(tmp, 'relay.db')}`,
  AUTH_JWT_SECRET: 'relay-batches-bench-secret-not-used-for-any-token',
});

const require = createRequire(import.meta.url);
require('reflect-metadata');
const { NestFactory } = require('@nestjs/core');
const { EventEmitter2 } = require('@nestjs/event-emitter');
const { AppModule } = require(path.join(dist, 'app.module.js'));
const { OrdersService } = require(path.join(dist, 'orders', 'orders.service.js'));

const app = await NestFactory.createApplicationContext(AppModule, { logger: ['warn', 'error'] });
await app.init();
const ordersService = app.get(OrdersService);

/** Batch sizes: events emitted in one synchronous run count as one batch. */
const batches = [];
let published = 0;
let batchOpen = false;
app.get(EventEmitter2).on('order.created', () => {
  published++;
  if (batchOpen) return void batches[batches.length - 1]++;
  batches.push(1);
  batchOpen = true;
  void Promise.resolve().then(() => (batchOpen = false)); // the end of this synchronous run
});

const create = () =>
  ordersService.create({
    customerId: 'bench-customer',
    items: [{ sku: 'SKU-1', quantity: 1, unitPriceCents: 100 }],
    currency: 'EUR',
  });

async function until(check) {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('the relay did not publish every order in 10 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const pauses = {
  idle: () => new Promise((resolve) => setTimeout(resolve, pauseMs)),
  saturated: async () => {
    const end = performance.now() + pauseMs; // a busy turn, with no idle time around it
    while (performance.now() < end);
  },
};

let created = 0;
const rows = [];
for (const [loop, pause] of Object.entries(pauses)) {
  await create(); // the relay is idle again once this one is out
  created++;
  await until(() => published === created);
  const first = batches.length;
  for (let i = 0; i < orders; i++) {
    await pause();
    await create();
    created++;
  }
  await until(() => published === created);
  const sizes = batches.slice(first);
  rows.push({
    loop,
    orders,
    batches: sizes.length,
    largest: Math.max(...sizes),
    sizes: sizes.join(' '),
  });
}
console.table(rows);

await app.close();
fs.rmSync(tmp, { recursive: true, force: true });
