import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { SseFrame } from './sse-frame';

/** Node's own bookkeeping on a response, stable since long before Node 20. */
type ResponseInternals = ServerResponse & { chunkedEncoding?: boolean };
type SocketInternals = Socket & { _httpMessage?: unknown };

/**
 * Writes frames to one response. Once the headers are out, and the response is the one its
 * connection is sending (no pipelined answer ahead of it) with chunked encoding, frames go
 * straight to the socket as their pre-built chunks, corked into one writev: no per-subscriber
 * framing or copying. Otherwise they go through `res.write`.
 */
export class ResponseWire {
  private socket: Socket | undefined | null;

  constructor(private readonly res: ServerResponse) {}

  /**
   * Writes the frames in order; false when the client is not keeping up (wait for drain).
   * `joinedChunk`, their chunks as one shared Buffer, makes that a single plain socket write.
   */
  write(frames: readonly SseFrame[], joinedChunk?: Buffer): boolean {
    const socket = this.directSocket();
    if (!socket)
      return this.res.write(
        frames.length === 1 ? frames[0].bytes : Buffer.concat(frames.map((f) => f.bytes)),
      );
    if (frames.length === 1) return socket.write(frames[0].chunk);
    if (joinedChunk) return socket.write(joinedChunk);
    socket.cork();
    for (const frame of frames) socket.write(frame.chunk);
    socket.uncork();
    return !socket.writableNeedDrain;
  }

  /** Bytes written but not yet handed to the kernel. */
  get pendingBytes(): number {
    return (this.socket ?? this.res).writableLength;
  }

  onceDrained(listener: () => void): void {
    (this.socket ?? this.res).once('drain', listener);
  }

  offDrained(listener: () => void): void {
    (this.socket ?? this.res).off('drain', listener);
  }

  /** Resolves when more can be written, or the connection is gone. */
  writable(): Promise<void> {
    const target = this.socket ?? this.res;
    return new Promise((resolve) => {
      const done = () => {
        target.off('drain', done);
        target.off('close', done);
        resolve();
      };
      target.on('drain', done);
      target.on('close', done);
    });
  }

  private directSocket(): Socket | undefined {
    if (this.socket === undefined) {
      const res = this.res as ResponseInternals;
      const socket = res.socket as SocketInternals | null;
      const direct =
        res.headersSent && res.chunkedEncoding === true && socket?._httpMessage === res;
      this.socket = direct ? socket : null;
    }
    return this.socket ?? undefined;
  }
}
