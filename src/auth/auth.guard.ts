import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppConfig } from '../common';
import { CrossSiteRequestError, MissingCredentialsError } from './auth.errors';
import type { AuthenticatedUser } from './authenticated-user';
import { isCrossSiteWrite } from './cross-site-write';
import { IS_PUBLIC } from './public.decorator';
import { readToken } from './read-token';
import { TokenVerifier } from './token-verifier.service';

/**
 * Global guard: every route needs a valid token unless marked `@Public()`. Guards run before the
 * handler, so a stream's 401 is a plain Problem Details response, sent before any stream byte.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const presented = readToken(request);
    if (!presented) throw new MissingCredentialsError();
    if (presented.from === 'cookie' && isCrossSiteWrite(request, this.config.http.corsOrigins)) {
      throw new CrossSiteRequestError();
    }
    request.user = await this.verifier.verify(presented.token);
    return true;
  }
}
