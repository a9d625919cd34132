import type { ServerResponse } from 'node:http';
import type { TurnClock } from './turn-clock';

/**
 * Whether a stream's response can take another message now. NestJS writes what an Observable
 * emits through its own queue into an `SseStream` piped to the response; within the turn it is
 * emitted in, unless the response fills up. So a turn that begins with the response not
 * needing a drain begins with NestJS's queue empty, and what waits there is at most what was
 * emitted since: one turn's credit. A message that cannot go waits in the subscriber's own
 * buffer, counted and bounded, and `ready` is called once the response has room again, at the
 * start of a turn, when NestJS has written what it held.
 */
export class ResponseGate {
  private credit = 0;
  private creditTurn = -1;
  private waiting = false;
  private immediate: NodeJS.Immediate | undefined;

  constructor(
    private readonly response: ServerResponse,
    /** Messages that may be emitted per turn: the most NestJS's queue will hold. */
    private readonly perTurn: number,
    private readonly clock: TurnClock,
    private readonly ready: () => void,
  ) {}

  /** Bytes the response holds and has not handed to the kernel yet. */
  get pendingBytes(): number {
    return this.response.writableLength;
  }

  /** True (and one unit of the turn's credit taken) when a message may be emitted now. */
  take(): boolean {
    if (this.waiting || this.response.writableNeedDrain) return false;
    const turn = this.clock.now();
    if (turn !== this.creditTurn) {
      this.creditTurn = turn;
      this.credit = this.perTurn;
    }
    if (this.credit === 0) return false;
    this.credit--;
    return true;
  }

  /** Calls `ready` once a message may go again: after the response drains, or next turn. */
  waitForRoom(): void {
    if (this.waiting) return;
    this.waiting = true;
    if (this.response.writableNeedDrain) this.response.once('drain', this.onDrain);
    else this.nextTurn();
  }

  close(): void {
    this.response.off('drain', this.onDrain);
    clearImmediate(this.immediate);
    this.immediate = undefined;
  }

  private readonly onDrain = (): void => this.nextTurn();

  private nextTurn(): void {
    this.immediate = setImmediate(this.onTurn);
  }

  private readonly onTurn = (): void => {
    this.immediate = undefined;
    this.waiting = false;
    if (this.response.writableNeedDrain) return this.waitForRoom();
    this.ready();
  };
}
