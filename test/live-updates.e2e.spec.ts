import type { IncidentView } from '../src/incidents/incident.view.js';
import { DataSource } from 'typeorm';
import { bearer, eventually, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';
import { EventStreamReader, listen } from './support/sse.js';

const operator = bearer(['operator'], 'op-live');
const supervisor = bearer(['supervisor'], 'sup-live');

/**
 * Server-sent events over real HTTP, fed by PostgreSQL LISTEN/NOTIFY: two app instances on one
 * database, so a change made through one must be streamed by the other.
 */
describe('live updates: incident streams over LISTEN/NOTIFY', () => {
  let a: TestApp;
  let b: TestApp;
  let urlA: string;
  let urlB: string;
  const readers: EventStreamReader[] = [];

  beforeAll(async () => {
    a = await startTestApp();
    // The second replica serves the API only: it learns of A's changes from PostgreSQL alone.
    b = await startTestApp({ ROLE: 'api' }, { simulator: a.simulator });
    [urlA, urlB] = [await listen(a.app), await listen(b.app)];
  });
  afterAll(async () => {
    readers.forEach((r) => r.close());
    await b.app.close();
    await a.close();
  });

  const stream = async (url: string, headers: Record<string, string> = {}) => {
    const reader = await EventStreamReader.open(url, { Authorization: operator, ...headers });
    readers.push(reader);
    return reader;
  };
  const open = async (customerRef = uniqueCustomer('live')) =>
    (await a.http().post('/v1/incidents').set('Authorization', operator).send({ playbook: 'stolen-wallet', customerRef, channel: 'phone' }).expect(201)).body as IncidentView;
  const send = async (id: string, type: string) => (await a.http().post(`/v1/incidents/${id}/events`).set('Authorization', operator).send({ type }).expect(200)).body as IncidentView;
  const current = async (id: string) => (await a.http().get(`/v1/incidents/${id}`).set('Authorization', operator).expect(200)).body as IncidentView;

  it('sends the current view on connect, then the new view after a step sent through the API', async () => {
    const opened = await open();
    const now = await current(opened.id);
    const reader = await stream(`${urlA}/v1/incidents/${opened.id}/stream`);
    expect(reader.status).toBe(200);
    expect(reader.contentType).toMatch(/^text\/event-stream/);
    const first = await reader.next<IncidentView>((e) => e.event === 'incident', 'the view on connect');
    expect(first.data.id).toBe(opened.id);
    expect(Number(first.id)).toBe(first.data.version);
    expect(first.data.version).toBeGreaterThanOrEqual(now.version);

    const answered = await send(opened.id, 'CUSTOMER_READY');
    const moved = await reader.next<IncidentView>((e) => e.data.version === answered.version, 'the new view');
    expect(moved.data).toMatchObject({ id: opened.id, state: answered.state, step: { title: answered.step!.title } });
    expect(moved.data.timeline.at(-1)!.type).toBe(answered.timeline.at(-1)!.type);
    // Versions only go up: nothing is sent twice or out of order.
    const versions = reader.events.map((e) => Number(e.id));
    expect(versions).toEqual([...new Set(versions)].sort((x, y) => x - y));
  });

  /** Background jobs also change the incident: wait for them, so the version read is the one that stays. */
  const settled = (id: string) =>
    eventually(async () => {
      const [{ n }] = await a.app.get(DataSource).query(`SELECT count(*)::int AS n FROM effects WHERE incident_id = $1 AND status NOT IN ('succeeded', 'dead') AND due_at <= now()`, [id]);
      return n === 0;
    }, 'the incident\'s jobs to report');

  it('resumes from Last-Event-ID: nothing when the client is up to date, the current view at once when it is behind', async () => {
    const opened = await open();
    await send(opened.id, 'CUSTOMER_READY');
    await settled(opened.id);
    const seen = await current(opened.id);

    const upToDate = await stream(`${urlA}/v1/incidents/${opened.id}/stream`, { 'Last-Event-ID': String(seen.version) });
    const behind = await stream(`${urlA}/v1/incidents/${opened.id}/stream`, { 'Last-Event-ID': String(seen.version - 1) });
    const caughtUp = await behind.next<IncidentView>(() => true, 'the view a client behind missed');
    expect(caughtUp.data.version).toBe(seen.version);

    const next = await send(opened.id, 'IDENTITY_VERIFIED');
    const pushed = await upToDate.next<IncidentView>((e) => e.data.version >= next.version, 'the next change');
    // The up-to-date client was not sent the version it already had.
    expect(upToDate.events.every((e) => Number(e.id) > seen.version)).toBe(true);
    expect(pushed.data.id).toBe(opened.id);
  });

  it('a change made through one instance is streamed by the other', async () => {
    const opened = await open();
    const reader = await stream(`${urlB}/v1/incidents/${opened.id}/stream`);
    await reader.next(() => true, 'the view on connect from B');
    const answered = await send(opened.id, 'CUSTOMER_READY');
    const fromB = await reader.next<IncidentView>((e) => e.data.version === answered.version, 'the change from A, streamed by B');
    expect(fromB.data.state).toBe(answered.state);
  });

  it('the list stream sends { id, version, status, state } for changes to matching incidents only', async () => {
    const customerRef = uniqueCustomer('watched');
    const reader = await EventStreamReader.open(`${urlB}/v1/incidents/stream?customerRef=${customerRef}&status=open`, { Authorization: supervisor });
    readers.push(reader);
    expect(reader.status).toBe(200);
    const other = await open();
    const watched = await open(customerRef);
    const answered = await send(watched.id, 'CUSTOMER_READY');
    await send(other.id, 'CUSTOMER_READY');
    const change = await reader.next<{ id: string; version: number }>((e) => e.data.version === answered.version, 'the watched incident\'s change');
    expect(change.data).toEqual({ id: watched.id, version: answered.version, status: 'open', state: answered.state });
    // The last change (to the other customer's incident) was committed after this one, yet never streamed.
    await reader.next<{ version: number }>((e) => e.data.version === 1, 'the watched incident opening');
    expect(reader.events.every((e) => (e.data as { id: string }).id === watched.id)).toBe(true);
  });

  it('an unknown incident is 404 and bad list filters 400, before any stream opens', async () => {
    const missing = await fetch(`${urlA}/v1/incidents/00000000-0000-4000-8000-000000000000/stream`, { headers: { Authorization: operator } });
    expect({ status: missing.status, body: await missing.json() }).toMatchObject({ status: 404, body: { error: 'not_found' } });
    const bad = await fetch(`${urlA}/v1/incidents/stream?last4=1234`, { headers: { Authorization: operator } });
    expect({ status: bad.status, body: await bad.json() }).toMatchObject({ status: 400, body: { error: 'bad_request', message: 'last4 finds a card only together with customerRef' } });
  });
});
