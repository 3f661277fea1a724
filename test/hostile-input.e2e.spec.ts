import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fc from 'fast-check';
import type { Response, Test } from 'supertest';
import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { ACCESS_MATRIX } from '../src/auth/access-matrix.js';
import { EVENTS } from '../src/playbooks/catalog/events.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { bearer, eventually, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';
import { TEST_JWT_SECRET } from './support/test-env.js';

const run = Math.random().toString(36).slice(2, 8);
const operator = bearer(['operator'], `fuzz-${run}-operator`);
const supervisor = bearer(['supervisor'], `fuzz-${run}-supervisor`);
const fraudEngine = bearer(['system'], `fuzz-${run}-system`);
const risk = bearer(['risk'], `fuzz-${run}-risk`);
const RUNS = 200;

// ---- What a hostile or broken client sends ----

/** Any text a header can carry (visible ASCII and Latin-1). */
const headerText = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c < 0x7f || c > 0x9f).map((c) => String.fromCharCode(c)), maxLength });

/** Text PostgreSQL cannot store: a NUL or a lone half of a surrogate pair, somewhere in ordinary text. */
const unstorableText = fc
  .tuple(fc.string({ maxLength: 20 }), fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\uDBFF\u0000', 'a\uDC00b'), fc.string({ maxLength: 20 }))
  .map(([before, bad, after]) => `${before}${bad}${after}`);

/** JSON of every type, plus values that strain a server: long text, odd numbers and characters. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.nat({ max: 300_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, '', ' ', 'null', '{}', '\u0000', '\uD800', '💳', 'DROP TABLE incidents;--') },
  { weight: 1, arbitrary: unstorableText },
);

/** An object with the route's own field names (and prototype keys) holding any JSON at all. */
const fieldsOf = (...names: string[]) => fc.dictionary(fc.constantFrom(...names, '__proto__', 'constructor', 'prototype'), anyJson, { maxKeys: names.length + 2 });

/** Arrays or objects nested up to 20,000 deep, as text (too deep to build as values here). */
const deeplyNested = fc.tuple(fc.boolean(), fc.nat({ max: 20_000 })).map(([arrays, n]) => (arrays ? '['.repeat(n) + ']'.repeat(n) : '{"a":'.repeat(n) + '1' + '}'.repeat(n)));

/** A request body as sent; a failure prints its start and length, not 250 kB of it. */
class Body {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text.length > 200 ? `${JSON.stringify(this.text.slice(0, 200))}… (${this.text.length} characters)` : JSON.stringify(this.text);
  }

  [fc.toStringMethod](): string {
    return this.toString();
  }
}

/** A body as raw text: JSON built from `shapes`, deep nesting (whole or in a field), a prototype-polluting document, or not JSON at all. */
const rawBody = (shapes: fc.Arbitrary<unknown>, field = 'data'): fc.Arbitrary<Body> =>
  fc.oneof(
    { weight: 8, arbitrary: shapes.map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 1, arbitrary: deeplyNested },
    { weight: 1, arbitrary: deeplyNested.map((nested) => `{"${field}": ${nested}}`) },
    { weight: 1, arbitrary: anyJson.map((value) => `{"__proto__": {"polluted": ${JSON.stringify(value) ?? 'null'}}, "constructor": {"prototype": {"polluted": true}}}`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  ).map((text) => new Body(text));

const contentType = fc.constantFrom(
  'application/json', 'application/json', 'application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16',
  'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
  'application/xml', 'application/merge-patch+json', '*/*', 'application/json;;;', 'image/svg+xml',
);

/** The Authorization header: mostly the valid one (so requests reach validation), else junk. */
const authorization = (valid: string) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(valid) },
    { weight: 1, arbitrary: headerText(300) },
    { weight: 1, arbitrary: fc.tuple(headerText(60), headerText(60), headerText(60)).map((parts) => `Bearer ${parts.join('.')}`) },
  );

const idempotencyKey = fc.option(fc.oneof(headerText(300), fc.uuid()), { nil: undefined });

