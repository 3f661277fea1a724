import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from './principal.js';
import type { Actor } from './actor.js';

/** The caller as an actor: the token's subject, from the client's address. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<Request & { principal: Principal }>();
  return { id: request.principal.sub, origin: request.ip ?? 'unknown' };
});
