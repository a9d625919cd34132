import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { maxHeaderSize, Server, ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { DomainError } from '../errors/domain-error';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problemOf } from '../errors/problem-details';

/** How long an answered connection may go on sending before it is dropped. */
const LINGER_MS = 2000;

type ClientError = Error & { code?: string; reason?: string };

/**
 * Answers what Node's HTTP parser refuses before Express ever sees a request (a URL or headers
 * past the limit, a malformed request line, a bad Transfer-Encoding ...) as Problem Details,
 * like every other error, instead of Node's bare status line. With no request there is no
 * Host, so `type` is absolute only with PUBLIC_URL (`origin`).
 */
export function answerClientErrors(server: Server, origin = ''): void {
  const logger = new Logger('HttpParser');
  const answered = new WeakSet<Duplex>();
  const answer = (socket: Duplex, refusal: DomainError, error: ClientError) => {
    if (!socket.writable) return void socket.destroy();
    const problem = problemOf(refusal, { origin, requestId: randomUUID() });
    logger.warn(
      { requestId: problem.requestId, code: problem.code, parserError: error.code },
      'request refused by the HTTP parser',
    );
    socket.end(httpResponse(problem));
    dropAfterLinger(socket);
  };
  server.on('clientError', (error: ClientError, socket: Duplex) => {
    if (answered.has(socket)) return; // the parser repeats its error for each later chunk
    answered.add(socket);
    const refusal = refusalOf(error, server);
    if (!refusal) return void socket.destroy();
    // Node's own bare answer reads the same private field: the response the socket is on.
    const inFlight = (socket as { _httpMessage?: ServerResponse })._httpMessage;
    if (inFlight?.req?.complete) {
      // A pipelined request behind one still being answered: answered after it, in order.
      inFlight.once('finish', () => answer(socket, refusal, error));
    } else if (inFlight?.headersSent) {
      socket.destroy(); // the bad request's own answer has begun: ours would corrupt it
    } else {
      answer(socket, refusal, error);
    }
  });
}

/** The answer for a parser error; none for a connection that failed (reset, broken pipe). */
function refusalOf(error: ClientError, server: Server): DomainError | undefined {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new DomainError(
        'REQUEST.HEADERS_TOO_LARGE',
        431,
        'Request Header Fields Too Large',
        `The request line and headers exceed ${headerLimit(server)} bytes (the URL counts).`,
      );
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new DomainError(
        'REQUEST.CHUNK_EXTENSIONS_TOO_LARGE',
        413,
        'Payload Too Large',
        'The chunk extensions of the body exceed the limit; send chunks without extensions.',
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new DomainError(
        'REQUEST.TIMEOUT',
        408,
        'Request Timeout',
        'The request did not arrive in time.',
      );
    default:
      if (!error.code?.startsWith('HPE_')) return undefined;
      return new DomainError(
        'REQUEST.MALFORMED',
        400,
        'Bad Request',
        `The request is not valid HTTP/1.1: ${error.reason ?? error.message}.`,
      );
  }
}

function httpResponse(problem: ProblemDetails): string {
  const body = JSON.stringify(problem);
  return [
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    `Date: ${new Date().toUTCString()}`,
    `X-Request-Id: ${problem.requestId}`,
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * `end()` sends the answer and a FIN. Closing the socket at once, with the rest of a large
 * request still unread, would reset the connection, and a reset can make the client discard
 * the answer before reading it; so what still comes is read (the parser drops it) for a while.
 */
function dropAfterLinger(socket: Duplex): void {
  const timer = setTimeout(() => socket.destroy(), LINGER_MS).unref();
  socket.once('close', () => clearTimeout(timer));
}

function headerLimit(server: Server): number {
  return (server as { maxHeaderSize?: number }).maxHeaderSize ?? maxHeaderSize;
}
