import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { LifelineError } from '../common/lifeline.error.js';
import { ANYONE, callersOf } from './access-matrix.js';
import { Principal } from './principal.js';
import { TokenVerifier } from './token-verifier.js';

/** Global guard: a valid Bearer token, then one of the roles the access matrix gives the route; closed by default. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly tokens: TokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const callers = callersOf(request);
    if (callers === ANYONE) return true;

    const principal = await this.tokens.principalOf(request);
    request.principal = principal;

    if (!principal.roles.some((role) => callers.includes(role))) {
      throw new LifelineError('forbidden', `This action needs one of the roles: ${callers.join(', ') || 'none'}`);
    }
    return true;
  }
}
