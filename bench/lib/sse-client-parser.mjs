// Incremental parser for one SSE response read from a raw socket: the HTTP/1.1 status line and
// headers, then the body (chunked transfer-encoding, Content-Length or read-until-close), then
// the text/event-stream frames inside it. Every piece may be split across reads anywhere: in the
// headers, inside a chunk-size line, between a chunk's data and its CRLF, inside an SSE line.
//
// Frames are reported as { id, event, data } (strings, or null when the field was absent); comment
// lines (heartbeats) are counted, not reported. Lines may end with LF or CRLF.

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 64 * 1024;
const MAX_PENDING_LINE = 1024 * 1024;

// Body decoding states.
const S_HEADERS = 0;
const S_CHUNK_SIZE = 1;
const S_CHUNK_DATA = 2;
const S_CHUNK_CRLF = 3;
const S_TRAILER = 4;
const S_IDENTITY = 5;
const S_DONE = 6;

export class SseResponseParser {
  /**
   * @param {object} handlers
   * @param {(status: number, headers: Record<string,string>) => void} [handlers.onHeaders]
   * @param {(frame: {id: string|null, event: string|null, data: string|null}) => void} handlers.onFrame
   * @param {() => void} [handlers.onEnd]  the body ended (chunked terminator or Content-Length)
   * @param {(retry: number) => void} [handlers.onRetry]
   * @param {(err: Error) => void} [handlers.onError]
   */
  constructor(handlers) {
    this.h = handlers;
    this.state = S_HEADERS;
    this.headerBuf = null;
    this.status = 0;
    this.headers = null;
    this.contentLength = false;
    this.chunkRemaining = 0; // data bytes left in the current chunk (or Content-Length left)
    this.sizeLine = ''; // chunk-size line read so far
    this.crlfLeft = 0;
    this.trailerLine = '';
    this.rest = null; // SSE bytes after the last complete line
    // Frame being assembled.
    this.fId = null;
    this.fEvent = null;
    this.fData = null;
    this.hasField = false;
    // Counters.
    this.frames = 0;
    this.comments = 0;
    this.bodyBytes = 0;
  }

  get ended() {
    return this.state === S_DONE;
  }

  /** Feed the bytes of one socket read. */
  push(buf) {
    let pos = 0;
    if (this.state === S_HEADERS) {
      const all = this.headerBuf ? Buffer.concat([this.headerBuf, buf]) : buf;
      const end = all.indexOf(HEADER_END);
      if (end === -1) {
        if (all.length > MAX_HEADER_BYTES)
          return this.fail(new Error('response headers too large'));
        this.headerBuf = all;
        return;
      }
      this.headerBuf = null;
      if (!this.parseHeaders(all.toString('latin1', 0, end))) return;
      buf = all;
      pos = end + 4;
      if (this.state === S_DONE) {
        this.h.onEnd?.();
        return;
      }
    }
    if (this.state === S_IDENTITY) {
      this.feedSse(pos === 0 ? buf : buf.subarray(pos));
      return;
    }
    if (this.contentLength && this.state === S_CHUNK_DATA) {
      const n = Math.min(this.chunkRemaining, buf.length - pos);
      this.feedSse(buf.subarray(pos, pos + n));
      this.chunkRemaining -= n;
      if (this.chunkRemaining === 0) this.finish();
      return;
    }
    this.dechunk(buf, pos);
  }

  parseHeaders(text) {
    const lines = text.split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
    if (!m) {
      this.fail(new Error(`bad status line: ${JSON.stringify(lines[0].slice(0, 80))}`));
      return false;
    }
    this.status = Number(m[1]);
    const headers = {};
    for (let i = 1; i < lines.length; i++) {
      const c = lines[i].indexOf(':');
      if (c > 0) headers[lines[i].slice(0, c).trim().toLowerCase()] = lines[i].slice(c + 1).trim();
    }
    this.headers = headers;
    const te = (headers['transfer-encoding'] || '').toLowerCase();
    if (te.includes('chunked')) this.state = S_CHUNK_SIZE;
    else if (headers['content-length'] !== undefined) {
      this.contentLength = true;
      this.chunkRemaining = Number(headers['content-length']);
      this.state = this.chunkRemaining > 0 ? S_CHUNK_DATA : S_DONE;
    } else if (this.status === 204 || this.status === 304) this.state = S_DONE;
    else this.state = S_IDENTITY;
    this.h.onHeaders?.(this.status, headers);
    return true;
  }

