import { DataSource } from 'typeorm';
import { EffectHandlers } from '../src/effects/effect-handlers.js';
import { EffectQueue, QueueName } from '../src/effects/effect-queue.js';
import { Outbox } from '../src/effects/outbox.js';
import { OutboxSweeper } from '../src/effects/outbox-sweeper.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { NotificationEntity } from '../src/notifications/notification.entity.js';
import { newCard } from '../src/simulator/seed.js';
import { ledger } from './support/ledger.js';
import { bearer, eventually, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';
import { retireLeftoverEffects } from './support/test-env.js';

const run = Date.now().toString(36);
const operator = bearer(['operator'], 'op-olga');
const supervisor = bearer(['supervisor'], `sup-rita-${run}`);
const fraudEngine = bearer(['system'], `fraud-engine-${run}`);

/**
 * The two documented exceptions to "every change goes through send()": the commitment watcher's verdict and a
 * breach batch's card rows are committed before their report. Here the worker dies right between the two (the
 * handler ran, its report never went out) and its job is gone with it; the sweeper re-arms the effect, it runs
 * again, and the incident gets its one report while nothing written the first time is written twice.
 */
describe('a write committed before its report: a crash in between loses nothing', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ COMMITMENT_GRACE_MS: '0', SWEEP_AFTER_MS: '100', SWEEP_INTERVAL_MS: '3600000' });
    db = t.app.get(DataSource);
    // This spec sweeps the outbox itself: what earlier specs left unfinished must not run here.
    await retireLeftoverEffects((sql) => db.query(sql));
  });
  afterAll(async () => {
    await t.close();
  });

  const get = async (id: string) => (await t.http().get(`/v1/incidents/${id}`).set('Authorization', supervisor).expect(200)).body as IncidentView;
  const send = async (id: string, type: string, data: Record<string, unknown> = {}) =>
    (await t.http().post(`/v1/incidents/${id}/events`).set('Authorization', operator).send({ type, data }).expect(200)).body as IncidentView;
  const effectOf = async (incidentId: string, kind: string): Promise<string> =>
    (await db.query(`SELECT id FROM effects WHERE incident_id = $1 AND kind = $2`, [incidentId, kind]))[0].id;
  const statusOf = async (effectId: string): Promise<string> => (await db.query(`SELECT status FROM effects WHERE id = $1`, [effectId]))[0].status;
  const reports = async (id: string, type: string) => (await get(id)).timeline.filter((e) => e.type === type);

  /** The worker claims the effect and its handler does its work (committing its write), then the process dies: no report. */
  async function dieAfterTheWrite(effectId: string): Promise<void> {
    const claimed = (await t.app.get(Outbox).claim(effectId))!;
    await t.app
      .get(EffectHandlers)
      .of(claimed.kind)
      .execute(claimed as never);
  }

  /** Until the sweeper has given the stranded effect a new job and that job has reported. */
  const sweptUntilReported = (effectId: string, what: string) =>
    eventually(
      async () => {
        await t.app.get(OutboxSweeper).sweep();
        return (await statusOf(effectId)) === 'succeeded';
      },
      what,
      20_000,
    );

  it('the commitment watcher: the broken promise is reported once, with one alert and one message to the customer', async () => {
    const customerRef = uniqueCustomer('crash-check');
    const { cards } = (await (await fetch(`${t.simulator.url}/v1/customers/${customerRef}/cards`)).json()) as { cards: { cardRef: string; last4: string }[] };
    const { id } = (
      await t
        .http()
        .post('/v1/incidents')
        .set('Authorization', operator)
        .send({ playbook: 'lost-card', customerRef, channel: 'phone', contactChannel: 'messenger', cards: [{ cardRef: cards[0].cardRef, last4: cards[0].last4 }] })
        .expect(201)
    ).body as IncidentView;
    await send(id, 'CUSTOMER_READY');
    await send(id, 'IDENTITY_VERIFIED');
    await eventually(async () => (await get(id)).cards.every((c) => c.status === 'frozen'), 'the freeze');
    await send(id, 'FREEZE_CONFIRMED');
    const at = new Date(Date.now() + 1000).toISOString();
    await send(id, 'STILL_SEARCHING', { at, contactChannel: 'messenger' });
    await send(id, 'CALL_ENDED');
    // The check's own job is lost with the worker that took it.
    const check = await effectOf(id, 'checkCommitment');
    await (await t.app.get(EffectQueue).queue(QueueName.Timers).getJob(check))!.remove();
    await new Promise((resolve) => setTimeout(resolve, Date.parse(at) - Date.now() + 50));

    await dieAfterTheWrite(check);
    const alerts = async () => (await db.query(`SELECT count(*)::int AS n FROM supervisor_alerts WHERE incident_id = $1`, [id]))[0].n;
    const sorry = () => db.getRepository(NotificationEntity).countBy({ incidentId: id, template: 'commitment-late' });
    // The verdict is committed, the customer told; the incident has not heard yet.
    expect([await alerts(), await sorry(), await reports(id, 'COMMITMENT_CHECKED')]).toEqual([1, 1, []]);
    expect((await get(id)).commitments.find((c) => c.kind === 'callback')).toMatchObject({ status: 'late' });

    await sweptUntilReported(check, 'the re-armed check to report');
    expect(await reports(id, 'COMMITMENT_CHECKED')).toEqual([
      expect.objectContaining({ actor: 'system:lifeline-worker', summary: 'Promise not kept on time: the callback. Supervisor alerted; customer told by messenger' }),
    ]);
    expect([await alerts(), await sorry()]).toEqual([1, 1]);
  });

  it('a breach batch: its cards blocked once at core banking, their trail rows written once, the batch reported once', async () => {
    // Four customers of core banking's, with their three cards each.
    const cards = Array.from({ length: 12 }, (_, i) => {
      const customerRef = `cust-crash-${run}-${Math.floor(i / 3)}`;
      const { cardRef, last4 } = newCard(`card_${customerRef}_${(i % 3) + 1}`, 'any');
      return { cardRef, last4, customerRef };
    });
    const breach = t.app.get(EffectQueue).queue(QueueName.Breach);
    // Held, so the batch's first run is the one that dies.
    await breach.pause();
    const { id } = (
      await t
        .http()
        .post('/v1/incidents/mass-compromise')
        .set('Authorization', fraudEngine)
        .send({ breachRef: `breach-crash-${run}`, cards })
        .expect(201)
    ).body as IncidentView;
    const block = await effectOf(id, 'blockCardBatch');
    await eventually(async () => Boolean(await breach.getJob(block)), 'the batch job');
    await (await breach.getJob(block))!.remove();
    await breach.resume();

    await dieAfterTheWrite(block);
    const trailRows = async () => (await db.query(`SELECT count(*)::int AS n FROM card_actions WHERE incident_id = $1`, [id]))[0].n;
    const rowsAfterTheWrite = await trailRows();
    expect(rowsAfterTheWrite).toBeGreaterThanOrEqual(cards.length);
    expect((await get(id)).progress).toMatchObject({ total: 12, blocked: 12, batches: { block: { reported: 0, of: 1 } } });
    expect(await reports(id, 'CARD_BATCH_BLOCKED')).toEqual([]);

    await sweptUntilReported(block, 'the re-armed batch to report');
    expect(await reports(id, 'CARD_BATCH_BLOCKED')).toHaveLength(1);
    expect((await get(id)).progress).toMatchObject({ total: 12, blocked: 12, failed: 0, batches: { block: { reported: 1, of: 1 } } });
    expect(await trailRows()).toBe(rowsAfterTheWrite);
    const calls = (await ledger(t.simulator.url)).filter((e) => e.path === '/v1/cards/block-batch' && e.cardRefs?.includes(cards[0].cardRef));
    expect(calls.map((e) => [e.idempotencyKey, e.replayed])).toEqual([
      [block, false],
      [block, true],
    ]);
  });
});
