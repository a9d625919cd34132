/** The receiver answered, but not with 2xx: the publisher records it and retries with backoff. */
export class WebhookRejectedError extends Error {
  override readonly name = 'WebhookRejectedError';

  constructor(readonly status: number) {
    super(`the webhook receiver answered ${status}`);
  }
}
