// One Server-Sent Events subscription with a state a person can read: connecting, live,
// reconnecting, ended. The browser's EventSource reconnects by itself after a dropped
// connection (sending Last-Event-ID, so Herald replays what was missed). When it gives up
// instead (an HTTP error such as 503 while Herald shuts down, or 204 after the end) the stream
// asks `shouldResume()` and, unless the story is over, opens a new EventSource after a pause.

const MAX_PAUSE_MS = 10_000;

export class LiveStream {
  /**
   * @param {string} url
   * @param {{ events: Record<string, (data: any, event: MessageEvent) => void>,
   *           onState?: (state: string) => void, onOpen?: () => void,
   *           shouldResume?: () => Promise<boolean> }} options
   */
  constructor(url, options) {
    this.url = url;
    this.options = options;
    this.source = null;
    this.state = 'idle';
    this.failures = 0;
    this.timer = null;
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
    this.source?.close();
    this.source = null;
    this.setState(state);
  }

  connect() {
    this.setState(this.failures ? 'reconnecting' : 'connecting');
    const source = new EventSource(this.url, { withCredentials: true });
    this.source = source;
    source.addEventListener('open', () => {
      this.failures = 0;
      this.setState('live');
      this.options.onOpen?.();
    });
    source.addEventListener('error', () => this.onError(source));
    for (const [name, handler] of Object.entries(this.options.events)) {
      source.addEventListener(name, (event) => {
        if (this.source !== source) return;
        handler(parse(event.data), event);
      });
    }
  }

  onError(source) {
    if (this.stopped || this.source !== source) return;
    if (source.readyState === EventSource.CONNECTING) {
      this.setState('reconnecting');
      return;
    }
    source.close();
    this.source = null;
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
