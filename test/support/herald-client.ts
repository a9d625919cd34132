import { tokenFor } from './auth';
import { orderBody } from './fixtures';

/** REST calls a browser test makes itself, as `userId`, outside the page. */
export class HeraldClient {
  constructor(
    private readonly baseUrl: string,
    private readonly userId: string,
    private readonly options: { roles?: string[]; secret?: string } = {},
  ) {}

  async createOrder(overrides: Record<string, unknown> = {}): Promise<{ id: string }> {
    return this.call('POST', '/orders', orderBody({ customerId: this.userId, ...overrides }), 201);
  }

  simulate(orderId: string, stepMs: number): Promise<unknown> {
    return this.call('POST', `/orders/${orderId}/simulate`, { stepMs }, 202);
  }

  async unreadCount(): Promise<number> {
    return (await this.call<{ count: number }>('GET', '/notifications/unread-count')).count;
  }

  async call<T = any>(method: string, path: string, body?: unknown, status = 200): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await tokenFor(this.userId, this.options.roles, this.options)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== status) {
      throw new Error(`${method} ${path} answered ${response.status}, not ${status}: ${text}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
