import { DataSource } from 'typeorm';
import { poolLoad } from '../src/common/database-pool.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { executedBlocks } from './support/ledger.js';
import { bearer, eventually, openStolenWallet, startTestApp, TestApp } from './support/test-app.js';

const operator = bearer(['operator'], 'op-shed');

/**
 * Keeps the event loop of this process (the service's, in these tests) blocked for 250 ms of every
 * 300 ms, as a saturated API would be, until stopped.
 */
function saturateEventLoop(): () => void {
  const timer = setInterval(() => {
    const until = Date.now() + 250;
    while (Date.now() < until); // busy on purpose: this is the overload
  }, 300);
  return () => clearInterval(timer);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('read shedding: under overload reads wait, card blocks do not', () => {
  let t: TestApp;
  let stopOverload: (() => void) | null = null;

  beforeAll(async () => {
    t = await startTestApp({ SHED_READS_AT_LOOP_DELAY_MS: '100', SHED_RETRY_AFTER_S: '2', DATABASE_POOL_SIZE: '4', SHED_READS_AT_POOL_WAITING: '3' });
  });
  afterEach(() => stopOverload?.());
  afterAll(async () => {
    await t.close();
  });

  const openWallet = (label: string) => openStolenWallet(t, operator, label);

  const readsShed = async () => Number(/^lifeline_reads_shed_total (\d+)$/m.exec((await t.http().get('/metrics').expect(200)).text)?.[1]);

  it('answers reads 503 with Retry-After while the loop lags, blocks cards all the same, and reads again once it eases', async () => {
    let view = await openWallet('shed');
    await t.http().get(`/v1/incidents/${view.id}`).set('Authorization', operator).expect(200);
    const shedBefore = await readsShed();

    stopOverload = saturateEventLoop();
    await pause(400);

    const shed = await t.http().get(`/v1/incidents/${view.id}`).set('Authorization', operator);
    expect(shed.status).toBe(503);
    expect(shed.headers['retry-after']).toBe('2');
    expect(shed.body).toEqual({
      error: 'overloaded',
      message: 'The service is at capacity and is keeping it for card blocks and operator steps; read again in 2 s',
      details: { retryAfterSeconds: 2 },
    });
    // Turned away before the guards: even a read without a token gets the same answer, not a 401.
    expect((await t.http().head('/v1/incidents')).status).toBe(503);

    // Steps are writes: the operator walks on, and the cards are blocked while reads wait.
    for (const event of ['CUSTOMER_READY', 'IDENTITY_VERIFIED']) {
      const sent = await t.http().post(`/v1/incidents/${view.id}/events`).set('Authorization', operator).send({ type: event, data: {}, expectedVersion: view.version });
      expect(sent.status).toBe(200);
      view = sent.body as IncidentView;
    }
    for (const card of view.cards) {
      await eventually(async () => (await executedBlocks(t.simulator.url, card.cardRef)).length === 1, `${card.cardRef} blocked under overload`);
    }
    // Probes, metrics and the console's own files are never shed.
    await t.http().get('/health/live').expect(200);
    await t.http().get('/console/').expect(200);
    expect(await readsShed()).toBeGreaterThanOrEqual(shedBefore + 2);

    stopOverload();
    stopOverload = null;
    const after = await eventually(
      async () => {
        const read = await t.http().get(`/v1/incidents/${view.id}`).set('Authorization', operator);
        return read.status === 200 && (read.body as IncidentView);
      },
      'reads to be answered again once the loop eases',
      5_000,
    );
    expect(after.cards.every((c) => c.status === 'blocked')).toBe(true);
    for (const card of after.cards) expect(await executedBlocks(t.simulator.url, card.cardRef)).toHaveLength(1);
  });

  it('sheds reads while queries queue for a database connection, and lets the step that blocks the cards wait its turn', async () => {
    const opened = await openWallet('shed-pool');
    let view = (await t.http().post(`/v1/incidents/${opened.id}/events`).set('Authorization', operator).send({ type: 'CUSTOMER_READY', data: {} }).expect(200))
      .body as IncidentView;

    // Seven slow queries on a pool of four: three wait for a connection.
    const db = t.app.get(DataSource);
    const backlog = Array.from({ length: 7 }, () => db.query('SELECT pg_sleep(1.5)'));
    await eventually(async () => poolLoad(db).waiting >= 3, 'queries to queue for a connection');

    const shed = await t.http().get(`/v1/incidents/${view.id}`).set('Authorization', operator);
    expect(shed.status).toBe(503);
    expect(shed.body).toMatchObject({ error: 'overloaded', details: { retryAfterSeconds: 2 } });
    // The step that asks for the blocks is a write: it waits for a connection, and the cards are blocked.
    view = (
      await t.http().post(`/v1/incidents/${view.id}/events`).set('Authorization', operator).send({ type: 'IDENTITY_VERIFIED', data: {}, expectedVersion: view.version }).expect(200)
    ).body as IncidentView;
    await Promise.all(backlog);
    for (const card of view.cards) {
      await eventually(async () => (await executedBlocks(t.simulator.url, card.cardRef)).length === 1, `${card.cardRef} blocked`);
    }
    await t.http().get(`/v1/incidents/${view.id}`).set('Authorization', operator).expect(200);
  });

  it('never sheds while the loop keeps up', async () => {
    const before = await readsShed();
    for (let i = 0; i < 20; i++) await t.http().get('/v1/playbooks').set('Authorization', operator).expect(200);
    expect(await readsShed()).toBe(before);
  });
});
