import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { containsCardNumber } from '../common/card-number.js';
import { LifelineError } from '../common/lifeline.error.js';
import { Principal, Role, ROLES } from './principal.js';
import { CLOCK_SKEW_SECONDS } from './tokens.js';

/** What the console needs from the provider's discovery document, and the verifier its keys' address. */
export interface OidcDiscovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

export interface OidcSettings {
  issuerUrl: string;
  audience: string;
  /** The claim that lists the caller's roles; a dotted path reaches into an object (`realm_access.roles`). */
  rolesClaim: string;
  timeoutMs: number;
}

const refused = (reason: string) => new LifelineError('unauthorized', `Bearer ${reason}`);

/**
 * Verifies the bank's identity provider's RS256 tokens against its JWKS: discovered from the issuer
 * URL, cached, and fetched again when a token names a key we do not have (the provider rotated keys).
 * Checks `iss`, `aud` and `exp`; of the roles claim, Lifeline's own roles are kept, others ignored.
 */
export class OidcVerifier {
  private discovered: Promise<OidcDiscovery> | null = null;
  private keys = new Map<string, KeyObject>();
  private fetchingKeys: Promise<void> | null = null;

  constructor(private readonly settings: OidcSettings) {}

  /** The provider's discovery document; a failed fetch is tried again on the next call. */
  discovery(): Promise<OidcDiscovery> {
    this.discovered ??= this.fetchJson<OidcDiscovery>(`${this.settings.issuerUrl.replace(/\/+$/, '')}/.well-known/openid-configuration`).catch((error) => {
      this.discovered = null;
      throw error;
    });
    return this.discovered;
  }

  async verify(token: string): Promise<Principal> {
    const decoded = jwt.decode(token, { complete: true });
    const kid = decoded?.header.kid;
    if (!decoded || decoded.header.alg !== 'RS256' || !kid) throw refused('token is not valid');
    const key = await this.key(kid);
    const { issuer } = await this.discovery();
    let claims: jwt.JwtPayload;
    try {
      const verified = jwt.verify(token, key, { algorithms: ['RS256'], issuer, audience: this.settings.audience, clockTolerance: CLOCK_SKEW_SECONDS });
      if (typeof verified === 'string') throw new Error('payload is not an object');
      claims = verified;
    } catch (error) {
      throw refused(error instanceof jwt.TokenExpiredError ? 'token has expired' : 'token is not valid');
    }
    if (typeof claims.exp !== 'number') throw refused('token has no expiry');
    if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 128) throw refused('token has no subject');
    if (containsCardNumber(claims.sub)) throw refused('token subject looks like a card number');
    const listed = this.settings.rolesClaim.split('.').reduce<unknown>((value, name) => (value as Record<string, unknown> | undefined)?.[name], claims);
    const roles = (Array.isArray(listed) ? listed : []).filter((r): r is Role => (ROLES as readonly unknown[]).includes(r));
    return { sub: claims.sub, roles };
  }

  private async key(kid: string): Promise<KeyObject> {
    if (!this.keys.has(kid)) await this.refreshKeys();
    const key = this.keys.get(kid);
    if (!key) throw refused('token is signed with a key the identity provider does not publish');
    return key;
  }

  /** One fetch at a time, however many requests bring the new key at once. */
  private refreshKeys(): Promise<void> {
    this.fetchingKeys ??= (async () => {
      try {
        const { jwks_uri } = await this.discovery();
        const { keys } = await this.fetchJson<{ keys: (JsonWebKey & { kid?: string; use?: string })[] }>(jwks_uri);
        const rsa = keys.filter((k) => k.kty === 'RSA' && k.kid && (k.use ?? 'sig') === 'sig');
        this.keys = new Map(rsa.map((k) => [k.kid!, createPublicKey({ key: k, format: 'jwk' })]));
      } finally {
        this.fetchingKeys = null;
      }
    })();
    return this.fetchingKeys;
  }

  private async fetchJson<T>(url: string): Promise<T> {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(this.settings.timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as T;
    } catch (error) {
      throw new LifelineError('service_unavailable', `The identity provider did not answer (${url}): ${(error as Error).message}`);
    }
  }
}
