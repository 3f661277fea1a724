import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config.js';
import { LifelineError } from '../common/lifeline.error.js';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './access.decorators.js';
import { Principal, Role } from './principal.js';
import { verifyToken } from './tokens.js';

/** Global guard: a valid Bearer token on every route, then the route's role list; closed by default. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new LifelineError('unauthorized', 'A Bearer token is required');
    const principal = verifyToken(token, this.config.JWT_SECRET);
    request.principal = principal;

    const allowed = this.reflector.getAllAndOverride<Role[]>(ALLOWED_ROLES, targets) ?? [];
    if (!principal.roles.some((role) => allowed.includes(role))) {
      throw new LifelineError('forbidden', `This action needs one of the roles: ${allowed.join(', ') || 'none'}`);
    }
    return true;
  }
}
