import express from 'express';
import { createServer, request as httpRequest, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepRequestShapesStable, LearnedFields } from './request-shapes';

/** An Express app whose route adds fields to req and res, as middleware and guards do. */
function startApp(seen: { addedOnReq: PropertyKey[]; ownAtStart: PropertyKey[] }[]): Server {
  const app = express();
  app.get('/', (req, res) => {
    const ownAtStart = Reflect.ownKeys(req);
    Object.assign(req, { user: { id: 'u' }, id: 'r-1' });
    res.locals.seen = true;
    seen.push({
      ownAtStart,
      addedOnReq: Reflect.ownKeys(req).filter((k) => !ownAtStart.includes(k)),
    });
    res.send(String(req.query.q));
  });
  const server = createServer(app);
  keepRequestShapesStable(server);
  return server;
}

function get(server: Server, path: string): Promise<{ status: number; body: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe(keepRequestShapesStable.name, () => {
  const seen: { addedOnReq: PropertyKey[]; ownAtStart: PropertyKey[] }[] = [];
  const server = startApp(seen);
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('gives later requests, before Express swaps their prototype, every field earlier ones gained', async () => {
    await get(server, '/?q=first');
    const later = await get(server, '/?q=second');
    expect(later).toEqual({ status: 200, body: 'second' }); // the query getter still works
    expect(seen[0].addedOnReq).toEqual(expect.arrayContaining(['user', 'id']));
    expect(seen[1].addedOnReq).toEqual([]);
    expect(seen[1].ownAtStart).toEqual(expect.arrayContaining(['user', 'id', 'params']));
  });
});

describe(LearnedFields.name, () => {
  class Base {
    code = 1;
  }
  const proto = Object.create(Base.prototype, {
    statusCode: { value: 200, writable: true },
    query: { get: () => 'from the getter' },
  });

  it('declares learned fields in the order learned, with the value read through the prototype', () => {
    const fields = new LearnedFields();
    const handled = Object.setPrototypeOf(new Base(), proto) as Record<string, unknown>;
    const atStart = new Set(Reflect.ownKeys(handled));
    Object.assign(handled, { user: 'u', statusCode: 404, id: 'r' });
    fields.learnFrom(handled, atStart);

    const fresh = Object.setPrototypeOf(new Base(), proto) as Record<string, unknown>;
    fields.declareOn(fresh);
    expect(Object.keys(fresh)).toEqual(['code', 'user', 'statusCode', 'id']);
    expect(fresh).toMatchObject({ user: undefined, statusCode: 200, id: undefined });
  });

  it('declares at most 64 fields, and leaves an inherited read-only one alone', () => {
    const fields = new LearnedFields();
    const readOnly = Object.create(proto, { fixed: { value: 'kept', writable: false } });
    const handled = Object.setPrototypeOf(new Base(), readOnly) as Record<string, unknown>;
    const atStart = new Set(Reflect.ownKeys(handled));
    Object.defineProperty(handled, 'fixed', { value: 'own', enumerable: true });
    for (let i = 0; i < 100; i++) handled[`field${i}`] = i;
    fields.learnFrom(handled, atStart);

    const fresh = Object.setPrototypeOf(new Base(), readOnly) as Record<string, unknown>;
    expect(() => fields.declareOn(fresh)).not.toThrow();
    expect(Object.keys(fresh)).toHaveLength(1 + 63); // `code`, then 63 learned fields
    expect(fresh.fixed).toBe('kept');
  });

  it('never declares a field that an accessor on the prototype chain answers', () => {
    const fields = new LearnedFields();
    const handled = Object.setPrototypeOf(new Base(), proto) as object;
    const atStart = new Set(Reflect.ownKeys(handled));
    Object.defineProperty(handled, 'query', { value: 'own', enumerable: true });
    fields.learnFrom(handled, atStart);

    const fresh = Object.setPrototypeOf(new Base(), proto) as Record<string, unknown>;
    fields.declareOn(fresh);
    expect(fresh.query).toBe('from the getter');
  });
});
