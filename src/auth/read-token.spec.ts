import { readToken } from './read-token';

describe(readToken.name, () => {
  it('prefers the Authorization header over the cookie', () => {
    expect(readToken({ authorization: 'Bearer a.b.c', cookie: 'herald_token=x.y.z' })).toBe(
      'a.b.c',
    );
  });

  it('reads the herald_token cookie among others', () => {
    expect(readToken({ cookie: 'theme=dark; herald_token=x.y.z; other=1' })).toBe('x.y.z');
    expect(readToken({ cookie: 'not_herald_token=x.y.z' })).toBeUndefined();
    expect(readToken({ cookie: 'herald_token=' })).toBeUndefined();
  });

  it('rejects an Authorization header that is not a Bearer token', () => {
    expect(() => readToken({ authorization: 'Basic dTpw' })).toThrow(/Bearer/);
    expect(() => readToken({ authorization: 'Bearer' })).toThrow(/Bearer/);
  });

  it('finds nothing when neither is sent', () => {
    expect(readToken({})).toBeUndefined();
  });
});
