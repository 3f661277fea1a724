import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config.js';
import { LifelineError } from '../common/lifeline.error.js';
import { ANYONE, callersOf } from './access-matrix.js';
import { RateLimiter } from './rate-limiter.js';
import { TokenVerifier } from './token-verifier.js';

/** Global guard, before the auth guard: `RATE_LIMIT_PER_MINUTE` requests per caller, then 429 with Retry-After. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
    private readonly tokens: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    // Load balancers poll the routes open to anyone (health).
    if (callersOf(request) === ANYONE) return true;
    const retryAfterSeconds = await this.limiter.retryAfterSeconds(await this.callerOf(request));
    if (retryAfterSeconds === null) return true;
    throw new LifelineError(
      'too_many_requests',
      `Too many requests: at most ${this.config.RATE_LIMIT_PER_MINUTE} a minute per caller; retry in ${retryAfterSeconds} s`,
      { retryAfterSeconds },
    );
  }

  /** The token's subject once verified; without a valid token, the client address, so made-up subjects cannot dodge the limit. */
  private async callerOf(request: Request): Promise<string> {
    try {
      return `sub:${(await this.tokens.principalOf(request)).sub}`;
    } catch {
      // A missing or invalid token is refused by the auth guard; until then it counts as its address.
      return `ip:${request.ip}`;
    }
  }
}
