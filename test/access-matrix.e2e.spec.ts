import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import jwt from 'jsonwebtoken';
import type { Test } from 'supertest';
import { DataSource } from 'typeorm';
import { ACCESS_MATRIX, ANYONE, type Callers } from '../src/auth/access-matrix.js';
import { ROLES, type Role } from '../src/auth/principal.js';
import { CLOCK_SKEW_SECONDS } from '../src/auth/tokens.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { TEST_JWT_SECRET } from './support/test-env.js';
import { eventually, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';

const run = Math.random().toString(36).slice(2, 8);
const now = () => Math.floor(Date.now() / 1000);
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const sign = (claims: object, secret = TEST_JWT_SECRET) => `Bearer ${jwt.sign(claims, secret, { algorithm: 'HS256' })}`;
/** Every probe signs as a subject of this run, so anything it changed would be found by its name. */
const subject = (who: string) => `matrix-${run}-${who}`;
const tokenFor = (roles: Role[], who: string) => sign({ sub: subject(who), roles, exp: now() + 600 });

/** Callers that are refused before their role is looked at. */
const BAD_TOKENS: [string, () => string | undefined][] = [
  ['no token', () => undefined],
  [`a token expired beyond the ${CLOCK_SKEW_SECONDS} s clock skew`, () => sign({ sub: subject('expired'), roles: [...ROLES], exp: now() - CLOCK_SKEW_SECONDS - 15 })],
  ['a token signed with another secret', () => sign({ sub: subject('forged'), roles: [...ROLES], exp: now() + 600 }, 'another-secret-that-is-long-enough-to-sign')],
  ['an alg:none token', () => `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: subject('none'), roles: [...ROLES], exp: now() + 600 })}.`],
];

/** The roles column of the README's API table, route by route. */
function documentedMatrix(): Record<string, Callers> {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const rows = readme.slice(readme.indexOf('## API')).split('\n').filter((line) => /^\| `[A-Z]+ \//.test(line));
  return Object.fromEntries(
    rows.flatMap((row) => {
      const [routes, roles] = row.split('|').slice(1, 3).map((cell) => cell.trim());
      const callers: Callers = roles === 'anyone' ? ANYONE : roles === 'all four roles' ? [...ROLES] : (roles.split(/,\s*/) as Role[]);
      return [...routes.matchAll(/`([A-Z]+ \/[^`]*)`/g)].map(([, route]) => [route, callers]);
    }),
  );
}

const sorted = (callers: Callers) => (callers === ANYONE ? ANYONE : [...callers].sort());

