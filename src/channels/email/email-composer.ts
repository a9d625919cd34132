import { Injectable } from '@nestjs/common';
import type { Notification } from '../../notifications';
import { EmailTemplates, SafeHtml, TemplateValues } from './email-templates';

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Turns notifications into one e-mail: a single notification with its type's templates
 * (`templates/<type>/`, or `templates/default/`), several as a digest listing them in order.
 */
@Injectable()
export class EmailComposer {
  private readonly templates = new EmailTemplates();

  compose(notifications: readonly Notification[]): ComposedEmail {
    return notifications.length === 1 ? this.single(notifications[0]) : this.digest(notifications);
  }

  private single(notification: Notification): ComposedEmail {
    const folder = this.templates.has(`${notification.type}/subject.txt`)
      ? notification.type
      : 'default';
    const values = valuesOf(notification);
    const subject = oneLine(this.templates.text(`${folder}/subject.txt`, values));
    return this.inLayout(
      subject,
      this.templates.text(`${folder}/text.txt`, values),
      this.templates.html(`${folder}/body.html`, values),
    );
  }

  private digest(notifications: readonly Notification[]): ComposedEmail {
    const items = notifications.map((notification, index) => ({
      ...valuesOf(notification),
      number: index + 1,
    }));
    const subject = oneLine(
      this.templates.text('digest/subject.txt', {
        count: notifications.length,
        orders: ordersOf(notifications),
      }),
    );
    const text = items.map((item) => this.templates.text('digest/item.txt', item)).join('');
    const html = items.map((item) => this.templates.html('digest/item.html', item).html).join('');
    return this.inLayout(
      subject,
      this.templates.text('digest/text.txt', { items: text }),
      this.templates.html('digest/body.html', { items: new SafeHtml(html) }),
    );
  }

  private inLayout(subject: string, text: string, html: SafeHtml): ComposedEmail {
    return {
      subject,
      text: this.templates.text('layout/text.txt', { content: text }),
      html: this.templates.html('layout/body.html', { subject, content: html }).html,
    };
  }
}

function valuesOf(notification: Notification): TemplateValues {
  return {
    title: notification.title,
    body: notification.body,
    order: notification.orderId ? orderRef(notification.orderId) : '',
    status: String(notification.data.status ?? ''),
    time: formatTime(notification.createdAt),
  };
}

const orderRef = (orderId: string) => `#${orderId.slice(0, 8)}`;

/** "order #a", "orders #a and #b", "orders #a, #b and #c": each order once, first seen first. */
function ordersOf(notifications: readonly Notification[]): string {
  const refs = [...new Set(notifications.flatMap((n) => (n.orderId ? [orderRef(n.orderId)] : [])))];
  if (refs.length <= 1) return `order ${refs[0] ?? ''}`.trim();
  return `orders ${refs.slice(0, -1).join(', ')} and ${refs.at(-1)}`;
}

/** A subject is one header line, whatever a template's line breaks. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Readers are anywhere: UTC, spelled out, the same in every e-mail client. */
const formatTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
