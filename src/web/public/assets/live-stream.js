// One Server-Sent Events subscription with a state a person can read: connecting, live,
// reconnecting, ended. The page reads the stream itself (fetch + SseParser) rather than with
// EventSource, because EventSource hides comments, and Herald's heartbeats are comments: a
// stream that brings no event and no heartbeat for twice SSE_HEARTBEAT_MS is dead (a frozen
// server, a proxy or a sleeping laptop holding a dead connection), however open it looks. Then,
// as after any dropped connection, it reconnects with Last-Event-ID, so Herald replays what was
// missed. When Herald refuses instead (an HTTP error such as 503 while it shuts down, 401 after
// a restart with a new key, or 204 after the end) the stream asks `shouldResume()` and, unless
// the story is over, connects again after a pause.

import { pageSettings } from './page-settings.js';
import { SseParser } from './sse-parser.js';

const MAX_PAUSE_MS = 10_000;
/** Silence longer than this many heartbeat intervals means the stream is dead. */
const SILENT_BEATS = 2;

export class LiveStream {
  /**
   * @param {string} url
   * @param {{ events: Record<string, (data: any, event: { lastEventId: string }) => void>,
   *           onState?: (state: string) => void, onOpen?: () => void,
   *           shouldResume?: () => Promise<boolean> }} options
   */
  constructor(url, options) {
    this.url = url;
    this.options = options;
    this.state = 'idle';
    this.failures = 0;
    this.lastEventId = '';
    this.retryMs = undefined; // the stream's own `retry:`, once it sent one
    this.connection = null; // the AbortController of the request in progress
    this.timer = null;
    this.watchdog = null;
    this.silent = false; // the watchdog, not the network, ended the last connection
    this.stopped = false;
  }

  start() {
    this.stopped = false;
    this.connect();
    return this;
  }

  /** Closes for good; `state` becomes 'ended' unless given another. */
  close(state = 'ended') {
    this.stopped = true;
    clearTimeout(this.timer);
    this.hangUp();
    this.setState(state);
  }

  async connect() {
    if (this.state !== 'reconnecting') this.setState('connecting');
    const settings = await pageSettings();
    if (this.stopped) return;
    const connection = new AbortController();
    this.connection = connection;
    this.retryMs ??= settings.retryMs;
    const silenceMs = SILENT_BEATS * settings.heartbeatMs;
    this.watch(connection, silenceMs); // a server that never answers is as dead as a silent one
    let response;
    try {
      response = await fetch(this.url, {
        credentials: 'same-origin',
        cache: 'no-store',
        signal: connection.signal,
        headers: {
          accept: 'text/event-stream',
          ...(this.lastEventId ? { 'last-event-id': this.lastEventId } : {}),
        },
      });
    } catch {
      return this.dropped(connection);
    }
    if (this.connection !== connection) return;
    const isStream = response.headers.get('content-type')?.startsWith('text/event-stream');
    if (response.status !== 200 || !isStream) {
      response.body?.cancel().catch(() => undefined);
      return this.refused(connection);
    }
    this.failures = 0;
    this.setState('live');
    this.options.onOpen?.();
    await this.read(response, connection, silenceMs).catch(() => undefined);
    this.dropped(connection);
  }

  /** Dispatches the stream's events until it ends or breaks; every byte feeds the watchdog. */
  async read(response, connection, silenceMs) {
    const parser = new SseParser(
      {
        onEvent: (event) => this.dispatch(event, connection),
        onRetry: (ms) => (this.retryMs = ms),
      },
      this.lastEventId,
    );
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done || this.connection !== connection) return;
      this.watch(connection, silenceMs);
      parser.feed(value);
      this.lastEventId = parser.lastEventId;
    }
  }

  dispatch(event, connection) {
    if (this.connection !== connection) return;
    this.lastEventId = event.lastEventId;
    try {
      this.options.events[event.type]?.(parse(event.data), event);
    } catch (error) {
      reportError(error); // the page's bug, not the stream's: keep reading
    }
  }

  /** (Re)starts the countdown to declaring the connection dead. */
  watch(connection, silenceMs) {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      if (this.connection !== connection) return;
      this.silent = true;
      connection.abort(); // the pending read or fetch fails, and `dropped` takes over
    }, silenceMs);
  }

  /** The connection ended, broke or went silent: resume from the last event id. */
  dropped(connection) {
    if (this.stopped || this.connection !== connection) return;
    this.hangUp();
    this.setState('reconnecting');
    // A silent connection is already long dead: no point in waiting any longer.
    const pause = this.silent ? 0 : this.retryMs;
    this.silent = false;
    this.timer = setTimeout(() => this.connect(), pause);
  }

  /** Herald answered, but not with a stream: ask whether to go on, then back off. */
  refused(connection) {
    if (this.stopped || this.connection !== connection) return;
    this.hangUp();
    this.failures += 1;
    this.setState('reconnecting');
    const pause = Math.min(MAX_PAUSE_MS, 500 * 2 ** Math.min(this.failures, 5));
    this.timer = setTimeout(() => this.resume(), pause);
  }

  async resume() {
    if (this.stopped) return;
    let again = true;
    try {
      again = this.options.shouldResume ? await this.options.shouldResume() : true;
    } catch {
      again = true; // Herald still unreachable: keep trying
    }
    if (this.stopped) return;
    if (again) this.connect();
    else this.close();
  }

  hangUp() {
    clearTimeout(this.watchdog);
    this.connection?.abort();
    this.connection = null;
  }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.options.onState?.(state);
  }
}

function parse(data) {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/** Updates a connection badge element to show a stream state. */
export function showConnection(badge, state) {
  const labels = {
    idle: 'Not connected',
    connecting: 'Connecting…',
    live: 'Live',
    reconnecting: 'Reconnecting…',
    ended: 'Ended',
    off: 'Not connected',
  };
  badge.dataset.state = state;
  badge.textContent = labels[state] ?? state;
}
