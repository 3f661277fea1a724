import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Principal, Role } from './principal.js';

export const ALLOWED_ROLES = 'lifeline:allowed-roles';
export const PUBLIC_ROUTE = 'lifeline:public';

/** The roles that may call a route. A route with neither `@Allow` nor `@Public` is closed to everyone. */
export const Allow = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => context.switchToHttp().getRequest().principal,
);
