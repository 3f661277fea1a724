import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { RateLimiter } from '../src/auth/rate-limiter.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { testConfig } from './support/test-env.js';
import { bearer, eventually, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';

const LIMIT = 3;

/** Starts only with enough of the current minute left, so a test's requests fall in one window. */
async function atStartOfWindow(): Promise<void> {
  const msLeft = 60_000 - (Date.now() % 60_000);
  if (msLeft < 5_000) await new Promise((resolve) => setTimeout(resolve, msLeft + 50));
}

function expectTooManyRequests(res: Response): number {
  expect({ status: res.status, body: res.body }).toEqual({
    status: 429,
    body: { error: 'too_many_requests', message: expect.stringContaining(`at most ${LIMIT} a minute`), details: { retryAfterSeconds: expect.any(Number) } },
  });
  const seconds = res.body.details.retryAfterSeconds as number;
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
  expect(res.headers['retry-after']).toBe(String(seconds));
  return seconds;
}

describe('rate limits per caller', () => {
  // Two API processes sharing one Redis prefix, as replicas behind a load balancer would.
  const prefix = `{rate-${process.pid}-${Math.random().toString(36).slice(2, 7)}}`;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    const limited = { ROLE: 'api', RATE_LIMIT_PER_MINUTE: String(LIMIT), QUEUE_PREFIX: prefix };
    first = await startTestApp(limited);
    second = await startTestApp(limited, { simulator: first.simulator });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });
  beforeEach(atStartOfWindow);

  it(`lets a caller make ${LIMIT} requests a minute across every API process, then answers 429 with Retry-After`, async () => {
    const analyst = bearer(['risk'], `analyst-${Math.random().toString(36).slice(2, 7)}`);
    const apps = [first, second, first];
    for (const app of apps) await app.http().get('/v1/playbooks').set('Authorization', analyst).expect(200);

    const seconds = expectTooManyRequests(await second.http().get('/v1/playbooks').set('Authorization', analyst));
    expect(seconds).toBeLessThanOrEqual(Math.ceil((60_000 - (Date.now() % 60_000)) / 1000) + 1);
    expectTooManyRequests(await first.http().get('/v1/playbooks').set('Authorization', analyst));
  });

  it('counts each token subject on its own', async () => {
    const busy = bearer(['operator'], `busy-${Math.random().toString(36).slice(2, 7)}`);
    for (let i = 0; i < LIMIT; i++) await first.http().get('/v1/playbooks').set('Authorization', busy).expect(200);
    expectTooManyRequests(await first.http().get('/v1/playbooks').set('Authorization', busy));

    await first.http().get('/v1/playbooks').set('Authorization', bearer(['operator'], `calm-${Math.random().toString(36).slice(2, 7)}`)).expect(200);
  });

  it('changes nothing when it refuses a write', async () => {
    const engine = bearer(['system'], `fraud-engine-${Math.random().toString(36).slice(2, 7)}`);
    for (let i = 0; i < LIMIT; i++) await first.http().get('/v1/playbooks').set('Authorization', engine).expect(200);
    const customerRef = uniqueCustomer('limited');
    expectTooManyRequests(await first.http().post('/v1/incidents').set('Authorization', engine).send({ playbook: 'stolen-wallet', customerRef, channel: 'api', cards: [{ cardRef: `card_${customerRef}`, last4: '1234' }] }));
    const [{ n }] = await first.app.get(DataSource).query('SELECT count(*)::int AS n FROM incidents WHERE customer_ref = $1', [customerRef]);
    expect(n).toBe(0);
  });

  it('counts requests without a valid token by client address, so made-up tokens cannot dodge it', async () => {
    // An app of its own: every request of this file comes from the same address.
    const own = { ROLE: 'api', RATE_LIMIT_PER_MINUTE: String(LIMIT) };
    const app = await startTestApp(own, { simulator: first.simulator });
    try {
      for (let i = 0; i < LIMIT; i++) await app.http().get('/v1/playbooks').set('Authorization', `Bearer forged-${i}`).expect(401);
      expectTooManyRequests(await app.http().get('/v1/playbooks').set('Authorization', 'Bearer forged-again'));
      expectTooManyRequests(await app.http().get('/v1/playbooks'));
      // A caller with a valid token is counted by its subject, not by the shared address.
      await app.http().get('/v1/playbooks').set('Authorization', bearer(['operator'], `op-${Math.random().toString(36).slice(2, 7)}`)).expect(200);
    } finally {
      await app.close();
    }
  });

  it('never limits /health, which load balancers poll', async () => {
    for (let i = 0; i < LIMIT * 3; i++) await first.http().get('/health').expect(200);
  });

  it('lets requests through uncounted when Redis does not answer: a card block comes before a limit', async () => {
    const limiter = new RateLimiter(testConfig({ REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_PER_MINUTE: '1' }));
    try {
      const started = Date.now();
      expect([await limiter.retryAfterSeconds('sub:op-1'), await limiter.retryAfterSeconds('sub:op-1')]).toEqual([null, null]);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      limiter.onApplicationShutdown();
    }
  });
});

