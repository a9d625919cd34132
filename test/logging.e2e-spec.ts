import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { adminHeaders, authHeaders } from './support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from './support/databases';
import { eventually, freePort, orderBody } from './support/fixtures';
import { collectLogLines, LogLine } from './support/log-lines';
import { assertBuilt, startRealProcess } from './support/real-process';

/** What the real process writes to stdout: one JSON line per entry. */
describe.each(databaseKinds())('Logs of the real process on %s', (kind) => {
  let database: TestDatabase;
  let dir: string;
  let server: ChildProcess | undefined;
  let lines: LogLine[];
  let url: string;

  beforeAll(assertBuilt);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-logging-'));
    database = await createTestDatabase(kind);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = await startRealProcess({
      port,
      dir,
      env: { LOG_LEVEL: 'info', DATABASE_URL: database.url },
      stdout: 'pipe',
    });
    lines = collectLogLines(server);
  });

  afterEach(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGKILL');
      await exited; // its connections are gone before its schema is dropped
    }
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  });

  const completed = (id: string) =>
    lines.find((line) => line.msg === 'request completed' && line.req?.id === id);

  const createOrder = async (requestId: string) =>
    request(url)
      .post('/orders')
      .set(await authHeaders('customer-1'))
      .set('X-Request-Id', requestId)
      .send(orderBody())
      .expect(201);

  it('logs each request once it completes, with its id and without credentials', async () => {
    await request(url).get('/health').set('X-Request-Id', 'health-check-1').expect(200);
    await createOrder('create-1');

    await eventually(() => completed('health-check-1') && completed('create-1'));
    expect(completed('health-check-1')?.res?.statusCode).toBe(200);
    expect(completed('create-1')?.res?.statusCode).toBe(201);
    expect(completed('create-1')?.req?.headers.authorization).toBe('[Redacted]');
  });

  it("names what a request only set off by its correlation id, not with the request's own fields", async () => {
    await createOrder('create-2');

    // The console channel's line comes from the relay's batch, which the commit woke: no request
    // context leaks into it, the id rides with the event (test/correlation.e2e-spec.ts).
    const sent = await eventually(() => lines.find((line) => line.context === 'ConsoleChannel'));
    expect(sent).toBeDefined();
    expect((sent as LogLine).req).toBeUndefined();
    expect((sent as LogLine).correlationId).toBe('create-2');
  });

  it('gives a stream no access log line', async () => {
    const stream = await fetch(`${url}/orders/stream`, { headers: await adminHeaders() });
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
    // Once the server has let the stream go, a line for it would already have been written.
    await eventually(async () =>
      /^herald_sse_open_streams 0$/m.test((await request(url).get('/metrics')).text),
    );
    await request(url).get('/health').set('X-Request-Id', 'after-stream').expect(200);

    await eventually(() => completed('after-stream'));
    expect(lines.filter((line) => line.req?.url.includes('/stream'))).toEqual([]);
  });
});

/** JSON lines stay the default wherever no person watches a terminal, development included. */
describe('Log format of the real process', () => {
  let dir: string;
  let server: ChildProcess | undefined;

  beforeAll(assertBuilt);

  afterEach(() => {
    server?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes JSON lines in development when stdout is not a terminal', async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-log-format-'));
    const port = await freePort();
    let output = '';
    server = await startRealProcess({
      port,
      dir,
      env: { NODE_ENV: 'development', LOG_LEVEL: 'info' },
      stdout: 'pipe',
    });
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await request(`http://127.0.0.1:${port}`).get('/health').set('X-Request-Id', 'json-1');

    await eventually(() => output.includes('"json-1"'));
    const lines = output.split('\n').filter((line) => line.trim());
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ level: expect.any(Number) });
  });
});
