import { isCrossSiteWrite } from './cross-site-write';

const request = (method: string, headers: Record<string, string> = {}) => ({ method, headers });
const ALLOWED = ['https://shop.example'];

describe('isCrossSiteWrite', () => {
  it('never refuses a safe method', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(isCrossSiteWrite(request(method, { 'sec-fetch-site': 'cross-site' }), [])).toBe(false);
    }
  });

  it('lets a write through from the same origin, typed by the user, or a client that does not say', () => {
    expect(isCrossSiteWrite(request('POST'), [])).toBe(false);
    expect(isCrossSiteWrite(request('POST', { 'sec-fetch-site': 'same-origin' }), [])).toBe(false);
    expect(isCrossSiteWrite(request('POST', { 'sec-fetch-site': 'none' }), [])).toBe(false);
  });

  it('refuses a write from another site or a sibling unless its origin is allowed', () => {
    for (const site of ['same-site', 'cross-site']) {
      expect(isCrossSiteWrite(request('POST', { 'sec-fetch-site': site }), ALLOWED)).toBe(true);
      expect(
        isCrossSiteWrite(
          request('DELETE', { 'sec-fetch-site': site, origin: 'https://evil.example' }),
          ALLOWED,
        ),
      ).toBe(true);
      expect(
        isCrossSiteWrite(
          request('POST', { 'sec-fetch-site': site, origin: 'https://shop.example' }),
          ALLOWED,
        ),
      ).toBe(false);
    }
  });
});