describe('security headers and body size', () => {
  let t: TestApp;
  let db: DataSource;
  const operator = bearer(['operator'], 'op-hardening');

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  const incidentsOf = async (customerRef: string) => (await db.query('SELECT count(*)::int AS n FROM incidents WHERE customer_ref = $1', [customerRef]))[0].n as number;

  it.each([
    ['a health check', () => t.http().get('/health')],
    ['a JSON answer', () => t.http().get('/v1/playbooks').set('Authorization', operator)],
    ['an error', () => t.http().get('/v1/playbooks')],
    ['an unknown route', () => t.http().get('/v1/nothing-here').set('Authorization', operator)],
    ['a diagram', () => t.http().get('/v1/playbooks/stolen-wallet/diagram').set('Authorization', operator)],
  ])('sends the security headers with %s, and never X-Powered-By', async (_, call) => {
    const res = await call();
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'strict-transport-security': expect.stringMatching(/max-age=\d{7,}/),
      'x-frame-options': 'SAMEORIGIN',
      'content-security-policy': expect.stringContaining("default-src 'self'"),
      'referrer-policy': 'no-referrer',
    });
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('refuses a body over 256 kB with 413 before reading it, and opens nothing', async () => {
    const customerRef = uniqueCustomer('huge');
    const res = await t.http().post('/v1/incidents').set('Authorization', operator).set('Idempotency-Key', `huge-${customerRef}`)
      .send({ playbook: 'stolen-wallet', customerRef, channel: 'phone', note: 'x'.repeat(300 * 1024) });
    expect({ status: res.status, body: res.body }).toEqual({ status: 413, body: { error: 'payload_too_large', message: 'Request body is too large' } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(await incidentsOf(customerRef)).toBe(0);
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1', [`huge-${customerRef}`]);
    expect(n).toBe(0);
  });

  it('refuses an event over 256 kB with 413, leaving the incident as it was', async () => {
    const opened = (await t.http().post('/v1/incidents').set('Authorization', operator)
      .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('huge-event'), channel: 'phone', cards: [{ cardRef: `card_${uniqueCustomer('huge-event')}`, last4: '1234' }] }).expect(201)).body as IncidentView;
    const settled = await eventually(async () => {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM effects WHERE incident_id = $1 AND status NOT IN ('succeeded', 'dead') AND due_at <= now()`, [opened.id]);
      return n === 0 && ((await t.http().get(`/v1/incidents/${opened.id}`).set('Authorization', operator).expect(200)).body as IncidentView);
    }, 'the opening jobs to report');

    const res = await t.http().post(`/v1/incidents/${opened.id}/events`).set('Authorization', operator)
      .send({ type: 'TRANSACTIONS_REVIEWED', data: { disputed: 'x'.repeat(300 * 1024) } });
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 413, error: 'payload_too_large' });
    const after = (await t.http().get(`/v1/incidents/${opened.id}`).set('Authorization', operator).expect(200)).body as IncidentView;
    expect({ version: after.version, timeline: after.timeline }).toEqual({ version: settled.version, timeline: settled.timeline });
  });

  it('reads a body just under the limit, and judges it on its fields', async () => {
    const res = await t.http().post('/v1/incidents').set('Authorization', operator)
      .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('big'), channel: 'phone', note: 'x'.repeat(200 * 1024) });
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'bad_request' });
    expect(res.body.message).toContain('note');
  });
});
