/** One event of a stream, before it is serialized. `id` is its durable sequence number. */
export interface StreamEvent {
  id: number;
  event: string;
  data: unknown;
  /** The last event this stream will ever carry (an order reached a final status). */
  final?: boolean;
}

/** Where a stream's past events come from when a client replays: always a durable store. */
export interface ReplaySource {
  /** Events with an id greater than `afterId`, oldest first, at most `limit`. */
  readAfter(afterId: number, limit: number): Promise<StreamEvent[]>;
  /** The range of ids the store still holds, to tell a valid Last-Event-ID from a lost one. */
  bounds(): Promise<{ oldest?: number; newest: number }>;
}
