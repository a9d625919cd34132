import { readToken } from './read-token';

describe(readToken.name, () => {
  it('prefers the Authorization header over the cookie', () => {
    expect(
      readToken({ headers: { authorization: 'Bearer a.b.c' }, cookies: { herald_token: 'x.y.z' } }),
    ).toEqual({ token: 'a.b.c', from: 'header' });
  });

  it('reads the herald_token cookie', () => {
    expect(readToken({ headers: {}, cookies: { theme: 'dark', herald_token: 'x.y.z' } })).toEqual({
      token: 'x.y.z',
      from: 'cookie',
    });
    expect(readToken({ headers: {}, cookies: { not_herald_token: 'x.y.z' } })).toBeUndefined();
    expect(readToken({ headers: {}, cookies: { herald_token: '' } })).toBeUndefined();
  });

  it('rejects an Authorization header that is not a Bearer token', () => {
    expect(() => readToken({ headers: { authorization: 'Basic dTpw' }, cookies: {} })).toThrow(
      /Bearer/,
    );
    expect(() => readToken({ headers: { authorization: 'Bearer' }, cookies: {} })).toThrow(
      /Bearer/,
    );
  });

  it('finds nothing when neither is sent', () => {
    expect(readToken({ headers: {}, cookies: {} })).toBeUndefined();
  });
});
