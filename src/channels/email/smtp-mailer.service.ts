import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { AppConfig } from '../../common';
import type { ComposedEmail } from './email-composer';

export interface OutgoingEmail extends ComposedEmail {
  to: string;
  /** `<…@…>`: chosen by Herald, so a re-sent e-mail has the one the first had. */
  messageId: string;
  /** The notifications it carries, for the receiving side. */
  notificationIds: string[];
}

/** SMTP_URL through nodemailer, one connection per e-mail, bounded by the channel timeout. */
@Injectable()
export class SmtpMailer implements OnApplicationShutdown {
  private readonly transport;
  private readonly from: string;

  constructor(config: AppConfig) {
    const timeoutMs = config.notify.channelTimeoutMs;
    this.from = config.email.from;
    this.transport = config.email.smtpUrl
      ? createTransport({
          url: config.email.smtpUrl,
          connectionTimeout: timeoutMs,
          greetingTimeout: timeoutMs,
          socketTimeout: timeoutMs,
        })
      : undefined;
  }

  /** Resolves once the SMTP server accepted the e-mail; rejects with its answer otherwise. */
  async send(email: OutgoingEmail): Promise<void> {
    if (!this.transport) throw new Error('SMTP_URL is not set');
    await this.transport.sendMail({
      from: this.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: email.messageId,
      headers: { 'X-Herald-Notifications': email.notificationIds.join(', ') },
    });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
