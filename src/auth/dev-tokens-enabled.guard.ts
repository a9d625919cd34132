import { CanActivate, ExecutionContext, Injectable, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import { DevTokenIssuer } from './dev-token-issuer.service';

/**
 * Hides the dev-token endpoint where it must not exist. A guard, not a check in the handler,
 * so it answers before body validation: production gives the same 404 as an unknown route.
 */
@Injectable()
export class DevTokensEnabledGuard implements CanActivate {
  constructor(private readonly issuer: DevTokenIssuer) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.issuer.enabled) return true;
    const req = context.switchToHttp().getRequest<Request>();
    throw new NotFoundException(`Cannot ${req.method} ${req.originalUrl}`);
  }
}
