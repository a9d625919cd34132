// Reference servers for bench/heap-per-stream.mjs: the least each layer under Herald keeps per
// open SSE response, each holding its streams open and idle at GET /orders/stream.
//   node bench/floors/servers.mjs express | nest-res | nest-sse      (env: PORT, HOST)
// `express`: a plain Express route writing the SSE headers. `nest-res`: a NestJS controller that
// takes the response (`@Res()`) and writes them itself. `nest-sse`: a NestJS `@Sse()` route whose
// Observable never emits, i.e. NestJS's own SSE machinery and nothing else.
import 'reflect-metadata';
import { Controller, Get, Module, Res, Sse } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import express from 'express';
import { NEVER } from 'rxjs';

const PORT = Number(process.env.PORT);
const HOST = process.env.HOST || '127.0.0.1';
const SSE_HEADERS = { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' };

function openRaw(res) {
  res.writeHead(200, SSE_HEADERS);
  res.write('retry: 3000\n\n');
}

/** Applies decorators without TypeScript: `decorate(Class.prototype, 'method', Get('x'))`. */
function decorate(target, key, ...decorators) {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, Reflect.decorate(decorators, target, key, descriptor));
}

async function startNest(variant) {
  class Streams {
    health() {
      return 'ok';
    }
    withRes(res) {
      openRaw(res);
    }
    withSse() {
      return NEVER;
    }
  }
  decorate(Streams.prototype, 'health', Get('health'));
  if (variant === 'nest-res') {
    Res()(Streams.prototype, 'withRes', 0);
    decorate(Streams.prototype, 'withRes', Get('orders/stream'));
  } else {
    decorate(Streams.prototype, 'withSse', Sse('orders/stream'));
  }
  const controller = Reflect.decorate([Controller()], Streams);
  const module = Reflect.decorate([Module({ controllers: [controller] })], class FloorModule {});
  const app = await NestFactory.create(module, { logger: false });
  await app.listen(PORT, HOST);
}

const variant = process.argv[2];
if (variant === 'express') {
  const app = express();
  app.get('/health', (req, res) => res.send('ok'));
  app.get('/orders/stream', (req, res) => openRaw(res));
  app.listen(PORT, HOST);
} else if (variant === 'nest-res' || variant === 'nest-sse') {
  await startNest(variant);
} else {
  console.error('usage: servers.mjs express | nest-res | nest-sse');
  process.exit(2);
}
