import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard.js';
import { RateLimiter } from './rate-limiter.js';
import { RateLimitGuard } from './rate-limit.guard.js';

/** Every request is counted against its caller's rate limit first, then checked against the access matrix. */
@Module({
  providers: [RateLimiter, { provide: APP_GUARD, useClass: RateLimitGuard }, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
