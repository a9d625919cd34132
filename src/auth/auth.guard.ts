import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from './authenticated-user';

/**
 * PLACEHOLDER until the auth issue lands: identifies the caller from `X-User-Id`
 * (roles from `X-User-Roles`, comma-separated). Replaced by JWT verification.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: AuthenticatedUser }>();
    const id = req.headers['x-user-id'];
    if (id)
      req.user = { id, roles: (req.headers['x-user-roles'] ?? '').split(',').filter(Boolean) };
    return true;
  }
}
