import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AppConfig } from '../common';
import { AuthGuard } from './auth.guard';
import { IS_PUBLIC } from './public.decorator';
import type { TokenVerifier } from './token-verifier.service';

const user = { id: 'u-1', roles: [] };

function setUp(isPublic = false) {
  const verified: string[] = [];
  const verifier = {
    verify: async (token: string) => (verified.push(token), user),
  } as unknown as TokenVerifier;
  const reflector = new Reflector();
  jest
    .spyOn(reflector, 'getAllAndOverride')
    .mockImplementation((key) => (key === IS_PUBLIC ? isPublic : undefined));
  const config = { http: { corsOrigins: [] } } as unknown as AppConfig;
  return { guard: new AuthGuard(reflector, verifier, config), verified };
}

function contextOf(request: Record<string, unknown>, type = 'http') {
  return {
    getType: () => type,
    getHandler: () => undefined,
    getClass: () => undefined,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => 'allowed',
    (error: { code: string }) => error.code,
  );

describe(AuthGuard.name, () => {
  it('sets the verified user on the request', async () => {
    const { guard, verified } = setUp();
    const request = { method: 'GET', headers: { authorization: 'Bearer a.b.c' }, cookies: {} };
    expect(await guard.canActivate(contextOf(request))).toBe(true);
    expect(verified).toEqual(['a.b.c']);
    expect(request).toMatchObject({ user });
  });

  it('refuses a request with no token', async () => {
    const { guard } = setUp();
    expect(await failure(guard.canActivate(contextOf({ headers: {}, cookies: {} })))).toBe(
      'AUTH.TOKEN_MISSING',
    );
  });

  it('lets public routes and non-HTTP contexts through without a token', async () => {
    expect(await setUp(true).guard.canActivate(contextOf({ headers: {}, cookies: {} }))).toBe(true);
    expect(await setUp().guard.canActivate(contextOf({}, 'rpc'))).toBe(true);
  });

  it('refuses a cross-site write carried by the cookie, not one carried by the header', async () => {
    const crossSite = { 'sec-fetch-site': 'cross-site' };
    const { guard } = setUp();
    const byCookie = { method: 'POST', headers: crossSite, cookies: { herald_token: 'x.y.z' } };
    expect(await failure(guard.canActivate(contextOf(byCookie)))).toBe('AUTH.CROSS_SITE_REQUEST');
    const byHeader = {
      method: 'POST',
      headers: { ...crossSite, authorization: 'Bearer a.b.c' },
      cookies: {},
    };
    expect(await guard.canActivate(contextOf(byHeader))).toBe(true);
    const sameSiteCookie = { method: 'POST', headers: {}, cookies: { herald_token: 'x.y.z' } };
    expect(await guard.canActivate(contextOf(sameSiteCookie))).toBe(true);
  });
});
