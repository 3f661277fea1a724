import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { IncidentPage } from '../src/incidents/incident-search.js';
import { TestOidcProvider } from './support/oidc-provider.js';
import { bearer, startTestApp, TestApp } from './support/test-app.js';

const AUDIENCE = 'lifeline-api';

/** Sign-in: RS256 tokens of the bank's identity provider verified against its JWKS, and the dev sign-in. */
describe('sign-in', () => {
  let provider: TestOidcProvider;
  let t: TestApp;

  beforeAll(async () => {
    provider = await TestOidcProvider.start();
    t = await startTestApp({ ROLE: 'api', OIDC_ISSUER_URL: provider.issuer, OIDC_AUDIENCE: AUDIENCE, OIDC_CLIENT_ID: 'lifeline-console', CONSOLE_DEV_SIGNIN: 'true' });
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });

  const alerts = (token: string) => t.http().get('/v1/alerts').set('Authorization', `Bearer ${token}`);

  describe('tokens from the identity provider (OIDC, RS256, JWKS)', () => {
    it('accepts a valid token, with the roles its claim gives (other groups ignored)', async () => {
      await alerts(provider.token({ sub: 'sup-oidc', aud: AUDIENCE, roles: ['supervisor', 'staff-all'] })).expect(200);
      const asOperator = await alerts(provider.token({ sub: 'op-oidc', aud: AUDIENCE, roles: ['operator'] })).expect(403);
      expect(asOperator.body).toEqual({ error: 'forbidden', message: 'This action needs one of the roles: supervisor' });
    });

    it.each([
      ['the wrong audience', () => provider.token({ sub: 'x', aud: 'another-api', roles: ['supervisor'] }), 'Bearer token is not valid'],
      ['the wrong issuer', () => provider.token({ sub: 'x', aud: AUDIENCE, roles: ['supervisor'], iss: 'https://evil.example' }), 'Bearer token is not valid'],
      ['an expired token', () => provider.token({ sub: 'x', aud: AUDIENCE, roles: ['supervisor'] }, { expiresInSeconds: -120 }), 'Bearer token has expired'],
      ['a key the provider does not publish', () => provider.token({ sub: 'x', aud: AUDIENCE, roles: ['supervisor'] }, { kid: 'unknown-kid', key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }), 'Bearer token is signed with a key the identity provider does not publish'],
      ['a published key id but another key', () => provider.token({ sub: 'x', aud: AUDIENCE, roles: ['supervisor'] }, { key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }), 'Bearer token is not valid'],
    ])('refuses %s with 401', async (_, token, message) => {
      const res = await alerts(token()).expect(401);
      expect(res.body).toEqual({ error: 'unauthorized', message });
    });

    it('fetches the keys again when the provider rotates them', async () => {
      const before = provider.jwksFetches;
      provider.rotate();
      await alerts(provider.token({ sub: 'sup-rotated', aud: AUDIENCE, roles: ['supervisor'] })).expect(200);
      expect(provider.jwksFetches).toBe(before + 1);
      // Cached from then on.
      await alerts(provider.token({ sub: 'sup-rotated', aud: AUDIENCE, roles: ['supervisor'] })).expect(200);
      expect(provider.jwksFetches).toBe(before + 1);
    });

    it('HS256 tokens stay accepted while JWT_SECRET is set', async () => {
      await t.http().get('/v1/alerts').set('Authorization', bearer(['supervisor'], 'sup-hs256')).expect(200);
    });
  });

  describe('the console\'s settings and dev sign-in', () => {
    it('tells the console how to sign in', async () => {
      const res = await t.http().get('/v1/console/config').expect(200);
      expect(res.body).toEqual({
        devSignIn: true,
        oidc: { issuer: provider.issuer, clientId: 'lifeline-console', authorizationEndpoint: `${provider.issuer}/authorize`, tokenEndpoint: `${provider.issuer}/token`, scope: 'openid profile', audience: AUDIENCE },
      });
    });

    it('gives a short-lived token for the roles picked, which the API accepts as that person', async () => {
      const res = await t.http().post('/v1/console/dev-token').send({ sub: 'dev-olga', roles: ['operator', 'risk'] }).expect(200);
      const claims = jwt.decode(res.body.token) as jwt.JwtPayload;
      expect(claims).toMatchObject({ sub: 'dev-olga', roles: ['operator', 'risk'] });
      expect(claims.exp! - claims.iat!).toBe(3600);
      const page = (await t.http().get('/v1/incidents?openedBy=me').set('Authorization', `Bearer ${res.body.token}`).expect(200)).body as IncidentPage;
      expect(page.items).toEqual([]);
      await t.http().get('/v1/alerts').set('Authorization', `Bearer ${res.body.token}`).expect(403);
    });

    it('refuses a bad request with 400', async () => {
      const res = await t.http().post('/v1/console/dev-token').send({ sub: 'dev-olga', roles: ['admin'] }).expect(400);
      expect(res.body).toMatchObject({ error: 'bad_request', message: expect.stringContaining('roles must be a list of operator, supervisor, risk, system') });
      await t.http().post('/v1/console/dev-token').send({ roles: ['operator'] }).expect(400);
    });
  });

  describe('OIDC only: no JWT_SECRET, dev sign-in off', () => {
    let oidcOnly: TestApp;
    beforeAll(async () => {
      oidcOnly = await startTestApp({ ROLE: 'api', JWT_SECRET: '', OIDC_ISSUER_URL: provider.issuer, OIDC_AUDIENCE: AUDIENCE }, { simulator: t.simulator });
    });
    afterAll(async () => {
      await oidcOnly.app.close();
    });

    it('has no dev sign-in route, and says so in its settings', async () => {
      const res = await oidcOnly.http().post('/v1/console/dev-token').send({ sub: 'dev-olga', roles: ['operator'] }).expect(404);
      expect(res.body.error).toBe('not_found');
      expect((await oidcOnly.http().get('/v1/console/config').expect(200)).body).toMatchObject({ devSignIn: false, oidc: { issuer: provider.issuer, clientId: null } });
    });

    it('refuses HS256 tokens and accepts the provider\'s', async () => {
      const res = await oidcOnly.http().get('/v1/alerts').set('Authorization', bearer(['supervisor'], 'sup-hs256')).expect(401);
      expect(res.body).toEqual({ error: 'unauthorized', message: 'Bearer token is not valid' });
      await oidcOnly.http().get('/v1/alerts').set('Authorization', `Bearer ${provider.token({ sub: 'sup-oidc', aud: AUDIENCE, roles: ['supervisor'] })}`).expect(200);
    });
  });

  it('without OIDC the console is told to use dev sign-in or nothing', async () => {
    const plain = await startTestApp({ ROLE: 'api' }, { simulator: t.simulator });
    try {
      expect((await plain.http().get('/v1/console/config').expect(200)).body).toEqual({ devSignIn: false, oidc: null });
    } finally {
      await plain.app.close();
    }
  });
});
