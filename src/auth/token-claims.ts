import { containsCardNumber } from '../common/card-number.js';
import { LifelineError } from '../common/lifeline.error.js';

/** What a token must say beyond a good signature; the lifetime cap and, when configured, issuer and audience. */
export interface TokenClaimRules {
  TOKEN_MAX_LIFETIME_SECONDS: number;
  JWT_ISSUER?: string;
  JWT_AUDIENCE?: string;
}

const NOT_ENCODABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The claims Lifeline relies on, checked after the signature: an expiry within the allowed lifetime (a token
 * valid for years is a leaked password), the issuer and audience when set, and a subject fit to be recorded
 * as the actor on every event and audit row.
 */
export function checkClaims(claims: Record<string, unknown>, rules: TokenClaimRules, skewSeconds: number, now = Date.now()): void {
  const refuse = (message: string) => {
    throw new LifelineError('unauthorized', `Bearer token ${message}`);
  };
  if (typeof claims.exp !== 'number') refuse('has no expiry');
  if ((claims.exp as number) > now / 1000 + rules.TOKEN_MAX_LIFETIME_SECONDS + skewSeconds) {
    refuse(`exp is too far ahead: tokens may live at most ${rules.TOKEN_MAX_LIFETIME_SECONDS} s`);
  }
  if (rules.JWT_ISSUER !== undefined && claims.iss !== rules.JWT_ISSUER) refuse('iss is not the configured issuer');
  if (rules.JWT_AUDIENCE !== undefined && !(Array.isArray(claims.aud) ? claims.aud : [claims.aud]).includes(rules.JWT_AUDIENCE)) {
    refuse('aud does not name this service');
  }
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128) refuse('has no subject');
  if (NOT_ENCODABLE.test(sub as string)) refuse('sub holds characters that cannot be stored (a NUL or half of a surrogate pair)');
  if (containsCardNumber(sub as string)) refuse('subject looks like a card number');
}
