import { DataSource } from 'typeorm';
import type { IncidentPage, IncidentSummary } from '../src/incidents/incident-search.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { bearer, eventually, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';

const run = Math.random().toString(36).slice(2, 8);
const anna = bearer(['operator'], `op-anna-${run}`);
const boris = bearer(['operator'], `op-boris-${run}`);
const supervisor = bearer(['supervisor'], `sup-ivan-${run}`);
const risk = bearer(['risk'], `risk-rita-${run}`);
const fraudEngine = bearer(['system'], `fraud-engine-${run}`);

/** Finding incidents again (filters, pages, counts) and giving them an owner, on the real stack. */
describe('finding incidents and assigning them', () => {
  let t: TestApp;
  let db: DataSource;
  let since: string;
  const byCustomer: Record<string, IncidentView> = {};

  const list = async (query: string, token = anna) => (await t.http().get(`/v1/incidents?openedFrom=${since}&${query}`).set('Authorization', token).expect(200)).body as IncidentPage;
  const ids = (page: IncidentPage) => page.items.map((i) => i.id).sort();
  const cardsOf = async (customerRef: string) =>
    ((await (await fetch(`${t.simulator.url}/v1/customers/${customerRef}/cards`)).json()) as { cards: { cardRef: string; last4: string }[] }).cards.map(({ cardRef, last4 }) => ({ cardRef, last4 }));
  const open = async (playbook: string, label: string, token = anna, customerRef = uniqueCustomer(label), cards?: { cardRef: string; last4: string }[]) => {
    const view = (await t.http().post('/v1/incidents').set('Authorization', token).send({ playbook, customerRef, channel: 'phone', cards }).expect(201)).body as IncidentView;
    byCustomer[label] = view;
    return view;
  };
  const setFaults = (faults: Record<string, number>) =>
    fetch(`${t.simulator.url}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });

  beforeAll(async () => {
    t = await startTestApp({ EFFECT_MAX_ATTEMPTS: '1' });
    db = t.app.get(DataSource);
    since = new Date().toISOString();
    // One incident whose card block core banking refuses: given up at once (one attempt), so it needs attention.
    const failingCustomer = uniqueCustomer('failing');
    const failingCards = await cardsOf(failingCustomer);
    await setFaults({ errorRate: 1 });
    const failing = await open('stolen-wallet', 'failing', boris, failingCustomer, failingCards);
    await eventually(async () => (await db.query(`SELECT 1 FROM effects WHERE incident_id = $1 AND status = 'dead'`, [failing.id])).length > 0, 'a given-up effect');
    await setFaults({ errorRate: 0 });
    await open('stolen-wallet', 'wallet', anna);
    await open('lost-card', 'lost', boris);
    await open('stolen-wallet', 'second', anna);
  });
  afterAll(async () => {
    await setFaults({ errorRate: 0 });
    await t.close();
  });

  it('lists what was opened, newest first, with counts for the filters and a summary a console can show', async () => {
    const page = await list('');
    expect(page.items.map((i) => i.id)).toEqual(['second', 'lost', 'wallet', 'failing'].map((l) => byCustomer[l].id));
    expect(page.counts).toEqual({ total: 4, byStatus: { open: 4, resolved: 0, cancelled: 0 } });
    expect(page.nextCursor).toBeNull();
    const wallet = page.items.find((i) => i.id === byCustomer.wallet.id)!;
    expect(wallet).toMatchObject<Partial<IncidentSummary>>({
      playbook: byCustomer.wallet.playbook,
      status: 'open',
      state: byCustomer.wallet.state,
      stepTitle: byCustomer.wallet.step!.title,
      customerRef: byCustomer.wallet.customerRef,
      channel: 'phone',
      locale: 'en',
      openedBy: `op-anna-${run}`,
      assignedTo: null,
      attention: false,
      callbackDueAt: null,
      cardCount: byCustomer.wallet.cards.length,
      openedAt: byCustomer.wallet.openedAt,
    });
    expect(page.items.find((i) => i.id === byCustomer.failing.id)!.attention).toBe(true);
  });

  it('filters by each field', async () => {
    expect(ids(await list('playbook=lost-card'))).toEqual([byCustomer.lost.id]);
    expect(ids(await list(`customerRef=${byCustomer.wallet.customerRef}`))).toEqual([byCustomer.wallet.id]);
    const last4 = byCustomer.wallet.cards[0].last4;
    expect(ids(await list(`customerRef=${byCustomer.wallet.customerRef}&last4=${last4}`))).toEqual([byCustomer.wallet.id]);
    const otherLast4 = last4 === '0000' ? '0001' : '0000';
    expect((await list(`customerRef=${byCustomer.wallet.customerRef}&last4=${otherLast4}`)).items).toEqual([]);
    expect(ids(await list('openedBy=me', anna))).toEqual([byCustomer.wallet.id, byCustomer.second.id].sort());
    expect(ids(await list('openedBy=me', boris))).toEqual([byCustomer.failing.id, byCustomer.lost.id].sort());
    expect(ids(await list('attention=true'))).toEqual([byCustomer.failing.id]);
    expect((await list('attention=false')).counts.total).toBe(3);
    expect((await list('status=resolved,cancelled')).counts).toEqual({ total: 0, byStatus: { open: 0, resolved: 0, cancelled: 0 } });
    expect((await list('status=open&status=resolved')).counts.total).toBe(4);
    expect((await list(`openedTo=${since}`)).items).toEqual([]);
    const opened = byCustomer.lost.openedAt;
    expect(ids(await list(`openedTo=${opened}`))).toEqual([byCustomer.failing.id, byCustomer.wallet.id].sort());
  });

  it('every role the matrix allows sees the same list', async () => {
    for (const token of [boris, supervisor, risk, fraudEngine]) expect(ids(await list('', token))).toEqual(ids(await list('')));
  });

  it('pages with a cursor that stays stable while incidents are opened in between, in every sort', async () => {
    for (const sort of ['-openedAt', 'openedAt', '-updatedAt', 'updatedAt']) {
      const all = (await list(`sort=${sort}`)).items.map((i) => i.id);
      const first = await list(`sort=${sort}&limit=3`);
      expect(first.items.map((i) => i.id)).toEqual(all.slice(0, 3));
      expect(first.counts.total).toBe(4);
      expect(first.nextCursor).toEqual(expect.any(String));
      const rest = await list(`sort=${sort}&limit=3&cursor=${first.nextCursor}`);
      expect(rest.items.map((i) => i.id)).toEqual(all.slice(3));
      expect(rest.nextCursor).toBeNull();
    }
    // A page asked for after a new incident arrived still continues where the first page ended.
    const first = await list('sort=openedAt&limit=2');
    const late = await open('lost-card', 'late', anna);
    const rest = await list(`sort=openedAt&limit=10&cursor=${first.nextCursor}`);
    expect(rest.items.map((i) => i.id)).toEqual([byCustomer.lost.id, byCustomer.second.id, late.id]);
    expect(rest.counts.total).toBe(5);
  });

  it('refuses bad input with a clear 400 and changes nothing', async () => {
    const bad = async (query: string) => (await t.http().get(`/v1/incidents?${query}`).set('Authorization', anna).expect(400)).body as { error: string; message: string };
    expect(await bad('last4=1234')).toMatchObject({ error: 'bad_request', message: 'last4 finds a card only together with customerRef' });
    expect(await bad('cursor=not-a-cursor')).toMatchObject({ error: 'bad_request', message: expect.stringContaining('cursor') });
    const cursor = (await list('sort=openedAt&limit=1')).nextCursor!;
    expect(await bad(`sort=-updatedAt&cursor=${cursor}`)).toMatchObject({ error: 'bad_request', message: expect.stringContaining('same sort') });
    expect((await bad('status=lost')).message).toContain('status must be one or more of open, resolved, cancelled');
    expect((await bad('limit=101')).message).toContain('limit must be a whole number from 1 to 100');
    expect((await bad('openedBy=someone')).message).toContain('openedBy must be me');
    expect((await bad('openedFrom=yesterday')).message).toContain('openedFrom must be an ISO-8601');
    expect((await bad('sort=customer')).message).toContain('sort must be one of');
  });

  describe('assignment', () => {
    const assign = (id: string, token: string, body: Record<string, unknown> = {}) => t.http().post(`/v1/incidents/${id}/assign`).set('Authorization', token).send(body);

    it('an operator takes an incident; it is on the timeline and in "assigned to me"', async () => {
      const before = byCustomer.wallet;
      const view = (await assign(before.id, anna).expect(200)).body as IncidentView;
      expect(view.assignedTo).toBe(`op-anna-${run}`);
      expect(view.version).toBe((await db.query(`SELECT version FROM incidents WHERE id = $1`, [before.id]))[0].version);
      expect(view.timeline.at(-1)).toMatchObject({ type: 'INCIDENT_ASSIGNED', actor: `op-anna-${run}`, summary: `Taken by op-anna-${run}` });
      const [event] = await db.query(`SELECT data FROM incident_events WHERE incident_id = $1 AND type = 'INCIDENT_ASSIGNED'`, [before.id]);
      expect(event.data).toEqual({ operator: `op-anna-${run}`, by: `op-anna-${run}` });
      expect(ids(await list('assignedTo=me', anna))).toEqual([before.id]);
      expect((await list('assignedTo=me', boris)).items).toEqual([]);
    });

    it('a supervisor assigns to a named operator', async () => {
      const view = (await assign(byCustomer.lost.id, supervisor, { operator: `op-boris-${run}` }).expect(200)).body as IncidentView;
      expect(view.assignedTo).toBe(`op-boris-${run}`);
      expect(view.timeline.at(-1)).toMatchObject({ type: 'INCIDENT_ASSIGNED', actor: `sup-ivan-${run}`, summary: `Assigned to op-boris-${run} by sup-ivan-${run}` });
      expect(ids(await list(`assignedTo=op-boris-${run}`, supervisor))).toEqual([byCustomer.lost.id]);
      expect(ids(await list('assignedTo=me', boris))).toEqual([byCustomer.lost.id]);
    });

    it('an operator naming someone else gets 403 and nothing changes', async () => {
      const before = (await t.http().get(`/v1/incidents/${byCustomer.second.id}`).set('Authorization', anna).expect(200)).body as IncidentView;
      const res = await assign(before.id, anna, { operator: `op-boris-${run}` }).expect(403);
      expect(res.body).toEqual({ error: 'forbidden', message: 'Only a supervisor can assign an incident to someone else; leave operator out to take it yourself' });
      const after = (await t.http().get(`/v1/incidents/${before.id}`).set('Authorization', anna).expect(200)).body as IncidentView;
      expect({ version: after.version, assignedTo: after.assignedTo }).toEqual({ version: before.version, assignedTo: null });
    });

    it('risk cannot assign, and an unknown incident is 404', async () => {
      await assign(byCustomer.second.id, risk).expect(403);
      const res = await assign('00000000-0000-4000-8000-000000000000', anna).expect(404);
      expect(res.body.error).toBe('not_found');
    });
  });
});
