import { Injectable } from '@nestjs/common';
import { AppConfig, childTraceparent, ConfigError } from '../../common';
import { INotificationChannel, Notification, NotificationChannel } from '../../notifications';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhookBody } from './webhook-signature';
import { WebhookRejectedError } from './webhook.errors';

/**
 * POSTs each notification as JSON to WEBHOOK_URL, signed with WEBHOOK_SECRET. Off when
 * WEBHOOK_URL is unset. Throwing on a non-2xx answer or a network error is all it takes to be
 * retried: the Notifications publisher owns timeouts, retries and delivery records.
 */
@Injectable()
@NotificationChannel()
export class WebhookChannel implements INotificationChannel {
  readonly name = 'webhook';
  readonly enabled: boolean;
  private readonly url?: string;
  private readonly secret: string;

  constructor(config: AppConfig) {
    const { webhookUrl, webhookSecret } = config.notify;
    if (webhookUrl && !webhookSecret) {
      throw new ConfigError(
        'WEBHOOK_URL is set but WEBHOOK_SECRET is not: set WEBHOOK_SECRET (16+ characters) ' +
          'so receivers can verify X-Herald-Signature, or unset WEBHOOK_URL.',
      );
    }
    this.enabled = Boolean(webhookUrl);
    this.url = webhookUrl;
    this.secret = webhookSecret ?? '';
  }

  async send(notification: Notification, signal: AbortSignal): Promise<void> {
    const body = JSON.stringify(notification);
    const response = await fetch(this.url!, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Herald-Webhook/0.1',
        [SIGNATURE_HEADER]: signWebhookBody(body, this.secret),
        // The same on every retry of this notification, so receivers can drop duplicates.
        [DELIVERY_HEADER]: notification.id,
        // The request that caused it, so the receiver's logs join Herald's and the caller's.
        'X-Request-Id': notification.correlationId,
        ...(notification.traceparent && {
          traceparent: childTraceparent(notification.traceparent),
        }),
      },
      body,
      signal,
      redirect: 'error', // a redirect would re-send the signed body somewhere not configured
    });
    await response.body?.cancel(); // the answer's body is not used; free the connection
    if (!response.ok) throw new WebhookRejectedError(response.status);
  }
}
