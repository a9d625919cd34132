import { connect } from 'node:net';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** How the connection ended: `end` (a FIN after the answer) or the socket error's code. */
  closedBy: string;
}

/** Writes `bytes` on a raw TCP connection and reads until the server closes it. */
function sendRaw(port: number, bytes: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let received = '';
    let closedBy = 'end';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => (closedBy = error.code ?? 'error'));
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('close', () => {
      const [head, ...rest] = received.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1]);
      if (!status) return reject(new Error(`no HTTP answer: ${JSON.stringify(received)}`));
      const headers = Object.fromEntries(
        lines.map((line) => [line.split(':')[0].toLowerCase(), line.replace(/^[^:]+:\s*/, '')]),
      );
      resolve({ status, headers, body: JSON.parse(rest.join('\r\n\r\n')), closedBy });
    });
  });
}

/** What Node's HTTP parser refuses never reaches Express; it is still Problem Details. */
describe('Requests the HTTP parser refuses', () => {
  let database: TestDatabase;
  let herald: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    herald = await startTestApp({ databaseUrl: database.url });
  });

  afterAll(async () => {
    await herald.close();
    await database.drop();
  });

  const long = 'a'.repeat(20_000);

  it.each([
    {
      sent: 'a URL past the size limit',
      bytes: `GET /${long} HTTP/1.1\r\nHost: x\r\n\r\n`,
      status: 431,
      code: 'REQUEST.HEADERS_TOO_LARGE',
    },
    {
      sent: 'a header past the size limit',
      bytes: `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${long}\r\n\r\n`,
      status: 431,
      code: 'REQUEST.HEADERS_TOO_LARGE',
    },
    {
      sent: 'a malformed request line',
      bytes: 'GARBAGE\r\n\r\n',
      status: 400,
      code: 'REQUEST.MALFORMED',
    },
    {
      sent: 'an HTTP version that does not exist',
      bytes: 'GET / HTTP/7.3\r\nHost: x\r\n\r\n',
      status: 400,
      code: 'REQUEST.MALFORMED',
    },
    {
      sent: 'a control character in a header',
      bytes: 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n',
      status: 400,
      code: 'REQUEST.MALFORMED',
    },
    {
      sent: 'a Transfer-Encoding that does not end with chunked',
      bytes: 'POST /orders HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n',
      status: 400,
      code: 'REQUEST.MALFORMED',
    },
    {
      sent: 'both Content-Length and Transfer-Encoding',
      bytes:
        'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      status: 400,
      code: 'REQUEST.MALFORMED',
    },
    {
      sent: 'a broken chunk in a body',
      bytes:
        'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      status: 400,
      code: 'REQUEST.MALFORMED',
    },
  ])(
    'answers $sent with $status $code, then closes the connection cleanly',
    async ({ bytes, status, code }) => {
      const answer = await sendRaw(herald.port, bytes);

      expect(answer.status).toBe(status);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(answer.headers.connection).toBe('close');
      expect(Number(answer.headers['content-length'])).toBe(
        Buffer.byteLength(JSON.stringify(answer.body)),
      );
      expect(answer.body).toMatchObject({
        type: `/problems#${code}`,
        status,
        code,
        title: expect.any(String),
        detail: expect.any(String),
        requestId: answer.headers['x-request-id'],
      });
      expect(answer.closedBy).toBe('end');
      // the type resolves, relative to the URL the client asked for
      const page = await request(herald.url).get('/problems').expect(200);
      expect(page.text).toContain(`id="${code}"`);
    },
  );

  it('answers a bad pipelined request after the good one before it', async () => {
    const received = await new Promise<string>((resolve) => {
      const socket = connect(herald.port, '127.0.0.1', () =>
        socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
    });
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    const second = received.slice(received.indexOf('HTTP/1.1 400 Bad Request\r\n'));
    expect(second).toMatch(/^HTTP\/1\.1 400 .*"code":"REQUEST\.MALFORMED"/s);
  });

  it('drops a connection the client reset, and goes on serving', async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(herald.port, '127.0.0.1', () => {
        socket.write(`GET /${long}`);
        socket.resetAndDestroy();
        resolve();
      });
    });
    await request(herald.url).get('/health').expect(200);
  });
});
