import type { Notification } from '../../notifications';
import { EmailComposer } from './email-composer';
import { EmailTemplates } from './email-templates';

const ORDER = '6f1c2a3b-4a8b-4c51-9a34-1f7a3e2b9c10';

function notification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: 'n-1',
    sequence: 1,
    userId: 'customer-42',
    type: 'order.shipped',
    title: 'Order shipped',
    body: 'Your order #6f1c2a3b is on its way.',
    severity: 'info',
    orderId: ORDER,
    data: { status: 'Shipped' },
    createdAt: '2026-11-22T10:05:00.000Z',
    correlationId: 'request-1',
    traceparent: null,
    ...overrides,
  };
}

describe(EmailComposer.name, () => {
  const composer = new EmailComposer();

  it("writes one notification with its type's subject and bodies", () => {
    const email = composer.compose([notification()]);
    expect(email.subject).toBe('Your order #6f1c2a3b is on its way');
    expect(email.text).toContain('Order shipped\n\nYour order #6f1c2a3b is on its way.');
    expect(email.text).toContain('2026-11-22 10:05 UTC');
    expect(email.html).toContain('<h1>Order shipped</h1>');
    expect(email.html).toContain('<title>Your order #6f1c2a3b is on its way</title>');
  });

  it('escapes everything it puts into HTML, and nothing in the text', () => {
    const title = `<script>alert("x")</script> & 'q'`;
    const email = composer.compose([notification({ type: 'order.unknown-kind', title })]);
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;',
    );
    expect(email.subject).toBe(title); // a header, not HTML: nodemailer encodes it
    expect(email.text).toContain(title);
  });

  it('lists several notifications in one digest, in the order given', () => {
    const email = composer.compose([
      notification({ id: 'a', title: 'Order received', createdAt: '2026-11-22T10:00:00.000Z' }),
      notification({ id: 'b', title: 'Payment confirmed' }),
      notification({ id: 'c', title: 'Other <b>order</b>', orderId: `aaaabbbb${ORDER.slice(8)}` }),
    ]);
    expect(email.subject).toBe('3 updates on your orders #6f1c2a3b and #aaaabbbb');
    expect(email.text).toMatch(/1\. Order received[^]*2\. Payment confirmed[^]*3\. Other <b>/);
    expect(email.html).toContain('<strong>Other &lt;b&gt;order&lt;/b&gt;</strong>');
    expect(email.html.indexOf('Order received')).toBeLessThan(email.html.indexOf('Payment'));
  });
});

describe(EmailTemplates.name, () => {
  it('refuses to render a placeholder it has no value for', () => {
    expect(() => new EmailTemplates().text('order.shipped/text.txt', { title: 'x' })).toThrow(
      'e-mail template order.shipped/text.txt needs a value for body',
    );
  });
});