describe('the access matrix: every route, every role, every kind of bad token', () => {
  let t: TestApp;
  let db: DataSource;
  let incident: IncidentView;

  beforeAll(async () => {
    // Dev sign-in on, so its route is served and probed too.
    t = await startTestApp({ CONSOLE_DEV_SIGNIN: 'true' });
    db = t.app.get(DataSource);
    incident = (await t.http().post('/v1/incidents').set('Authorization', tokenFor(['operator'], 'setup'))
      .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('matrix'), channel: 'phone', cards: [{ cardRef: `card_${uniqueCustomer('matrix')}`, last4: '4321' }] })
      .expect(201)).body;
    await eventually(async () => {
      const [{ n }] = await db.query(`SELECT count(*) AS n FROM effects WHERE incident_id = $1 AND status NOT IN ('succeeded', 'dead') AND due_at <= now()`, [incident.id]);
      return Number(n) === 0;
    }, 'the opening jobs to report');
    incident = await current();
  });
  afterAll(async () => {
    await t.close();
  });

  const current = async () => (await t.http().get(`/v1/incidents/${incident.id}`).set('Authorization', tokenFor(['risk'], 'reader')).expect(200)).body as IncidentView;

  /**
   * One request per route that gets past the guards only if the caller may call the route, and then
   * changes nothing: writes carry a body the validation refuses, or name an effect that does not exist.
   */
  const probes: Record<string, { call: () => Test; allowed: number }> = {
    'GET /health': { call: () => t.http().get('/health'), allowed: 200 },
    'GET /health/live': { call: () => t.http().get('/health/live'), allowed: 200 },
    'GET /health/ready': { call: () => t.http().get('/health/ready'), allowed: 200 },
    'GET /metrics': { call: () => t.http().get('/metrics'), allowed: 200 },
    'GET /v1/console/config': { call: () => t.http().get('/v1/console/config'), allowed: 200 },
    'POST /v1/console/dev-token': { call: () => t.http().post('/v1/console/dev-token').send({}), allowed: 400 },
    'POST /v1/incidents': { call: () => t.http().post('/v1/incidents').send({}), allowed: 400 },
    'POST /v1/incidents/mass-compromise': { call: () => t.http().post('/v1/incidents/mass-compromise').send({}), allowed: 400 },
    'GET /v1/customers/:customerRef/cards': { call: () => t.http().get('/v1/customers/nobody-at-this-bank/cards'), allowed: 404 },
    'GET /v1/incidents': { call: () => t.http().get('/v1/incidents?limit=1'), allowed: 200 },
    // Streams stay open once allowed: the probes ask for what answers before the stream starts.
    'GET /v1/incidents/stream': { call: () => t.http().get('/v1/incidents/stream?last4=1234'), allowed: 400 },
    'GET /v1/incidents/:id': { call: () => t.http().get(`/v1/incidents/${incident.id}`), allowed: 200 },
    'GET /v1/incidents/:id/stream': { call: () => t.http().get(`/v1/incidents/${randomUUID()}/stream`), allowed: 404 },
    'POST /v1/incidents/:id/assign': { call: () => t.http().post(`/v1/incidents/${incident.id}/assign`).send({ operator: 'not an id' }), allowed: 400 },
    'POST /v1/incidents/:id/events': { call: () => t.http().post(`/v1/incidents/${incident.id}/events`).send({}), allowed: 400 },
    'POST /v1/incidents/:id/switch': { call: () => t.http().post(`/v1/incidents/${incident.id}/switch`).send({}), allowed: 400 },
    'POST /v1/incidents/:id/effects/:effectId/retry': { call: () => t.http().post(`/v1/incidents/${incident.id}/effects/${randomUUID()}/retry`), allowed: 404 },
    'GET /v1/playbooks': { call: () => t.http().get('/v1/playbooks'), allowed: 200 },
    'GET /v1/playbooks/:id': { call: () => t.http().get('/v1/playbooks/stolen-wallet'), allowed: 200 },
    'GET /v1/playbooks/:id/diagram': { call: () => t.http().get('/v1/playbooks/stolen-wallet/diagram'), allowed: 200 },
    'POST /v1/playbooks/:id/simulate': { call: () => t.http().post('/v1/playbooks/stolen-wallet/simulate').send({ events: [] }), allowed: 200 },
    'GET /v1/audit/card-actions': { call: () => t.http().get(`/v1/audit/card-actions?incidentId=${incident.id}`), allowed: 200 },
    'GET /v1/audit/verify': { call: () => t.http().get('/v1/audit/verify'), allowed: 200 },
    'GET /v1/audit/disputes': { call: () => t.http().get(`/v1/audit/disputes?incidentId=${incident.id}`), allowed: 200 },
    'GET /v1/audit/incidents/:id/case-file': { call: () => t.http().get(`/v1/audit/incidents/${incident.id}/case-file`), allowed: 200 },
    'POST /v1/incidents/:id/feedback': { call: () => t.http().post(`/v1/incidents/${incident.id}/feedback`).send({}), allowed: 400 },
    'GET /v1/alerts': { call: () => t.http().get('/v1/alerts'), allowed: 200 },
    'POST /v1/alerts/:id/ack': { call: () => t.http().post(`/v1/alerts/${randomUUID()}/ack`), allowed: 404 },
    'GET /v1/supervision/overview': { call: () => t.http().get('/v1/supervision/overview'), allowed: 200 },
    // A dashboard session only sets a cookie; the board only reads (its writes are refused: test/queue-dashboard.e2e.spec.ts).
    'POST /v1/queues/session': { call: () => t.http().post('/v1/queues/session'), allowed: 201 },
    'GET /v1/queues/board{/*path}': { call: () => t.http().get('/v1/queues/board/api/queues'), allowed: 200 },
  };

  it('has a decision for every route the service serves, and a probe here for each', () => {
    const router = t.app.getHttpAdapter().getInstance().router as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
    // Swagger UI's own files under /docs are static documentation, served outside the guards (test/openapi.e2e.spec.ts).
    const served = router.stack.flatMap(({ route }) => (route && !route.path.startsWith('/docs') ? Object.keys(route.methods).map((method) => `${method.toUpperCase()} ${route.path}`) : []));
    expect(served.length).toBeGreaterThan(0);
    expect([...new Set(served)].sort()).toEqual(Object.keys(ACCESS_MATRIX).sort());
    expect(Object.keys(probes).sort()).toEqual(Object.keys(ACCESS_MATRIX).sort());
  });

  it('is the matrix the README documents', () => {
    const documented = documentedMatrix();
    expect(Object.keys(documented).sort()).toEqual(Object.keys(ACCESS_MATRIX).sort());
    for (const [route, callers] of Object.entries(ACCESS_MATRIX)) expect({ route, callers: sorted(documented[route]) }).toEqual({ route, callers: sorted(callers) });
  });

  describe.each(Object.keys(ACCESS_MATRIX))('%s', (route) => {
    const callers = ACCESS_MATRIX[route];

    it.each(ROLES)('as %s: allowed only if the matrix says so, else 403', async (role) => {
      const res = await probes[route].call().set('Authorization', tokenFor([role], role));
      if (callers === ANYONE || callers.includes(role)) {
        expect({ role, status: res.status }).toEqual({ role, status: probes[route].allowed });
      } else {
        expect({ role, status: res.status, body: res.body }).toEqual({
          role,
          status: 403,
          body: { error: 'forbidden', message: `This action needs one of the roles: ${callers.join(', ')}` },
        });
      }
    });

    it('with a valid token that carries no role: 403 unless open to anyone', async () => {
      const res = await probes[route].call().set('Authorization', tokenFor([], 'no-role'));
      if (callers === ANYONE) expect(res.status).toBe(probes[route].allowed);
      else expect({ status: res.status, error: res.body.error }).toEqual({ status: 403, error: 'forbidden' });
    });

    it.each(BAD_TOKENS)('with %s: 401 unless open to anyone', async (_, token) => {
      const req = probes[route].call();
      const authorization = token();
      if (authorization) req.set('Authorization', authorization);
      const res = await req;
      if (callers === ANYONE) {
        expect(res.status).toBe(probes[route].allowed);
      } else {
        expect({ status: res.status, body: res.body }).toEqual({ status: 401, body: { error: 'unauthorized', message: expect.stringMatching(/^(A )?Bearer/) } });
        expect(res.headers['content-type']).toMatch(/^application\/json/);
      }
    });
  });

  it('left no trace of any probe: no incident, event, card action, acknowledgement or answer by them, the incident as it was', async () => {
    const [{ incidents, events, actions, acknowledged, answered }] = await db.query(
      `SELECT (SELECT count(*) FROM incidents WHERE opened_by LIKE $1 AND opened_by <> $2)::int AS incidents,
              (SELECT count(*) FROM incident_events WHERE actor LIKE $1 AND actor <> $2)::int AS events,
              (SELECT count(*) FROM card_actions WHERE actor LIKE $1 AND actor <> $2)::int AS actions,
              (SELECT count(*) FROM supervisor_alerts WHERE acknowledged_by LIKE $1)::int AS acknowledged,
              (SELECT count(*) FROM follow_ups WHERE answered_by LIKE $1)::int AS answered`,
      [`matrix-${run}-%`, subject('setup')],
    );
    expect({ incidents, events, actions, acknowledged, answered }).toEqual({ incidents: 0, events: 0, actions: 0, acknowledged: 0, answered: 0 });
    const after = await current();
    expect({ version: after.version, timeline: after.timeline }).toEqual({ version: incident.version, timeline: incident.timeline });
  });
});
