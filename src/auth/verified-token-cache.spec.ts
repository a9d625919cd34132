import { VerifiedTokenCache } from './verified-token-cache';

const user = (id: string) => ({ id, roles: [] });
const NOW = 1_700_000_000_000;
const inSeconds = (s: number) => (NOW + s * 1000) / 1000;

describe(VerifiedTokenCache.name, () => {
  it('keeps a token until its own expiry', () => {
    const cache = new VerifiedTokenCache();
    cache.set('t', user('a'), inSeconds(60), NOW);
    expect(cache.get('t', NOW + 59_999)).toEqual(user('a'));
    expect(cache.get('t', NOW + 60_000)).toBeUndefined();
    expect(cache.get('t', NOW)).toBeUndefined(); // forgotten once expired
  });

  it('keeps a token five minutes at most', () => {
    const cache = new VerifiedTokenCache();
    cache.set('t', user('a'), inSeconds(3600), NOW);
    expect(cache.get('t', NOW + 299_999)).toEqual(user('a'));
    expect(cache.get('t', NOW + 300_000)).toBeUndefined();
  });

  it('knows nothing of a token it was not given', () => {
    expect(new VerifiedTokenCache().get('t', NOW)).toBeUndefined();
  });

  it('forgets the oldest token once it holds 10,000', () => {
    const cache = new VerifiedTokenCache();
    for (let i = 0; i < 10_000; i++) cache.set(`t${i}`, user(`${i}`), inSeconds(60), NOW);
    expect(cache.get('t0', NOW)).toEqual(user('0'));
    cache.set('new', user('new'), inSeconds(60), NOW);
    expect(cache.get('t0', NOW)).toBeUndefined();
    expect(cache.get('t1', NOW)).toEqual(user('1'));
    expect(cache.get('new', NOW)).toEqual(user('new'));
  });
});
