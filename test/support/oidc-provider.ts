import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const newKey = (): SigningKey => ({ kid: randomUUID(), ...generateKeyPairSync('rsa', { modulusLength: 2048 }) });

/**
 * A tiny OpenID provider over real HTTP: discovery and JWKS, RS256 keys made with node:crypto.
 * It signs tokens the way the bank's provider would, and counts JWKS fetches.
 */
export class TestOidcProvider {
  jwksFetches = 0;
  private keys: SigningKey[] = [newKey()];

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
      res.writeHead(404).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    provider = new TestOidcProvider(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return provider;
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
