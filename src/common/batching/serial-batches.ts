/**
 * Work items handed over in one turn of the event loop, handled together on its check phase
 * (`setImmediate`). Batches are handled one after another, never two at once, and what is added
 * while one is handled becomes the next. `handle` settles its items' callers itself and must not
 * throw. Used where one statement (or one commit) for many callers is the point: the outbox's
 * group commit and the delivery records.
 */
export class SerialBatches<T> {
  private pending: T[] = [];
  private handling = false;

  constructor(private readonly handle: (batch: T[]) => Promise<void>) {}

  add(item: T): void {
    if (this.pending.push(item) === 1 && !this.handling) setImmediate(() => void this.handleAll());
  }

  private async handleAll(): Promise<void> {
    this.handling = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        await this.handle(batch);
      }
    } finally {
      this.handling = false;
    }
  }
}
