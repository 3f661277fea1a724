import { Injectable } from '@nestjs/common';
import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppConfig } from '../config/app-config.js';
import { LifelineError } from '../common/lifeline.error.js';
import { OidcVerifier } from './oidc-verifier.js';
import type { Principal } from './principal.js';
import { bearerToken, verifyToken } from './tokens.js';

/**
 * The caller of a request, from its Bearer token, verified once per request however many guards ask
 * (the rate limit counts by it, then access is decided by it): RS256 from the identity provider when
 * OIDC is configured, HS256 (`npm run token`, dev sign-in) only while JWT_SECRET is set.
 */
@Injectable()
export class TokenVerifier {
  readonly oidc: OidcVerifier | null;
  private readonly verified = new WeakMap<object, Promise<Principal>>();
  /** Made once: a string secret costs a failed public-key parse on every request (about a tenth of a step's CPU). */
  private readonly secret: KeyObject | null;

  constructor(private readonly config: AppConfig) {
    this.secret = config.JWT_SECRET ? createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')) : null;
    this.oidc = config.OIDC_ISSUER_URL
      ? new OidcVerifier({ issuerUrl: config.OIDC_ISSUER_URL, audience: config.OIDC_AUDIENCE!, rolesClaim: config.OIDC_ROLES_CLAIM, timeoutMs: config.CORE_BANKING_TIMEOUT_MS })
      : null;
  }

  /** Rejects with 401 for a missing or bad token. */
  principalOf(request: { headers: { authorization?: string } }): Promise<Principal> {
    let outcome = this.verified.get(request);
    if (!outcome) {
      const token = bearerToken(request.headers.authorization);
      outcome = token ? this.verify(token) : Promise.reject(new LifelineError('unauthorized', 'A Bearer token is required'));
      outcome.catch(() => undefined); // awaited by each guard; never an unhandled rejection
      this.verified.set(request, outcome);
    }
    return outcome;
  }

  private async verify(token: string): Promise<Principal> {
    const alg = jwt.decode(token, { complete: true })?.header.alg;
    if (alg === 'RS256' && this.oidc) return this.oidc.verify(token);
    if (this.secret) return verifyToken(token, { ...this.config, JWT_SECRET: this.secret });
    throw new LifelineError('unauthorized', 'Bearer token is not valid');
  }
}
