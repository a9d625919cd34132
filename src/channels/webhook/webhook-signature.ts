import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Herald-Signature';
export const DELIVERY_HEADER = 'X-Herald-Delivery';

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`, as GitHub and Stripe-style receivers expect. */
export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** For receivers: compares in constant time, so the signature cannot be guessed byte by byte. */
export function verifyWebhookSignature(body: string, secret: string, header: string): boolean {
  const expected = Buffer.from(signWebhookBody(body, secret));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
