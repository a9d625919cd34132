/** One problem `code` as `GET /problems` explains it; `title` and `status` are the ones sent. */
export interface ProblemEntry {
  code: string;
  status: number;
  title: string;
  meaning: string;
}

/**
 * Every code Herald's API can answer with. The errors themselves live with their modules;
 * test/problems.e2e-spec.ts reads the source for every code and checks each is here, with the
 * same status and title, so a new error cannot be left out of the page.
 */
export const PROBLEM_CATALOGUE: readonly ProblemEntry[] = [
  {
    code: 'REQUEST.INVALID',
    status: 400,
    title: 'Invalid request',
    meaning:
      'A field of the body, the query or the path failed validation. `errors` lists each as `{ field, reason }`; fix those and send again.',
  },
  {
    code: 'REQUEST.MALFORMED_JSON',
    status: 400,
    title: 'Malformed JSON',
    meaning: 'The body is not valid JSON. The detail says where parsing stopped.',
  },
  {
    code: 'REQUEST.UNREADABLE',
    status: 400,
    title: 'Unreadable body',
    meaning: 'The body could not be read to its end, e.g. the client stopped sending it.',
  },
  {
    code: 'REQUEST.TOO_LARGE',
    status: 413,
    title: 'Payload Too Large',
    meaning: 'The body is larger than the server accepts (`BODY_LIMIT`, 100kb by default).',
  },
  {
    code: 'REQUEST.UNSUPPORTED_ENCODING',
    status: 415,
    title: 'Unsupported Media Type',
    meaning:
      'The body is in a charset other than UTF-8, or compressed with a `Content-Encoding` other than gzip, deflate or br.',
  },
  {
    code: 'REQUEST.MALFORMED',
    status: 400,
    title: 'Bad Request',
    meaning:
      'The request is not valid HTTP/1.1 (its request line, a header, `Transfer-Encoding` or `Content-Length`, or the chunked framing of its body), so it was refused before routing. The detail names what; the connection is closed.',
  },
  {
    code: 'REQUEST.HEADERS_TOO_LARGE',
    status: 431,
    title: 'Request Header Fields Too Large',
    meaning:
      "The request line and headers together (the URL counts) exceed the server's limit, 16 KiB unless Node is started with `--max-http-header-size`. The connection is closed.",
  },
  {
    code: 'REQUEST.CHUNK_EXTENSIONS_TOO_LARGE',
    status: 413,
    title: 'Payload Too Large',
    meaning:
      'The chunk extensions of a chunked body exceed 16 KiB. Herald reads none; send chunks without extensions. The connection is closed.',
  },
  {
    code: 'REQUEST.TIMEOUT',
    status: 408,
    title: 'Request Timeout',
    meaning:
      "The headers or the body did not arrive in time (Node's `headersTimeout` and `requestTimeout`). The connection is closed.",
  },
  {
    code: 'AUTH.TOKEN_MISSING',
    status: 401,
    title: 'Authentication required',
    meaning:
      'The request carries no token. Send `Authorization: Bearer <jwt>`, or the `herald_token` cookie from a browser.',
  },
  {
    code: 'AUTH.TOKEN_INVALID',
    status: 401,
    title: 'Invalid token',
    meaning:
      'The token was refused: expired, wrongly signed, of another issuer or audience, or with an algorithm Herald does not accept. The detail says which.',
  },
  {
    code: 'AUTH.FORBIDDEN',
    status: 403,
    title: 'Forbidden',
    meaning:
      'The caller is known but may not do this: an admin-only action, or naming another customer.',
  },
  {
    code: 'AUTH.CROSS_SITE_REQUEST',
    status: 403,
    title: 'Cross-site request refused',
    meaning:
      'A write authenticated by the cookie came from a page of another site. Pages of Herald and origins in `CORS_ORIGINS` may write; other clients send a Bearer token.',
  },
  {
    code: 'AUTH.KEYS_UNAVAILABLE',
    status: 503,
    title: 'Service Unavailable',
    meaning:
      "The identity provider's keys (`AUTH_JWKS_URL`) cannot be fetched, so no token can be checked now. Retry after `Retry-After`.",
  },
  {
    code: 'RATE_LIMIT.EXCEEDED',
    status: 429,
    title: 'Too Many Requests',
    meaning:
      'This user sent more writes than `RATE_LIMIT_WRITES_PER_MINUTE` allows. Retry after `Retry-After` seconds.',
  },
  {
    code: 'ORDER.NOT_FOUND',
    status: 404,
    title: 'Order not found',
    meaning: 'No order has this id, or it belongs to someone else (the two look the same).',
  },
  {
    code: 'ORDER.INVALID_TRANSITION',
    status: 409,
    title: 'Invalid status transition',
    meaning:
      'The lifecycle does not allow this move from the current status. `currentStatus`, `requestedStatus` and `allowedNext` say where the order is and where it may go.',
  },
  {
    code: 'ORDER.VERSION_CONFLICT',
    status: 409,
    title: 'Version conflict',
    meaning:
      'The order changed since the caller read it (`expectedVersion` ≠ `currentVersion`). Read it again and decide anew.',
  },
  {
    code: 'ORDER.SIMULATION_CONFLICT',
    status: 409,
    title: 'Simulation not possible',
    meaning: 'A simulation of this order is already running, or the order is final.',
  },
  {
    code: 'ORDER.SIMULATOR_STOPPING',
    status: 503,
    title: 'Shutting down',
    meaning: 'This instance is shutting down and starts no simulations. Retry against another.',
  },
  {
    code: 'NOTIFICATION.NOT_FOUND',
    status: 404,
    title: 'Notification not found',
    meaning: 'The caller has no notification with this id.',
  },
  {
    code: 'STREAM.TOO_MANY_FOR_USER',
    status: 429,
    title: 'Too many streams',
    meaning:
      'This user already holds `SSE_MAX_STREAMS_PER_USER` open streams on this instance. Close one, or retry after `Retry-After`.',
  },
  {
    code: 'STREAM.SERVER_AT_CAPACITY',
    status: 503,
    title: 'Too many open streams',
    meaning:
      'This instance holds its maximum of streams (`SSE_MAX_STREAMS`). Retry after `Retry-After`, here or elsewhere.',
  },
  {
    code: 'STREAM.SHUTTING_DOWN',
    status: 503,
    title: 'Shutting down',
    meaning:
      'This instance is shutting down and opens no streams. Reconnect (to another instance); replay fills the gap.',
  },
  {
    code: 'STREAM.ENDED',
    status: 204,
    title: 'Stream ended',
    meaning:
      'Not an error and sent without a body: the order is final and the client has every event, so `EventSource` stops reconnecting.',
  },
  {
    code: 'HEALTH.NOT_READY',
    status: 503,
    title: 'Not ready',
    meaning:
      'From `GET /health/ready`: this instance should get no traffic now. `checks` says which parts are down (database, migrations, relay lag, shutdown).',
  },
  {
    code: 'HTTP.BAD_REQUEST',
    status: 400,
    title: 'Bad Request',
    meaning: 'The path holds an invalid percent-encoding, such as `%E0`.',
  },
  {
    code: 'HTTP.UNAUTHORIZED',
    status: 401,
    title: 'Unauthorized',
    meaning: 'The route needs a signed-in caller and there is none.',
  },
  {
    code: 'HTTP.NOT_FOUND',
    status: 404,
    title: 'Not Found',
    meaning: 'No route answers this method and path (`POST /auth/dev-token` is one in production).',
  },
  {
    code: 'HTTP.SERVICE_UNAVAILABLE',
    status: 503,
    title: 'Service Unavailable',
    meaning: 'From `GET /health`: the database does not answer.',
  },
  {
    code: 'DATABASE.UNAVAILABLE',
    status: 503,
    title: 'Database unavailable',
    meaning:
      'The database cannot be reached (refused, cut off, restarting): nothing was changed. Retry after `Retry-After` seconds; open streams stay open meanwhile.',
  },
  {
    code: 'INTERNAL',
    status: 500,
    title: 'Internal Server Error',
    meaning:
      'Herald failed in a way it did not expect. It logged the error with the `requestId`: quote it when reporting.',
  },
];
