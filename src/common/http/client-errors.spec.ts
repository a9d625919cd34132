import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import { Duplex } from 'node:stream';
import { answerClientErrors } from './client-errors';

/** A socket that records what is done to it. */
function fakeSocket(options: { writable?: boolean; inFlight?: object } = {}) {
  const socket = new Duplex({ read() {}, write: (_chunk, _encoding, done) => done() });
  const ended: string[] = [];
  Object.defineProperty(socket, 'writable', { value: options.writable ?? true });
  if (options.inFlight) Object.assign(socket, { _httpMessage: options.inFlight });
  jest.spyOn(socket, 'end').mockImplementation(((chunk: string) => {
    ended.push(chunk);
    return socket;
  }) as never);
  const destroy = jest.spyOn(socket, 'destroy');
  return { socket, ended, destroy };
}

const parserError = (code: string, reason = 'Invalid method encountered') =>
  Object.assign(new Error(`Parse Error: ${reason}`), { code, reason });

describe(answerClientErrors.name, () => {
  beforeAll(() => Logger.overrideLogger(false));
  const server = createServer();
  answerClientErrors(server, 'https://herald.example');

  const answer = (error: Error, socket: Duplex) => server.emit('clientError', error, socket);

  it('answers a parser error with Problem Details and Connection: close, then ends the socket', () => {
    const { socket, ended, destroy } = fakeSocket();
    answer(parserError('HPE_INVALID_METHOD'), socket);

    expect(ended).toHaveLength(1);
    const [head, body] = ended[0].split('\r\n\r\n');
    expect(head.split('\r\n')).toEqual(
      expect.arrayContaining([
        'HTTP/1.1 400 Bad Request',
        'Content-Type: application/problem+json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Connection: close',
      ]),
    );
    expect(JSON.parse(body)).toMatchObject({
      type: 'https://herald.example/problems#REQUEST.MALFORMED',
      status: 400,
      code: 'REQUEST.MALFORMED',
      detail: 'The request is not valid HTTP/1.1: Invalid method encountered.',
      requestId: expect.any(String),
    });
    expect(destroy).not.toHaveBeenCalled();
    socket.destroy();
  });

  it.each([
    ['HPE_HEADER_OVERFLOW', 431, 'REQUEST.HEADERS_TOO_LARGE'],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 413, 'REQUEST.CHUNK_EXTENSIONS_TOO_LARGE'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'REQUEST.TIMEOUT'],
    ['HPE_INVALID_TRANSFER_ENCODING', 400, 'REQUEST.MALFORMED'],
  ])('answers %s with %d %s', (errorCode, status, code) => {
    const { socket, ended } = fakeSocket();
    answer(parserError(errorCode), socket);
    expect(ended[0]).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(JSON.parse(ended[0].split('\r\n\r\n')[1])).toMatchObject({ status, code });
    socket.destroy();
  });

  it('answers a socket once, however often the parser repeats its error', () => {
    const { socket, ended } = fakeSocket();
    answer(parserError('HPE_INVALID_METHOD'), socket);
    answer(parserError('HPE_INVALID_METHOD'), socket);
    expect(ended).toHaveLength(1);
    socket.destroy();
  });

  it('answers a bad pipelined request once the response before it is finished', () => {
    const inFlight = Object.assign(new EventEmitter(), {
      headersSent: true,
      req: { complete: true },
    });
    const { socket, ended } = fakeSocket({ inFlight });
    answer(parserError('HPE_INVALID_METHOD'), socket);
    expect(ended).toEqual([]);
    inFlight.emit('finish');
    expect(ended[0]).toMatch(/^HTTP\/1\.1 400 /);
    socket.destroy();
  });

  it.each([
    ['a connection reset', parserError('ECONNRESET'), {}],
    ['a socket no longer writable', parserError('HPE_INVALID_METHOD'), { writable: false }],
    [
      'a socket whose bad request is being answered',
      parserError('HPE_INVALID_CHUNK_SIZE'),
      { inFlight: { headersSent: true, req: { complete: false } } },
    ],
  ])('only destroys %s', (_case, error, options) => {
    const { socket, ended, destroy } = fakeSocket(options);
    answer(error, socket);
    expect(ended).toEqual([]);
    expect(destroy).toHaveBeenCalled();
  });
});
