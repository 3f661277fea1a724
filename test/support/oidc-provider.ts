import { createHash, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const newKey = (): SigningKey => ({ kid: randomUUID(), ...generateKeyPairSync('rsa', { modulusLength: 2048 }) });

/** A code handed out by /authorize, waiting to be traded at /token with the verifier of its challenge. */
interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  user: { sub: string; roles: string[] };
  audience: string;
}

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/**
 * A tiny OpenID provider over real HTTP: discovery, JWKS, and the authorization code flow with PKCE;
 * RS256 keys made with node:crypto.
 * It signs tokens the way the bank's provider would, and counts JWKS fetches.
 */
export class TestOidcProvider {
  jwksFetches = 0;
  /** Who signs in at /authorize next (the provider's own login page, skipped). */
  user = { sub: 'op-oidc', roles: ['operator'] };
  /** Each trade at /token: whether the verifier matched the code's S256 challenge. */
  readonly exchanges: { code: string; verified: boolean }[] = [];
  private keys: SigningKey[] = [newKey()];
  private readonly codes = new Map<string, PendingCode>();

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
  ) {}

  static async start(): Promise<TestOidcProvider> {
    let provider: TestOidcProvider | undefined;
    const server = createServer((req, res) => {
      const send = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.url === '/.well-known/openid-configuration') {
        return send({ issuer: provider!.issuer, authorization_endpoint: `${provider!.issuer}/authorize`, token_endpoint: `${provider!.issuer}/token`, jwks_uri: `${provider!.issuer}/jwks` });
      }
      if (req.url === '/jwks') {
        provider!.jwksFetches++;
        return send({ keys: provider!.keys.map((k) => ({ ...k.publicKey.export({ format: 'jwk' }), kid: k.kid, use: 'sig', alg: 'RS256' })) });
      }
      const url = new URL(req.url ?? '/', provider!.issuer);
      if (req.method === 'GET' && url.pathname === '/authorize') return provider!.authorize(url.searchParams, res);
      if (req.method === 'POST' && url.pathname === '/token') {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => provider!.exchange(new URLSearchParams(body), res));
        return;
      }
      res.writeHead(404).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    provider = new TestOidcProvider(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return provider;
  }

  /** The authorization endpoint: signs `user` in at once and redirects back with a one-time code (S256 PKCE only). */
  private authorize(params: URLSearchParams, res: ServerResponse): void {
    const redirectUri = params.get('redirect_uri');
    const challenge = params.get('code_challenge');
    if (params.get('response_type') !== 'code' || !redirectUri || !challenge || params.get('code_challenge_method') !== 'S256') {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_request' }));
      return;
    }
    const code = randomUUID();
    this.codes.set(code, { clientId: params.get('client_id') ?? '', redirectUri, challenge, user: this.user, audience: params.get('audience') ?? '' });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', params.get('state') ?? '');
    res.writeHead(302, { location: back.toString() }).end();
  }

  /** The token endpoint: the code once, with the verifier whose SHA-256 is its challenge, for an RS256 access token. */
  private exchange(params: URLSearchParams, res: ServerResponse): void {
    const code = params.get('code') ?? '';
    const pending = this.codes.get(code);
    this.codes.delete(code);
    const verified = !!pending && s256(params.get('code_verifier') ?? '') === pending.challenge && params.get('redirect_uri') === pending.redirectUri && params.get('client_id') === pending.clientId;
    this.exchanges.push({ code, verified });
    // A public client in another origin: the browser reads the answer only with CORS allowed.
    const headers = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };
    if (params.get('grant_type') !== 'authorization_code' || !verified) {
      res.writeHead(400, headers).end(JSON.stringify({ error: 'invalid_grant' }));
      return;
    }
    const accessToken = this.token({ sub: pending!.user.sub, roles: pending!.user.roles, aud: pending!.audience });
    res.writeHead(200, headers).end(JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: 300 }));
  }

  /** A new signing key is published (and used from now on); the old ones stay published. */
  rotate(): void {
    this.keys.unshift(newKey());
  }

  /** A token as the provider issues it; any claim or the key id may be overridden to forge a bad one. */
  token(claims: Record<string, unknown>, options: { kid?: string; key?: KeyObject; expiresInSeconds?: number } = {}): string {
    const [current] = this.keys;
    return jwt.sign(
      { iss: this.issuer, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + (options.expiresInSeconds ?? 300), ...claims },
      options.key ?? current.privateKey,
      { algorithm: 'RS256', keyid: options.kid ?? current.kid },
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
