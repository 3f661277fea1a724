import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { TEST_JWT_SECRET } from './support/test-env.js';
import { bearer, eventually, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';

const now = () => Math.floor(Date.now() / 1000);
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const signed = (claims: object, secret = TEST_JWT_SECRET, algorithm: jwt.Algorithm = 'HS256') => `Bearer ${jwt.sign(claims, secret, { algorithm })}`;

/** Tokens a service must never accept, each built the way an attacker or a broken client would. */
const BAD_TOKENS: [string, string | undefined][] = [
  ['no Authorization header', undefined],
  ['a scheme other than Bearer', `Basic ${Buffer.from('op-1:secret').toString('base64')}`],
  ['"Bearer" with no token', 'Bearer '],
  ['a garbage token', 'Bearer not.a.jwt'],
  ['an expired token (beyond the clock skew)', signed({ sub: 'op-1', roles: ['operator'], exp: now() - 120 })],
  ['a token signed with another secret', signed({ sub: 'op-1', roles: ['operator'], exp: now() + 600 }, 'another-secret-that-is-long-enough-to-sign')],
  ['an alg:none token', `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'op-1', roles: ['operator'], exp: now() + 600 })}.`],
  ['an HS512 token (only HS256 is accepted)', signed({ sub: 'op-1', roles: ['operator'], exp: now() + 600 }, TEST_JWT_SECRET, 'HS512')],
  ['a token with an unknown role', signed({ sub: 'op-1', roles: ['admin'], exp: now() + 600 })],
  ['a token whose roles are not a list', signed({ sub: 'op-1', roles: 'operator', exp: now() + 600 })],
  ['a token without expiry', signed({ sub: 'op-1', roles: ['operator'] })],
  ['a token without subject', signed({ roles: ['operator'], exp: now() + 600 })],
];

describe('access to the API', () => {
  let t: TestApp;
  let incident: IncidentView;

  beforeAll(async () => {
    t = await startTestApp();
    incident = (await t.http().post('/v1/incidents').set('Authorization', bearer(['operator']))
      .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('auth'), channel: 'phone', cards: [{ cardRef: `card_${uniqueCustomer('auth')}`, last4: '4321' }] })
      .expect(201)).body;
    // Its opening jobs report first, so only the requests under test could change it afterwards.
    await eventually(async () => {
      const [{ n }] = await t.app.get(DataSource).query(`SELECT count(*) AS n FROM effects WHERE incident_id = $1 AND status NOT IN ('succeeded', 'dead') AND due_at <= now()`, [incident.id]);
      return Number(n) === 0;
    }, 'the opening jobs to report');
  });
  afterAll(async () => {
    await t.close();
  });

  const routes = () => [
    { name: 'GET /v1/playbooks', call: () => t.http().get('/v1/playbooks') },
    { name: 'GET /v1/playbooks/:id', call: () => t.http().get('/v1/playbooks/stolen-wallet') },
    { name: 'POST /v1/incidents', call: () => t.http().post('/v1/incidents').send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('x'), channel: 'phone' }) },
    { name: 'GET /v1/incidents/:id', call: () => t.http().get(`/v1/incidents/${incident.id}`) },
    { name: 'POST /v1/incidents/:id/events', call: () => t.http().post(`/v1/incidents/${incident.id}/events`).send({ type: 'CUSTOMER_READY' }) },
  ];

  const current = async () => (await t.http().get(`/v1/incidents/${incident.id}`).set('Authorization', bearer(['risk'])).expect(200)).body as IncidentView;

  it('answers /health without a token', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it.each(BAD_TOKENS)('refuses %s with 401 on every /v1 route, changing nothing', async (_, authorization) => {
    const before = await current();
    for (const route of routes()) {
      const req = route.call();
      if (authorization !== undefined) req.set('Authorization', authorization);
      const res = await req;
      expect({ route: route.name, status: res.status, body: res.body }).toEqual({
        route: route.name,
        status: 401,
        body: { error: 'unauthorized', message: expect.stringMatching(/Bearer/) },
      });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
    const after = await current();
    expect({ version: after.version, timeline: after.timeline }).toEqual({ version: before.version, timeline: before.timeline });
  });

  it('says why an expired token was refused', async () => {
    const res = await t.http().get('/v1/playbooks').set('Authorization', signed({ sub: 'op-1', roles: ['operator'], exp: now() - 120 })).expect(401);
    expect(res.body.message).toBe('Bearer token has expired');
  });

  it('tolerates a token that expired within the clock skew', async () => {
    await t.http().get('/v1/playbooks').set('Authorization', signed({ sub: 'op-1', roles: ['operator'], exp: now() - 5 })).expect(200);
  });

  it('lets risk read incidents and playbooks but never change them (403)', async () => {
    const risk = bearer(['risk'], 'analyst-1');
    await t.http().get(`/v1/incidents/${incident.id}`).set('Authorization', risk).expect(200);
    await t.http().get('/v1/playbooks').set('Authorization', risk).expect(200);
    await t.http().get('/v1/playbooks/stolen-wallet').set('Authorization', risk).expect(200);

    const before = await current();
    const opened = await t.http().post('/v1/incidents').set('Authorization', risk)
      .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('risk'), channel: 'phone' });
    expect({ status: opened.status, body: opened.body }).toEqual({ status: 403, body: { error: 'forbidden', message: expect.stringContaining('operator') } });
    const sent = await t.http().post(`/v1/incidents/${incident.id}/events`).set('Authorization', risk).send({ type: 'CUSTOMER_READY' });
    expect({ status: sent.status, error: sent.body.error }).toEqual({ status: 403, error: 'forbidden' });
    const after = await current();
    expect({ version: after.version, timeline: after.timeline }).toEqual({ version: before.version, timeline: before.timeline });
  });

  it('refuses a valid token that carries no role (403)', async () => {
    const res = await t.http().get('/v1/playbooks').set('Authorization', signed({ sub: 'nobody', roles: [], exp: now() + 600 }));
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 403, error: 'forbidden' });
  });

  it.each([
    ['operator', 'op-olga'],
    ['supervisor', 'sup-sam'],
    ['system', 'fraud-engine-7'],
  ] as const)('lets %s open and drive an incident, recording the token subject as the actor', async (role, sub) => {
    const token = bearer([role], sub);
    const opened = await t.http().post('/v1/incidents').set('Authorization', token)
      .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer(role), channel: 'api', cards: [{ cardRef: `card_${uniqueCustomer(role)}`, last4: '1234' }] })
      .expect(201);
    const view = opened.body as IncidentView;
    const sent = await t.http().post(`/v1/incidents/${view.id}/events`).set('Authorization', token)
      .send({ type: 'CUSTOMER_MOOD', data: { mood: 'calm' } })
      .expect(200);
    const timeline = (sent.body as IncidentView).timeline;
    expect(timeline.find((e) => e.type === 'INCIDENT_OPENED')?.actor).toBe(sub);
    expect(timeline.find((e) => e.type === 'CUSTOMER_MOOD')?.actor).toBe(sub);
  });

  it('records each operator under their own subject on a shared incident', async () => {
    await t.http().post(`/v1/incidents/${incident.id}/events`).set('Authorization', bearer(['operator'], 'op-first')).send({ type: 'CUSTOMER_READY' }).expect(200);
    const res = await t.http().post(`/v1/incidents/${incident.id}/events`).set('Authorization', bearer(['supervisor', 'operator'], 'sup-second')).send({ type: 'IDENTITY_FAILED' }).expect(200);
    const actors = (res.body as IncidentView).timeline.filter((e) => ['CUSTOMER_READY', 'IDENTITY_FAILED'].includes(e.type)).map((e) => [e.type, e.actor]);
    expect(actors).toEqual([['CUSTOMER_READY', 'op-first'], ['IDENTITY_FAILED', 'sup-second']]);
  });
});
