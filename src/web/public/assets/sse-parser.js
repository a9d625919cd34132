// The text/event-stream format as the HTML standard reads it (the rules EventSource follows),
// fed chunk by chunk. Unlike EventSource it reports comments too: Herald's heartbeats are
// comment lines (`: `), and the page watches them to tell a quiet stream from a dead one.

export class SseParser {
  /**
   * @param {{ onEvent: (event: { type: string, data: string, lastEventId: string }) => void,
   *           onRetry?: (ms: number) => void }} handlers
   * @param {string} lastEventId the id the stream resumes from
   */
  constructor(handlers, lastEventId = '') {
    this.handlers = handlers;
    this.lastEventId = lastEventId;
    this.pending = '';
    this.reset();
  }

  feed(text) {
    this.pending += text;
    // A CR at the very end may be the first half of a CRLF: wait for the next chunk.
    const lines = this.pending.split(/\r\n|\r(?!$)|\n/);
    this.pending = lines.pop();
    for (const line of lines) this.line(line);
  }

  line(line) {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return; // a comment: a heartbeat
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.type = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.handlers.onRetry?.(Number(value));
  }

  dispatch() {
    // The id counts even for a message without data (Herald's `retry:` carries one).
    if (this.id !== undefined) this.lastEventId = this.id;
    const { type, data } = this;
    this.reset();
    if (data.length === 0) return;
    this.handlers.onEvent({
      type: type || 'message',
      data: data.join('\n'),
      lastEventId: this.lastEventId,
    });
  }

  reset() {
    this.type = '';
    this.data = [];
    this.id = undefined;
  }
}
