import { DomainError } from '../common';

const RETRY_AFTER_SECONDS = '5';

export class ServerAtCapacityError extends DomainError {
  constructor(limit: number) {
    super(
      'STREAM.SERVER_AT_CAPACITY',
      503,
      'Too many open streams',
      `This server holds its maximum of ${limit} streams (SSE_MAX_STREAMS); retry later.`,
      {},
      { 'Retry-After': RETRY_AFTER_SECONDS },
    );
  }
}

export class ShuttingDownError extends DomainError {
  constructor() {
    super(
      'STREAM.SHUTTING_DOWN',
      503,
      'Shutting down',
      'This server is shutting down; reconnect to another.',
      {},
      {
        'Retry-After': '1',
      },
    );
  }
}

export class TooManyUserStreamsError extends DomainError {
  constructor(limit: number) {
    super(
      'STREAM.TOO_MANY_FOR_USER',
      429,
      'Too many streams',
      `You already have ${limit} open streams (SSE_MAX_STREAMS_PER_USER); close one first.`,
      { limit },
      { 'Retry-After': RETRY_AFTER_SECONDS },
    );
  }
}

/**
 * Not an error: the stream is over (its order is final and the client has every event).
 * Answered before any stream byte as `204 No Content`, which tells EventSource to stop.
 */
export class StreamEndedError extends DomainError {
  constructor() {
    super('STREAM.ENDED', 204, 'Stream ended', 'This stream has ended: nothing more will come.');
  }
}
