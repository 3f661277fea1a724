import { DataSource } from 'typeorm';
import type { IncidentPage, IncidentSummary } from '../src/incidents/incident-search.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import type { SupervisionOverview } from '../src/supervision/supervision-overview.js';
import { bearer, eventually, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';

const run = Math.random().toString(36).slice(2, 8);
const operator = bearer(['operator'], `op-sveta-${run}`);
const supervisor = bearer(['supervisor'], `sup-pavel-${run}`);

/** The supervisor's overview, read against what the incident list and the alerts say on the same database. */
describe('supervision overview', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ EFFECT_MAX_ATTEMPTS: '1' });
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await fetch(`${t.simulator.url}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRate: 0 }) });
    await t.close();
  });

  const overview = async (query: Record<string, string> = {}) =>
    (await t.http().get('/v1/supervision/overview').query(query).set('Authorization', supervisor).expect(200)).body as SupervisionOverview;
  const open = async (customerRef = uniqueCustomer('sup'), cards?: { cardRef: string; last4: string }[]) =>
    (await t.http().post('/v1/incidents').set('Authorization', operator).send({ playbook: 'stolen-wallet', customerRef, channel: 'phone', cards }).expect(201)).body as IncidentView;

  it('shows the open incidents with their age, who carries how many, what was given up, and the day\'s count', async () => {
    const before = await overview();
    const taken = await open();
    await t.http().post(`/v1/incidents/${taken.id}/assign`).set('Authorization', operator).expect(200);
    // One incident whose job core banking refuses: given up after its one attempt.
    const customerRef = uniqueCustomer('sup-dead');
    const { cards } = (await (await fetch(`${t.simulator.url}/v1/customers/${customerRef}/cards`)).json()) as { cards: { cardRef: string; last4: string }[] };
    await fetch(`${t.simulator.url}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRate: 1 }) });
    const failing = await open(customerRef, cards.map(({ cardRef, last4 }) => ({ cardRef, last4 })));
    const [dead] = await eventually(async () => {
      const rows = await db.query(`SELECT id, kind, last_error FROM effects WHERE incident_id = $1 AND status = 'dead'`, [failing.id]);
      return rows.length > 0 && rows;
    }, 'a given-up effect');
    await fetch(`${t.simulator.url}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRate: 0 }) });

    const after = await overview();
    expect(after.today.incidentsOpened).toBe(before.today.incidentsOpened + 2);
    // The open list shows the oldest first, a page at most: other specs' open incidents can fill it, so it is narrowed to ours.
    const mine = (await overview({ customerRef: taken.customerRef })).openIncidents.find((i) => i.id === taken.id)!;
    expect(mine).toMatchObject({ status: 'open', assignedTo: `op-sveta-${run}`, customerRef: taken.customerRef });
    expect(mine.ageMs).toBeGreaterThanOrEqual(0);
    expect(mine.ageMs).toBeLessThan(60_000);
    expect((await overview({ customerRef })).openIncidents.find((i) => i.id === failing.id)).toMatchObject({ attention: true });
    expect(after.operators).toContainEqual({ operator: `op-sveta-${run}`, openAssigned: 1 });
    expect(after.deadEffects).toContainEqual(expect.objectContaining({ incidentId: failing.id, effectId: dead.id, kind: dead.kind, lastError: dead.last_error }));
  });

  it('lists the same open alerts as GET /v1/alerts?status=open', async () => {
    const [{ alerts }, now] = await Promise.all([
      t.http().get('/v1/alerts?status=open&limit=500').set('Authorization', supervisor).expect(200).then((r) => r.body as { alerts: unknown[] }),
      overview(),
    ]);
    expect(now.alerts).toEqual(alerts);
  });

  it('its median time to block agrees with the incident list\'s timeToBlockMs for today', async () => {
    const since = new Date(new Date().setUTCHours(0, 0, 0, 0)).toISOString();
    const listMedian = async () => {
      const times: number[] = [];
      let cursor: string | null = null;
      do {
        const page = (await t.http().get(`/v1/incidents?openedFrom=${since}&limit=100${cursor ? `&cursor=${cursor}` : ''}`).set('Authorization', supervisor).expect(200)).body as IncidentPage;
        times.push(...page.items.map((i: IncidentSummary) => i.timeToBlockMs).filter((ms): ms is number => ms !== null));
        cursor = page.nextCursor;
      } while (cursor);
      times.sort((x, y) => x - y);
      if (times.length === 0) return null;
      return Math.round(times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2);
    };
    // A card blocked between the two reads moves the median: read until both agree (bounded).
    const agreed = await eventually(async () => {
      const fromList = await listMedian();
      const { today } = await overview();
      return today.medianTimeToBlockMs === fromList && { fromList };
    }, 'the overview and the list to agree');
    expect(agreed.fromList === null || agreed.fromList >= 0).toBe(true);
  });

  it('is for supervisors only', async () => {
    const res = await t.http().get('/v1/supervision/overview').set('Authorization', operator).expect(403);
    expect(res.body).toEqual({ error: 'forbidden', message: 'This action needs one of the roles: supervisor' });
  });
});
