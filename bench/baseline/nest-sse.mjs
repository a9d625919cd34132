// The second reference: an SSE service written the way the NestJS documentation shows it, with
// nothing of Herald's (no auth, no database, no hub). One RxJS Subject carries the whole feed;
// each stream is an `@Sse()` route returning `subject.pipe(filter(...), map(...))`, so every
// subscriber's own operator chain sees every event, and NestJS serializes the object `data` of
// each message once per subscriber (RouterResponseController.sse() → SseStream). Heartbeats are
// the idiomatic `interval()` of comment messages merged into each stream, as often as the raw
// baseline sends its own (SSE_HEARTBEAT_MS).
//
// Same HTTP surface as bench/baseline/raw-sse.mjs, so every generator scenario runs unchanged:
// GET /health, POST /orders, GET /orders/stream, GET /orders/:id/stream (the order's history,
// then its live events, ending after Delivered), POST /orders/:id/simulate, and GET /metrics with
// `herald_sse_open_streams` (the Subject's subscriber count: one per open stream, at no cost per
// stream). Differences, none of which the scenarios reach: a Delivered order's stream replays its
// history and ends (the raw baseline answers 204); errors are NestJS's JSON bodies.
//
// Plain JavaScript, decorators applied by hand, so it runs without a TypeScript build.
// Env: PORT (required), HOST (127.0.0.1), SSE_HEARTBEAT_MS (15000).
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Injectable,
  Module,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Sse,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Subject, concat, filter, from, interval, map, merge, takeWhile } from 'rxjs';

const PORT = Number(process.env.PORT);
const HOST = process.env.HOST || '127.0.0.1';
const HEARTBEAT_MS = Number(process.env.SSE_HEARTBEAT_MS || 15000);
const STATUSES = [
  'Created',
  'PaymentConfirmed',
  'Packed',
  'Shipped',
  'OutForDelivery',
  'Delivered',
];

/** `decorate(Class.prototype, 'method', Get('x'))`: what TypeScript emits for a method decorator. */
function decorate(target, key, ...decorators) {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, Reflect.decorate(decorators, target, key, descriptor));
}

class OrdersService {
  constructor() {
    /** Every order event: { id, orderId, data }. */
    this.events = new Subject();
    this.orders = new Map(); // id -> { order, history, sim }
    this.sequence = 0;
  }

  create(body) {
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
    const entry = { order, history: [], sim: null };
    this.orders.set(order.id, entry);
    this.publish(entry, null);
    return order;
  }

  get(id) {
    const entry = this.orders.get(id);
    if (entry === undefined) throw new NotFoundException();
    return entry;
  }

  simulate(entry, stepMs) {
    if (entry.sim !== null || entry.order.status === 'Delivered') throw new ConflictException();
    entry.sim = setTimeout(() => this.step(entry, stepMs), stepMs);
    return { orderId: entry.order.id, stepMs, fromStatus: entry.order.status };
  }

  step(entry, stepMs) {
    const o = entry.order;
    const previous = o.status;
    o.status = STATUSES[STATUSES.indexOf(previous) + 1];
    o.version++;
    o.updatedAt = new Date().toISOString();
    entry.sim =
      o.status === 'Delivered' ? null : setTimeout(() => this.step(entry, stepMs), stepMs);
    this.publish(entry, previous);
  }

  publish(entry, previousStatus) {
    const o = entry.order;
    const event = {
      id: ++this.sequence,
      orderId: o.id,
      data: {
        orderId: o.id,
        customerId: o.customerId,
        status: o.status,
        previousStatus,
        version: o.version,
        occurredAt: o.updatedAt,
      },
    };
    entry.history.push(event);
    this.events.next(event);
  }

  stop() {
    for (const entry of this.orders.values()) if (entry.sim) clearTimeout(entry.sim);
  }
}
Reflect.decorate([Injectable()], OrdersService);

const toMessage = (e) => ({ type: 'order-update', id: e.id, data: e.data });
const heartbeats = () => interval(HEARTBEAT_MS).pipe(map(() => ({ comment: 'heartbeat' })));

class OrdersController {
  constructor(orders) {
    this.orders = orders;
  }

  health() {
    return { status: 'ok' };
  }

  metrics() {
    return `# TYPE herald_sse_open_streams gauge\nherald_sse_open_streams ${this.orders.events.observers.length}\n`;
  }

  create(body) {
    if (
      typeof body?.customerId !== 'string' ||
      !Array.isArray(body.items) ||
      body.items.length === 0
    )
      throw new BadRequestException();
    return this.orders.create(body);
  }

  /** Every order's events. */
  dashboard() {
    return merge(this.orders.events.pipe(map(toMessage)), heartbeats());
  }

  /** One order's events: its history, then live ones, until Delivered. */
  orderStream(id) {
    const entry = this.orders.get(id);
    const events = concat(
      from(entry.history),
      this.orders.events.pipe(filter((e) => e.orderId === id)),
    ).pipe(map(toMessage));
    return merge(events, heartbeats()).pipe(takeWhile((m) => m.data?.status !== 'Delivered', true));
  }

  simulate(id, body) {
    const stepMs = body?.stepMs ?? 2000;
    if (!Number.isInteger(stepMs) || stepMs < 0 || stepMs > 60000) throw new BadRequestException();
    return this.orders.simulate(this.orders.get(id), stepMs);
  }
}
const proto = OrdersController.prototype;
Inject(OrdersService)(OrdersController, undefined, 0);
decorate(proto, 'health', Get('health'));
decorate(proto, 'metrics', Get('metrics'), Header('Content-Type', 'text/plain; version=0.0.4'));
Body()(proto, 'create', 0);
decorate(proto, 'create', Post('orders'));
decorate(proto, 'dashboard', Sse('orders/stream'));
Param('id', ParseUUIDPipe)(proto, 'orderStream', 0);
decorate(proto, 'orderStream', Sse('orders/:id/stream'));
Param('id', ParseUUIDPipe)(proto, 'simulate', 0);
Body()(proto, 'simulate', 1);
decorate(proto, 'simulate', Post('orders/:id/simulate'), HttpCode(202));
Reflect.decorate([Controller()], OrdersController);

class AppModule {}
Reflect.decorate(
  [Module({ controllers: [OrdersController], providers: [OrdersService] })],
  AppModule,
);

const app = await NestFactory.create(AppModule, { logger: false });
const server = app.getHttpServer();
server.keepAliveTimeout = 65_000; // as the raw baseline
await app.listen(PORT, HOST);
process.stdout.write(`nest-sse listening on ${HOST}:${PORT}\n`);

function shutdown() {
  app.get(OrdersService).stop();
  server.close();
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 500).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
