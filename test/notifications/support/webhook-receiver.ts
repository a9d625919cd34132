import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../../../src/channels/webhook';

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP endpoint on 127.0.0.1, as a team's receiver would be: it verifies each request's
 * signature with `secret` (401 when it does not match), records it and answers `statusFor`.
 */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Requests refused with 401 because their X-Herald-Signature did not verify. */
  forged: number;
  /** The status for the n-th request (0-based), which is given too; 204 by default. */
  statusFor: (index: number, webhook: ReceivedWebhook) => number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const receiver: Partial<WebhookReceiver> & { received: ReceivedWebhook[]; forged: number } = {
    received: [],
    forged: 0,
    statusFor: () => 204,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const signature = String(req.headers['x-herald-signature'] ?? '');
      if (!verifyWebhookSignature(body, secret, signature)) {
        receiver.forged++;
        res.statusCode = 401;
        return res.end();
      }
      const index = receiver.received.length;
      const webhook = { headers: req.headers, body };
      receiver.received.push(webhook);
      res.statusCode = receiver.statusFor!(index, webhook);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/herald`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver as WebhookReceiver;
}
