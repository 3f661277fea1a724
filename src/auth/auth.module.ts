import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard.js';
import { RateLimiter } from './rate-limiter.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { TokenVerifier } from './token-verifier.js';

/** Every request is counted against its caller's rate limit first, then checked against the access matrix. */
@Module({
  providers: [TokenVerifier, RateLimiter, { provide: APP_GUARD, useClass: RateLimitGuard }, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenVerifier],
})
export class AuthModule {}