  dechunk(buf, pos) {
    const len = buf.length;
    let pieces = null;
    let single = null;
    while (pos < len && this.state !== S_DONE) {
      switch (this.state) {
        case S_CHUNK_SIZE: {
          const nl = buf.indexOf(LF, pos);
          if (nl === -1) {
            this.sizeLine += buf.toString('latin1', pos, len);
            if (this.sizeLine.length > 1024)
              return this.fail(new Error('chunk size line too long'));
            pos = len;
            break;
          }
          const line = this.sizeLine + buf.toString('latin1', pos, nl);
          this.sizeLine = '';
          pos = nl + 1;
          const size = parseInt(line, 16); // stops at ';' extensions and the trailing CR
          if (Number.isNaN(size))
            return this.fail(new Error(`bad chunk size: ${JSON.stringify(line)}`));
          if (size === 0) {
            this.state = S_TRAILER;
          } else {
            this.chunkRemaining = size;
            this.state = S_CHUNK_DATA;
          }
          break;
        }
        case S_CHUNK_DATA: {
          const n = Math.min(this.chunkRemaining, len - pos);
          const piece = buf.subarray(pos, pos + n);
          if (single === null) single = piece;
          else {
            if (pieces === null) pieces = [single];
            pieces.push(piece);
          }
          pos += n;
          this.chunkRemaining -= n;
          if (this.chunkRemaining === 0) {
            this.state = S_CHUNK_CRLF;
            this.crlfLeft = 2;
          }
          break;
        }
        case S_CHUNK_CRLF: {
          // Tolerate a bare LF.
          const b = buf[pos];
          if (b === CR && this.crlfLeft === 2) {
            this.crlfLeft = 1;
            pos++;
          } else if (b === LF) {
            this.crlfLeft = 0;
            pos++;
            this.state = S_CHUNK_SIZE;
          } else return this.fail(new Error('missing CRLF after chunk data'));
          break;
        }
        case S_TRAILER: {
          const nl = buf.indexOf(LF, pos);
          if (nl === -1) {
            this.trailerLine += buf.toString('latin1', pos, len);
            pos = len;
            break;
          }
          const line = this.trailerLine + buf.toString('latin1', pos, nl);
          this.trailerLine = '';
          pos = nl + 1;
          if (line === '' || line === '\r') this.state = S_DONE;
          break;
        }
        default:
          return this.fail(new Error(`unexpected state ${this.state}`));
      }
    }
    if (pieces !== null) this.feedSse(Buffer.concat(pieces));
    else if (single !== null) this.feedSse(single);
    if (this.state === S_DONE) this.finish();
  }

  finish() {
    this.state = S_DONE;
    this.h.onEnd?.();
  }

  fail(err) {
    this.state = S_DONE;
    if (this.h.onError) this.h.onError(err);
    else throw err;
  }

  /** Parse event-stream bytes into lines and frames. */
  feedSse(chunk) {
    this.bodyBytes += chunk.length;
    let buf = chunk;
    if (this.rest !== null) {
      buf = Buffer.concat([this.rest, chunk]);
      this.rest = null;
    }
    const len = buf.length;
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf(LF, pos);
      if (nl === -1) break;
      let end = nl;
      if (end > pos && buf[end - 1] === CR) end--;
      if (end === pos) this.dispatch();
      else this.line(buf, pos, end);
      pos = nl + 1;
    }
    if (pos < len) {
      if (len - pos > MAX_PENDING_LINE) return this.fail(new Error('SSE line too long'));
      this.rest = buf.subarray(pos);
    }
  }

  line(buf, start, end) {
    const first = buf[start];
    if (first === COLON) {
      this.comments++;
      return;
    }
    let colon = buf.indexOf(COLON, start);
    let vStart;
    if (colon === -1 || colon > end) {
      colon = end; // a field name alone: empty value
      vStart = end;
    } else {
      vStart = colon + 1;
      if (vStart < end && buf[vStart] === SPACE) vStart++;
    }
    const nameLen = colon - start;
    // Compare the field name byte by byte (no string is made for it).
    if (
      nameLen === 4 &&
      first === 0x64 &&
      buf[start + 1] === 0x61 &&
      buf[start + 2] === 0x74 &&
      buf[start + 3] === 0x61
    ) {
      // data
      const v = buf.utf8Slice(vStart, end);
      this.fData = this.fData === null ? v : `${this.fData}\n${v}`;
      this.hasField = true;
    } else if (nameLen === 2 && first === 0x69 && buf[start + 1] === 0x64) {
      // id
      this.fId = buf.utf8Slice(vStart, end);
      this.hasField = true;
    } else if (
      nameLen === 5 &&
      first === 0x65 &&
      buf[start + 1] === 0x76 &&
      buf[start + 4] === 0x74 &&
      buf.latin1Slice(start, colon) === 'event'
    ) {
      this.fEvent = buf.utf8Slice(vStart, end);
      this.hasField = true;
    } else if (nameLen === 5 && first === 0x72 && buf.latin1Slice(start, colon) === 'retry') {
      this.h.onRetry?.(Number(buf.latin1Slice(vStart, end)));
    }
    // Other field names are ignored, as EventSource does.
  }

  dispatch() {
    if (!this.hasField) return;
    const frame = { id: this.fId, event: this.fEvent, data: this.fData };
    this.fId = null;
    this.fEvent = null;
    this.fData = null;
    this.hasField = false;
    this.frames++;
    this.h.onFrame(frame);
  }
}