/** A path segment: other UUID versions, unknown UUIDs, unicode, traversal and encoding tricks. */
const idSegment = (...known: string[]) =>
  fc.oneof(
    fc.constantFrom(...known),
    fc.uuid(),
    fc.string({ maxLength: 60 }).map(encodeURIComponent),
    fc.string({ unit: 'grapheme', maxLength: 10 }).map(encodeURIComponent),
    fc.constantFrom('%', '%zz', '%00', '..', '%2e%2e', '%2F', 'constructor', '__proto__', 'toString', 'null', '00000000-0000-0000-0000-000000000000', randomUUID().toUpperCase(), `${randomUUID()}%20`),
  );

/** A query string: known parameter names and junk, with any values, repeated or not. */
const queryString = (...names: string[]) =>
  fc.oneof(
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...names, '__proto__', 'constructor', 'a[b]', 'limit[]'), fc.string({ maxLength: 20 })), fc.oneof(fc.string({ maxLength: 40 }), fc.jsonValue({ maxDepth: 1 }).map((v) => JSON.stringify(v) ?? ''), fc.nat({ max: 3000 }).map((n) => 'y'.repeat(n)))), { maxLength: 6 })
      .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')),
    fc.constantFrom('%', '%zz=1', '&&==&', 'limit=1&limit=2', 'cursor', 'from=2025-01-01T00:00:00Z&to=2024-01-01T00:00:00Z', `${'a=1&'.repeat(2000)}`),
  );

// ---- What must always hold ----

/** Never a 5xx, and every refusal a clear `{ error, message, details? }` in JSON. */
function expectClearAnswer(res: Response, what: string): void {
  expect({ what, status: res.status < 500 ? 'below 500' : res.status }).toEqual({ what, status: 'below 500' });
  if (res.status < 400) return;
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect({ what, error: typeof res.body?.error, message: typeof res.body?.message }).toEqual({ what, error: 'string', message: 'string' });
  expect(Object.keys(res.body).filter((k) => !['error', 'message', 'details'].includes(k))).toEqual([]);
}

