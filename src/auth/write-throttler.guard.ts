import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { WriteRateLimitError } from './auth.errors';
import type { AuthenticatedUser } from './authenticated-user';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Limits writes per user (RATE_LIMIT_WRITES_PER_MINUTE). Registered right after the AuthGuard,
 * so the user is known; callers without a user (public routes) are counted by IP.
 */
@Injectable()
export class WriteThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const { method } = context.switchToHttp().getRequest<{ method: string }>();
    return !WRITE_METHODS.has(method);
  }

  protected override async getTracker(req: {
    user?: AuthenticatedUser;
    ip?: string;
  }): Promise<string> {
    return req.user ? `user:${req.user.id}` : `ip:${req.ip ?? 'unknown'}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new WriteRateLimitError(Math.max(1, detail.timeToBlockExpire));
  }
}
