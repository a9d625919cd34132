/**
 * Thrown by a channel that has nowhere to deliver a notification to (the user has no e-mail
 * address): recorded as `skipped` with this message, and not retried.
 */
export class DeliverySkippedError extends Error {
  override readonly name = 'DeliverySkippedError';
}