describe('hostile input: thousands of malformed requests to every endpoint', () => {
  let t: TestApp;
  let db: DataSource;
  let incident: IncidentView;
  let effectIds: string[];
  let before: Record<string, number>;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000000' });
    db = t.app.get(DataSource);
    // A resolved incident: it takes no event, so any change to it is a bug.
    let view = (await t.http().post('/v1/incidents').set('Authorization', operator)
      .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('fuzz'), channel: 'phone' }).expect(201)).body as IncidentView;
    const send = async (type: string, data: Record<string, unknown> = {}) =>
      (view = (await t.http().post(`/v1/incidents/${view.id}/events`).set('Authorization', operator).send({ type, data }).expect(200)).body);
    await send('CUSTOMER_READY');
    await send('IDENTITY_FAILED');
    await send('PROTECTIVE_BLOCK_AGREED');
    await eventually(async () => (await t.http().get(`/v1/incidents/${view.id}`).set('Authorization', operator)).body.cards.every((c: { status: string }) => c.status === 'blocked'), 'the block');
    for (const type of ['BLOCKS_CONFIRMED', 'TRANSACTIONS_REVIEWED']) await send(type);
    await send('EMERGENCY_ASSESSED', { travelling: false });
    for (const type of ['REISSUE_DECLINED', 'CALLBACK_DECLINED', 'CALL_ENDED']) await send(type);
    expect(view.status).toBe('resolved');
    await eventually(async () => {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM effects WHERE incident_id = $1 AND status NOT IN ('succeeded', 'dead') AND due_at <= now()`, [view.id]);
      return n === 0;
    }, 'the effects due now to finish');
    incident = (await t.http().get(`/v1/incidents/${view.id}`).set('Authorization', operator).expect(200)).body;
    effectIds = (await db.query('SELECT id FROM effects WHERE incident_id = $1', [incident.id])).map((r: { id: string }) => r.id);
    before = await state();
  });
  afterAll(async () => {
    await t.close();
  });

  /** What a refused request must leave as it was: the incident's history and anything done by the fuzzing callers. */
  async function state(): Promise<Record<string, number>> {
    const [row] = await db.query(
      `SELECT (SELECT version FROM incidents WHERE id = $1) AS version,
              (SELECT count(*) FROM incident_events WHERE incident_id = $1)::int AS events,
              (SELECT count(*) FROM effects WHERE incident_id = $1)::int AS effects,
              (SELECT count(*) FROM card_actions WHERE incident_id = $1)::int AS card_actions,
              (SELECT count(*) FROM incidents WHERE opened_by LIKE $2)::int AS opened,
              (SELECT count(*) FROM incident_events WHERE actor LIKE $2)::int AS sent,
              (SELECT count(*) FROM card_actions WHERE actor LIKE $2)::int AS card_actions_by_fuzzers,
              (SELECT count(*) FROM follow_ups WHERE incident_id = $1 AND answered_at IS NOT NULL)::int AS answered,
              (SELECT count(*) FROM supervisor_alerts WHERE acknowledged_by LIKE $2)::int AS acknowledged`,
      [incident.id, `fuzz-${run}-%`],
    );
    return row;
  }

  /** Sends one request and checks the answer; a refused write must change nothing, an accepted one becomes the new baseline. */
  async function check(req: Test, what: string, write: boolean): Promise<void> {
    const res = await req;
    expectClearAnswer(res, what);
    if (!write) return;
    const after = await state();
    if (res.status < 300) before = after;
    else expect({ what, state: after }).toEqual({ what, state: before });
  }

  /** A stream that opens is closed at once (its events are tested elsewhere); a refusal is read as JSON like any other answer. */
  const openedOrRefused = (req: Test) =>
    req.buffer(true).parse((res, done) => {
      if (/^text\/event-stream/.test(String(res.headers['content-type']))) {
        (res as unknown as IncomingMessage).destroy();
        return done(null, {});
      }
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text ? JSON.parse(text) : {}));
    });

  const withHeaders = (req: Test, auth: string, key?: string, type?: string) => {
    req.set('Authorization', auth);
    if (key !== undefined) req.set('Idempotency-Key', key);
    if (type !== undefined) req.set('Content-Type', type);
    return req;
  };

  /** Every route in the access matrix gets its own property below. */
  const fuzzed: Record<string, () => Promise<void>> = {
    'GET /health': () =>
      fc.assert(fc.asyncProperty(queryString('x'), headerText(200), async (query, auth) => check(t.http().get(`/health?${query}`).set('Authorization', auth), `/health?${query}`, false)), { numRuns: 50 }),
    'GET /health/live': () =>
      fc.assert(fc.asyncProperty(queryString('x'), headerText(200), async (query, auth) => check(t.http().get(`/health/live?${query}`).set('Authorization', auth), `/health/live?${query}`, false)), { numRuns: 30 }),
    'GET /health/ready': () =>
      fc.assert(fc.asyncProperty(queryString('x'), headerText(200), async (query, auth) => check(t.http().get(`/health/ready?${query}`).set('Authorization', auth), `/health/ready?${query}`, false)), { numRuns: 30 }),
    'GET /metrics': () =>
      fc.assert(fc.asyncProperty(queryString('x'), headerText(200), async (query, auth) => check(t.http().get(`/metrics?${query}`).set('Authorization', auth), `/metrics?${query}`, false)), { numRuns: 30 }),

    'POST /v1/incidents': () =>
      fc.assert(
        fc.asyncProperty(
          rawBody(fc.oneof(anyJson, fieldsOf('playbook', 'customerRef', 'channel', 'locale', 'contactChannel', 'notifiedAt', 'cards'), fc.record({ playbook: fc.constant('stolen-wallet'), customerRef: anyJson, channel: fc.constantFrom('phone', 'api'), cards: fc.array(fieldsOf('cardRef', 'last4'), { maxLength: 60 }) })), 'cards'),
          authorization(operator), idempotencyKey, contentType,
          async (body, auth, key, type) => check(withHeaders(t.http().post('/v1/incidents'), auth, key, type).send(body.text), `open ${type} ${body}`, true),
        ),
        { numRuns: RUNS },
      ),

    'POST /v1/incidents/mass-compromise': () =>
      fc.assert(
        fc.asyncProperty(
          rawBody(fc.oneof(anyJson, fieldsOf('breachRef', 'cards', 'locale', 'contactChannel', 'notifiedAt'), fc.record({ breachRef: anyJson, cards: fc.array(fc.oneof(anyJson, fieldsOf('cardRef', 'last4', 'customerRef')), { maxLength: 50 }) })), 'cards'),
          authorization(fraudEngine), idempotencyKey, contentType,
          async (body, auth, key, type) => check(withHeaders(t.http().post('/v1/incidents/mass-compromise'), auth, key, type).send(body.text), `breach ${type} ${body}`, true),
        ),
        { numRuns: RUNS },
      ),

    'GET /v1/incidents/:id': () =>
      fc.assert(fc.asyncProperty(idSegment(incident.id), authorization(operator), async (id, auth) => check(t.http().get(`/v1/incidents/${id}`).set('Authorization', auth), `get ${id}`, false)), { numRuns: RUNS }),

    'POST /v1/incidents/:id/events': () =>
      fc.assert(
        fc.asyncProperty(
          idSegment(incident.id, incident.id, incident.id),
          rawBody(fc.oneof(anyJson, fieldsOf('type', 'data', 'expectedVersion'), fc.record({ type: fc.oneof(fc.constantFrom(...Object.keys(EVENTS)), fc.string({ maxLength: 70 })), data: fc.oneof(anyJson, fieldsOf('mood', 'disputed', 'travelling', 'delivery', 'address', 'branchId', 'at', 'contactChannel', 'reference', 'method')), expectedVersion: fc.oneof(anyJson, fc.integer(), fc.constant(incident.version)) }, { requiredKeys: ['type'] })), 'data'),
          authorization(operator), idempotencyKey, contentType,
          async (id, body, auth, key, type) => check(withHeaders(t.http().post(`/v1/incidents/${id}/events`), auth, key, type).send(body.text), `event ${id} ${type} ${body}`, true),
        ),
        { numRuns: RUNS * 2 },
      ),

    'POST /v1/incidents/:id/feedback': () =>
      fc.assert(
        fc.asyncProperty(
          idSegment(incident.id, incident.id),
          rawBody(fc.oneof(anyJson, fieldsOf('score', 'comment'), fc.record({ score: fc.oneof(fc.integer({ min: -2, max: 8 }), anyJson), comment: anyJson }))),
          authorization(operator), contentType,
          async (id, body, auth, type) => check(withHeaders(t.http().post(`/v1/incidents/${id}/feedback`), auth, undefined, type).send(body.text), `feedback ${id} ${body}`, true),
        ),
        { numRuns: RUNS },
      ),

    'POST /v1/incidents/:id/effects/:effectId/retry': () =>
      fc.assert(
        fc.asyncProperty(idSegment(incident.id), idSegment(...effectIds), rawBody(anyJson), authorization(supervisor), contentType, async (id, effectId, body, auth, type) =>
          check(withHeaders(t.http().post(`/v1/incidents/${id}/effects/${effectId}/retry`), auth, undefined, type).send(body.text), `retry ${id} ${effectId}`, true),
        ),
        { numRuns: RUNS },
      ),

    'GET /v1/playbooks': () =>
      fc.assert(fc.asyncProperty(queryString('locale'), authorization(operator), async (query, auth) => check(t.http().get(`/v1/playbooks?${query}`).set('Authorization', auth), `playbooks?${query}`, false)), { numRuns: 50 }),

    'GET /v1/playbooks/:id': () =>
      fc.assert(fc.asyncProperty(idSegment('stolen-wallet', 'lost-card'), authorization(operator), async (id, auth) => check(t.http().get(`/v1/playbooks/${id}`).set('Authorization', auth), `playbook ${id}`, false)), { numRuns: RUNS }),

    'GET /v1/playbooks/:id/diagram': () =>
      fc.assert(
        fc.asyncProperty(idSegment('stolen-wallet'), queryString('locale'), authorization(operator), async (id, query, auth) =>
          check(t.http().get(`/v1/playbooks/${id}/diagram?${query}`).set('Authorization', auth), `diagram ${id}?${query}`, false),
        ),
        { numRuns: RUNS },
      ),

    'POST /v1/playbooks/:id/simulate': () =>
      fc.assert(
        fc.asyncProperty(
          idSegment('stolen-wallet'),
          rawBody(fc.oneof(anyJson, fieldsOf('events', 'locale', 'contactChannel', 'cards'), fc.record({ events: fc.array(fc.record({ type: fc.oneof(fc.constantFrom(...Object.keys(EVENTS)), fc.string()), data: anyJson }), { maxLength: 250 }), cards: fc.array(fieldsOf('cardRef', 'last4'), { maxLength: 3 }) }, { requiredKeys: ['events'] })), 'events'),
          authorization(operator), contentType,
          async (id, body, auth, type) => check(withHeaders(t.http().post(`/v1/playbooks/${id}/simulate`), auth, undefined, type).send(body.text), `simulate ${id} ${body}`, true),
        ),
        { numRuns: RUNS },
      ),

    'GET /v1/audit/card-actions': () =>
      fc.assert(
        fc.asyncProperty(
          queryString('from', 'to', 'cardRef', 'customerRef', 'actor', 'action', 'result', 'incidentId', 'cursor', 'limit'),
          fc.constantFrom('application/json', 'text/csv', '*/*', 'text/html', 'application/xml', 'text/csv;q=0.1, application/json;q=0.2', ''),
          authorization(supervisor),
          async (query, accept, auth) => check(t.http().get(`/v1/audit/card-actions?${query}`).set('Authorization', auth).set('Accept', accept), `audit?${query} (${accept})`, false),
        ),
        { numRuns: RUNS * 2 },
      ),

    'GET /v1/audit/disputes': () =>
      fc.assert(
        fc.asyncProperty(queryString('status', 'incidentId', 'limit'), authorization(supervisor), async (query, auth) => check(t.http().get(`/v1/audit/disputes?${query}`).set('Authorization', auth), `disputes?${query}`, false)),
        { numRuns: RUNS },
      ),

    // Each accepted call recomputes the whole chain, so only a few runs.
    'GET /v1/audit/verify': () =>
      fc.assert(fc.asyncProperty(queryString('from'), authorization(supervisor), async (query, auth) => check(t.http().get(`/v1/audit/verify?${query}`).set('Authorization', auth), `verify?${query}`, false)), { numRuns: 8 }),

    'GET /v1/audit/incidents/:id/case-file': () =>
      fc.assert(
        fc.asyncProperty(idSegment(incident.id), queryString('format'), fc.constantFrom('application/json', 'text/html', '*/*', ''), authorization(risk), async (id, query, accept, auth) =>
          check(t.http().get(`/v1/audit/incidents/${id}/case-file?${query}`).set('Authorization', auth).set('Accept', accept), `case file ${id}?${query}`, false),
        ),
        { numRuns: 30 },
      ),

    'GET /v1/alerts': () =>
      fc.assert(fc.asyncProperty(queryString('status', 'limit'), authorization(supervisor), async (query, auth) => check(t.http().get(`/v1/alerts?${query}`).set('Authorization', auth), `alerts?${query}`, false)), { numRuns: RUNS }),

    'GET /v1/console/config': () =>
      fc.assert(fc.asyncProperty(queryString('a'), async (query) => check(t.http().get(`/v1/console/config?${query}`), `console config?${query}`, false)), { numRuns: 50 }),

    // Dev sign-in is off in this app: the route does not exist, so every call is a clear 404.
    'POST /v1/console/dev-token': () =>
      fc.assert(
        fc.asyncProperty(rawBody(fc.oneof(anyJson, fieldsOf('sub', 'roles'))), contentType, async (body, type) =>
          check(withHeaders(t.http().post('/v1/console/dev-token'), '', undefined, type).send(body.text), `dev-token ${body}`, true),
        ),
        { numRuns: 50 },
      ),

    'GET /v1/incidents': () =>
      fc.assert(
        fc.asyncProperty(
          queryString('status', 'playbook', 'customerRef', 'last4', 'openedBy', 'assignedTo', 'attention', 'callbackDueBefore', 'openedFrom', 'openedTo', 'sort', 'cursor', 'limit'),
          authorization(operator),
          async (query, auth) => check(t.http().get(`/v1/incidents?${query}`).set('Authorization', auth), `incidents?${query}`, false),
        ),
        { numRuns: RUNS * 2 },
      ),

    'GET /v1/incidents/stream': () =>
      fc.assert(
        fc.asyncProperty(queryString('status', 'playbook', 'customerRef', 'last4', 'openedBy', 'assignedTo', 'attention', 'callbackDueBefore', 'openedFrom', 'openedTo'), authorization(supervisor), async (query, auth) =>
          check(openedOrRefused(t.http().get(`/v1/incidents/stream?${query}`).set('Authorization', auth)), `incidents/stream?${query}`, false),
        ),
        { numRuns: RUNS },
      ),

    'GET /v1/incidents/:id/stream': () =>
      fc.assert(
        fc.asyncProperty(idSegment(incident.id), authorization(operator), async (id, auth) => check(openedOrRefused(t.http().get(`/v1/incidents/${id}/stream`).set('Authorization', auth)), `stream ${id}`, false)),
        { numRuns: RUNS },
      ),

    // Not the incident under watch: the last check wants it exactly as it was, and taking it would be an accepted change.
    'POST /v1/incidents/:id/assign': () =>
      fc.assert(
        fc.asyncProperty(idSegment(randomUUID()), rawBody(fc.oneof(anyJson, fieldsOf('operator'))), authorization(operator), contentType, async (id, body, auth, type) =>
          check(withHeaders(t.http().post(`/v1/incidents/${id}/assign`), auth, undefined, type).send(body.text), `assign ${id} ${body}`, true),
        ),
        { numRuns: RUNS },
      ),

    'POST /v1/incidents/:id/switch': () =>
      fc.assert(
        fc.asyncProperty(idSegment(randomUUID()), rawBody(fc.oneof(anyJson, fieldsOf('playbook', 'reason'))), authorization(operator), contentType, async (id, body, auth, type) =>
          check(withHeaders(t.http().post(`/v1/incidents/${id}/switch`), auth, undefined, type).send(body.text), `switch ${id} ${body}`, true),
        ),
        { numRuns: RUNS },
      ),

    'GET /v1/customers/:customerRef/cards': () =>
      fc.assert(
        fc.asyncProperty(idSegment('demo-traveller', 'nobody-at-this-bank'), queryString('a'), authorization(operator), async (ref, query, auth) =>
          check(t.http().get(`/v1/customers/${ref}/cards?${query}`).set('Authorization', auth), `customer cards ${ref}`, false),
        ),
        { numRuns: RUNS },
      ),

    'GET /v1/supervision/overview': () =>
      fc.assert(fc.asyncProperty(queryString('a'), authorization(supervisor), async (query, auth) => check(t.http().get(`/v1/supervision/overview?${query}`).set('Authorization', auth), `overview?${query}`, false)), { numRuns: 20 }),

    'POST /v1/queues/session': () =>
      fc.assert(
        fc.asyncProperty(rawBody(anyJson), authorization(supervisor), contentType, async (body, auth, type) =>
          check(withHeaders(t.http().post('/v1/queues/session'), auth, undefined, type).send(body.text), 'queue session', true),
        ),
        { numRuns: 20 },
      ),

    'GET /v1/queues/board{/*path}': () =>
      fc.assert(
        fc.asyncProperty(fc.array(idSegment('api', 'queues', 'card-actions', 'static'), { maxLength: 4 }), queryString('activeQueue', 'status', 'page'), authorization(supervisor), async (segments, query, auth) =>
          check(t.http().get(`/v1/queues/board/${segments.join('/')}?${query}`).set('Authorization', auth), `board ${segments.join('/')}?${query}`, false),
        ),
        { numRuns: 40 },
      ),

    'POST /v1/alerts/:id/ack': () =>
      fc.assert(
        fc.asyncProperty(idSegment(randomUUID()), rawBody(anyJson), authorization(supervisor), contentType, async (id, body, auth, type) =>
          check(withHeaders(t.http().post(`/v1/alerts/${id}/ack`), auth, undefined, type).send(body.text), `ack ${id}`, true),
        ),
        { numRuns: RUNS },
      ),
  };

  it('has a property for every route of the access matrix', () => {
    expect(Object.keys(fuzzed).sort()).toEqual(Object.keys(ACCESS_MATRIX).sort());
  });

  it.each(Object.keys(ACCESS_MATRIX))('%s: never a 5xx, always a clear error, never a change from a refused request', async (route) => {
    await fuzzed[route]();
  });

  it('answers NUL, lone surrogates and prototype keys in any body field, query or path with a 400 naming the field', async () => {
    const named = (res: Response, field: string, what: string) => {
      expectClearAnswer(res, what);
      expect({ what, status: res.status, fields: (res.body.details?.fields ?? []).map((f: { field: string }) => f.field) }).toEqual({ what, status: 400, fields: expect.arrayContaining([field]) });
      expect(res.text).not.toContain('\\u0000');
    };
    await fc.assert(
      fc.asyncProperty(unstorableText, fc.constantFrom('customerRef', 'channel', 'locale'), async (text, field) => {
        const res = await t.http().post('/v1/incidents').set('Authorization', operator).send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('fuzz'), channel: 'phone', [field]: text });
        named(res, `body.${field}`, `open with ${field} ${JSON.stringify(text)}`);
      }),
      { numRuns: 40 },
    );
    await fc.assert(
      fc.asyncProperty(unstorableText, fc.constantFrom('disputed', 'address', 'reference'), async (text, field) => {
        const res = await t.http().post(`/v1/incidents/${incident.id}/events`).set('Authorization', operator).send({ type: 'TRANSACTIONS_REVIEWED', data: { [field]: text } });
        named(res, `body.data.${field}`, `event data ${field} ${JSON.stringify(text)}`);
      }),
      { numRuns: 40 },
    );
    await fc.assert(
      fc.asyncProperty(unstorableText, async (text) => {
        named(await t.http().post(`/v1/incidents/${incident.id}/feedback`).set('Authorization', operator).send({ score: 3, comment: text }), 'body.comment', `feedback ${JSON.stringify(text)}`);
        named(await t.http().get(`/v1/audit/card-actions?actor=${encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\u0000'))}`).set('Authorization', supervisor), 'query.actor', `audit actor ${JSON.stringify(text)}`);
        named(await t.http().get(`/v1/playbooks/${encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\u0000'))}`).set('Authorization', operator), 'path.id', `playbook id ${JSON.stringify(text)}`);
      }),
      { numRuns: 40 },
    );
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const body = `{"type":"CUSTOMER_MOOD","data":{"mood":"calm","${key}":{"polluted":true}}}`;
      named(await t.http().post(`/v1/incidents/${incident.id}/events`).set('Authorization', operator).set('Content-Type', 'application/json').send(body), `body.data.${key}`, `a ${key} key`);
      named(await t.http().get(`/v1/alerts?${key}=1`).set('Authorization', supervisor), `query.${key}`, `a ${key} query key`);
    }
    expect(await state()).toEqual(before);
  });

  it('refuses tokens whose subject cannot be stored or that live longer than allowed', async () => {
    const sign = (claims: Record<string, unknown>) => `Bearer ${jwt.sign({ roles: ['operator'], exp: Math.floor(Date.now() / 1000) + 600, ...claims }, TEST_JWT_SECRET)}`;
    await fc.assert(
      fc.asyncProperty(unstorableText, async (sub) => {
        const res = await t.http().get('/v1/playbooks').set('Authorization', sign({ sub }));
        expectClearAnswer(res, `sub ${JSON.stringify(sub)}`);
        expect({ status: res.status, message: res.body.message }).toEqual({ status: 401, message: expect.stringContaining('sub') });
      }),
      { numRuns: 30 },
    );
    const year3000 = await t.http().get('/v1/playbooks').set('Authorization', sign({ sub: 'op-3000', exp: Date.UTC(3000, 0, 1) / 1000 }));
    expect({ status: year3000.status, message: year3000.body.message }).toEqual({ status: 401, message: expect.stringContaining('too far ahead') });
    await t.http().get('/v1/playbooks').set('Authorization', sign({ sub: 'op-now' })).expect(200);
  });

  it('sends junk to routes that do not exist and with methods no route takes, getting a JSON 404', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('get', 'post', 'put', 'patch', 'delete') as fc.Arbitrary<'get' | 'post' | 'put' | 'patch' | 'delete'>, idSegment('v1', 'health', 'incidents'), authorization(operator), async (method, path, auth) => {
        const res = await t.http()[method](`/v1/${path}/${path}`).set('Authorization', auth);
        expectClearAnswer(res, `${method} /v1/${path}/${path}`);
        expect(res.status).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: 100 },
    );
  });

  it('left every prototype clean and the incident as it was', async () => {
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(await state()).toEqual(before);
    const view = (await t.http().get(`/v1/incidents/${incident.id}`).set('Authorization', operator).expect(200)).body as IncidentView;
    expect({ version: view.version, status: view.status, timeline: view.timeline }).toEqual({ version: incident.version, status: 'resolved', timeline: incident.timeline });
  });
});
