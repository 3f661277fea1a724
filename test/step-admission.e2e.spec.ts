import { DataSource, type QueryRunner } from 'typeorm';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { executedBlocks } from './support/ledger.js';
import { bearer, eventually, openStolenWallet, startTestApp, TestApp } from './support/test-app.js';

const operator = bearer(['operator'], 'op-turns');

/**
 * One step at a time (STEP_CONCURRENCY=1). A step is held mid-transaction by a lock this test takes on its
 * incident's row, so it keeps its turn for as long as the test wants, as a slow step under load would.
 */
describe('step admission: under load operator steps take turns, and a step that blocks cards never waits', () => {
  let t: TestApp;
  let held: QueryRunner | null = null;

  beforeAll(async () => {
    t = await startTestApp({ STEP_CONCURRENCY: '1', STEP_WAIT_MAX_MS: '1500', SHED_RETRY_AFTER_S: '2' });
  });
  afterEach(async () => {
    if (held?.isTransactionActive) await held.rollbackTransaction();
    await held?.release();
    held = null;
  });
  afterAll(async () => {
    await t.close();
  });

  const openWallet = (label: string) => openStolenWallet(t, operator, label);

  const step = (id: string, type: string, data: Record<string, unknown> = {}) => t.http().post(`/v1/incidents/${id}/events`).set('Authorization', operator).send({ type, data });
  const read = async (id: string) => (await t.http().get(`/v1/incidents/${id}`).set('Authorization', operator).expect(200)).body as IncidentView;

  /** Locks the incident's row from outside the service, until released: its next step waits on the lock, in its turn. */
  const holdIncident = async (id: string) => {
    held = t.app.get(DataSource).createQueryRunner();
    await held.startTransaction();
    await held.query('SELECT 1 FROM incidents WHERE id = $1 FOR UPDATE', [id]);
  };
  const stepWaitingOnLock = () =>
    eventually(async () => {
      const [row] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FOR NO KEY UPDATE%'`);
      return row.n === 1;
    }, 'the held step to wait on its incident');

  const waits = async (outcome: 'taken' | 'turned_away') =>
    Number(new RegExp(`^lifeline_step_wait_seconds_count\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec((await t.http().get('/metrics').expect(200)).text)?.[1] ?? 0);

  it('turns a step away with 503 and Retry-After once it waited too long, changing nothing, while a blocking step goes straight through', async () => {
    const [slow, waiting, blocking] = [await openWallet('turn-slow'), await openWallet('turn-waiting'), await openWallet('turn-blocking')];
    const ready = (await step(blocking.id, 'CUSTOMER_READY').expect(200)).body as IncidentView;
    expect(ready.step?.primary?.event).toBe('IDENTITY_VERIFIED');
    const turnedAwayBefore = await waits('turned_away');

    await holdIncident(slow.id);
    const slowStep = step(slow.id, 'CUSTOMER_MOOD', { mood: 'angry' }).then((r) => r);
    await stepWaitingOnLock();

    // The one turn is taken: this step waits, then is turned away.
    const turnedAway = await step(waiting.id, 'CUSTOMER_MOOD', { mood: 'panicked' });
    expect(turnedAway.status).toBe(503);
    expect(turnedAway.headers['retry-after']).toBe('2');
    expect(turnedAway.body).toEqual({
      error: 'overloaded',
      message: 'The service is at capacity and is keeping it for card blocks; this step was not taken (nothing changed), send it again in 2 s',
      details: { retryAfterSeconds: 2 },
    });
    const moods = async (id: string) => (await read(id)).timeline.filter((e) => e.type === 'CUSTOMER_MOOD').length;
    expect(await moods(waiting.id)).toBe(0);
    expect(await waits('turned_away')).toBe(turnedAwayBefore + 1);

    // The step that asks for the blocks skips the line, and the cards are blocked, once each, while the turn is still held.
    const verified = await step(blocking.id, 'IDENTITY_VERIFIED');
    expect(verified.status).toBe(200);
    for (const card of (verified.body as IncidentView).cards) {
      await eventually(async () => (await executedBlocks(t.simulator.url, card.cardRef)).length === 1, `${card.cardRef} blocked while steps wait`);
    }

    await held!.commitTransaction();
    expect((await slowStep).status).toBe(200);
    expect(await moods(slow.id)).toBe(1);
    for (const card of (await read(blocking.id)).cards) expect(await executedBlocks(t.simulator.url, card.cardRef)).toHaveLength(1);
  });

  it('takes waiting steps in arrival order as turns free up', async () => {
    const [first, second, third] = [await openWallet('order-1'), await openWallet('order-2'), await openWallet('order-3')];
    await holdIncident(first.id);
    const answered: string[] = [];
    const send = (view: IncidentView, label: string) => step(view.id, 'CUSTOMER_MOOD', { mood: 'confused' }).then((r) => (answered.push(label), r));
    const firstStep = send(first, 'first');
    await stepWaitingOnLock();
    const secondStep = send(second, 'second');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const thirdStep = send(third, 'third');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Nothing but the held step has run: the other two are still in line.
    expect(answered).toEqual([]);
    expect((await read(second.id)).timeline.some((e) => e.type === 'CUSTOMER_MOOD')).toBe(false);

    await held!.commitTransaction();
    const results = await Promise.all([firstStep, secondStep, thirdStep]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(answered).toEqual(['first', 'second', 'third']);
  });
});
