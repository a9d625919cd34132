/** How much a notification matters; clients choose icon and colour from it. */
export type NotificationSeverity = 'info' | 'success' | 'warning';

/**
 * One message for one person, as every channel receives it. `sequence` is its position in the
 * inbox: the SSE event id of the user's notification stream, so the live stream and the replay
 * from the inbox agree on ids. `id` is stable across re-deliveries (derived from the event).
 * `correlationId` and `traceparent` are the causing request's, for every channel to pass on.
 */
export interface Notification {
  readonly id: string;
  readonly sequence: number;
  readonly userId: string;
  readonly type: string;
  readonly title: string;
  readonly body: string;
  readonly severity: NotificationSeverity;
  readonly orderId: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  /** The id of the request that caused it (its event's `correlationId`): sent as X-Request-Id. */
  readonly correlationId: string;
  /** That request's W3C trace context, if it came with one; calls out join its trace. */
  readonly traceparent: string | null;
}

/** A notification before the inbox has stored it and given it its sequence. */
export type NotificationDraft = Omit<Notification, 'sequence'>;
