import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { LifelineError } from '../common/lifeline.error.js';
import { Principal, Role, ROLES } from './principal.js';
import { checkClaims, type TokenClaimRules } from './token-claims.js';

/**
 * How tokens are checked: the HS256 secret and the claim rules. Pass the secret as a KeyObject made once
 * (see TokenVerifier): given a string, jsonwebtoken first tries it as a public key on every call.
 */
export type TokenRules = TokenClaimRules & { JWT_SECRET: string | KeyObject };

/** Tolerated clock difference between the token issuer and us. */
export const CLOCK_SKEW_SECONDS = 30;

export function signToken(principal: Principal, secret: string, ttlSeconds: number, claims: { issuer?: string; audience?: string } = {}): string {
  // jsonwebtoken refuses an `issuer: undefined`, so only the claims that are set are passed.
  const set = Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
  return jwt.sign({ roles: principal.roles }, secret, { algorithm: 'HS256', subject: principal.sub, expiresIn: ttlSeconds, ...set });
}

/** The token of an `Authorization: Bearer <token>` header, or null for any other header or none. */
export function bearerToken(authorization: string | undefined): string | null {
  const [scheme, token] = (authorization ?? '').split(' ');
  return scheme === 'Bearer' && token ? token : null;
}

/** HS256 only (never `alg: none`), the claim rules, and roles must be known ones. */
export function verifyToken(token: string, rules: TokenRules): Principal {
  let claims: jwt.JwtPayload;
  try {
    const decoded = jwt.verify(token, rules.JWT_SECRET, { algorithms: ['HS256'], clockTolerance: CLOCK_SKEW_SECONDS });
    if (typeof decoded === 'string') throw new Error('payload is not an object');
    claims = decoded;
  } catch (error) {
    const reason = error instanceof jwt.TokenExpiredError ? 'token has expired' : 'token is not valid';
    throw new LifelineError('unauthorized', `Bearer ${reason}`);
  }
  checkClaims(claims, rules, CLOCK_SKEW_SECONDS);
  const roles = claims.roles;
  if (!Array.isArray(roles) || !roles.every((r): r is Role => (ROLES as readonly string[]).includes(r))) {
    throw new LifelineError('unauthorized', `Bearer token roles must be a list of: ${ROLES.join(', ')}`);
  }
  return { sub: claims.sub as string, roles };
}
