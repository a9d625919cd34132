import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../common';
import {
  DeliveryReceipt,
  DeliverySkippedError,
  INotificationChannel,
  Notification,
  NotificationChannel,
  RecipientAddresses,
} from '../../notifications';
import { EmailDigests } from './email-digests.service';

/**
 * E-mails notifications through SMTP_URL, gathered into digests (EMAIL_DIGEST_WINDOW). Off while
 * SMTP_URL is unset. A user without an address (no `email` claim, none in the preferences) is
 * skipped. An attempt lasts until the e-mail carrying the notification is sent, so its timeout
 * covers the digest's window; the publisher owns retries and delivery records, as for any channel.
 */
@Injectable()
@NotificationChannel()
export class EmailChannel implements INotificationChannel {
  readonly name = 'email';
  readonly enabled: boolean;
  readonly timeoutMs: number;

  constructor(
    config: AppConfig,
    private readonly addresses: RecipientAddresses,
    private readonly digests: EmailDigests,
  ) {
    this.enabled = Boolean(config.email.smtpUrl);
    this.timeoutMs = digests.longestWaitMs;
  }

  async send(notification: Notification, signal: AbortSignal): Promise<DeliveryReceipt> {
    const address = await this.addresses.emailOf(notification.userId);
    if (!address) {
      throw new DeliverySkippedError(
        'no e-mail address: the token has no email claim and none is set in the preferences',
      );
    }
    return this.digests.deliver(notification, address, signal);
  }
}
