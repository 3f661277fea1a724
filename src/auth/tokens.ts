import jwt from 'jsonwebtoken';
import { containsCardNumber } from '../common/card-number.js';
import { LifelineError } from '../common/lifeline.error.js';
import { Principal, Role, ROLES } from './principal.js';

/** Tolerated clock difference between the token issuer and us. */
export const CLOCK_SKEW_SECONDS = 30;

export function signToken(principal: Principal, secret: string, ttlSeconds: number): string {
  return jwt.sign({ roles: principal.roles }, secret, { algorithm: 'HS256', subject: principal.sub, expiresIn: ttlSeconds });
}

/** The token of an `Authorization: Bearer <token>` header, or null for any other header or none. */
export function bearerToken(authorization: string | undefined): string | null {
  const [scheme, token] = (authorization ?? '').split(' ');
  return scheme === 'Bearer' && token ? token : null;
}

/** HS256 only (never `alg: none`), an expiry is required, and roles must be known ones. */
export function verifyToken(token: string, secret: string): Principal {
  let claims: jwt.JwtPayload;
  try {
    const decoded = jwt.verify(token, secret, { algorithms: ['HS256'], clockTolerance: CLOCK_SKEW_SECONDS });
    if (typeof decoded === 'string') throw new Error('payload is not an object');
    claims = decoded;
  } catch (error) {
    const reason = error instanceof jwt.TokenExpiredError ? 'token has expired' : 'token is not valid';
    throw new LifelineError('unauthorized', `Bearer ${reason}`);
  }
  if (typeof claims.exp !== 'number') throw new LifelineError('unauthorized', 'Bearer token has no expiry');
  if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 128) {
    throw new LifelineError('unauthorized', 'Bearer token has no subject');
  }
  // The subject is recorded as the actor on every event and audit row.
  if (containsCardNumber(claims.sub)) throw new LifelineError('unauthorized', 'Bearer token subject looks like a card number');
  const roles = claims.roles;
  if (!Array.isArray(roles) || !roles.every((r): r is Role => (ROLES as readonly string[]).includes(r))) {
    throw new LifelineError('unauthorized', `Bearer token roles must be a list of: ${ROLES.join(', ')}`);
  }
  return { sub: claims.sub, roles };
}
