import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { Cluster } from '../cluster';
import { AppConfig } from '../common';
import { AuthKeys } from './auth-keys';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { DevTokenIssuer } from './dev-token-issuer.service';
import { throttlerOptions } from './throttler.options';
import { TokenVerifier } from './token-verifier.service';
import { WriteThrottlerGuard } from './write-throttler.guard';

/**
 * Who is calling (JWT from a Bearer header or the herald_token cookie) and how much they may
 * write. The guards are global; their order matters: authentication first, so the rate limit
 * counts per user.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({ inject: [AppConfig, Cluster], useFactory: throttlerOptions }),
  ],
  controllers: [AuthController],
  providers: [
    { provide: AuthKeys, inject: [AppConfig], useFactory: AuthKeys.fromConfig },
    TokenVerifier,
    DevTokenIssuer,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: WriteThrottlerGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
