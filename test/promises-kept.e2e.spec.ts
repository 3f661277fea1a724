import { DataSource } from 'typeorm';
import type { SupervisorAlertView } from '../src/commitments/supervisor-alerts.js';
import { EffectQueue, QueueName } from '../src/effects/effect-queue.js';
import { EffectRunner } from '../src/effects/effect-runner.js';
import { OutboxSweeper } from '../src/effects/outbox-sweeper.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { NotificationEntity } from '../src/notifications/notification.entity.js';
import { spokenTime } from '../src/playbooks/words/spoken.js';
import { bearer, eventually, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';
import { retireLeftoverEffects } from './support/test-env.js';

const operator = bearer(['operator'], 'op-olga');
const supervisor = bearer(['supervisor'], 'sup-ivan');
const risk = bearer(['risk'], 'risk-rita');
const coreBanking = bearer(['system'], 'core-banking');
const survey = bearer(['system'], 'survey-channel');

/**
 * Time is controlled, never slept: promises come due within seconds (a callback agreed for 1.5 s from
 * now, no grace, the follow-up 300 ms after resolution) and each outcome is polled for with `eventually`.
 */
describe('promises kept: commitments watched, the follow-up, the liability clock', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ COMMITMENT_GRACE_MS: '0', FOLLOW_UP_DELAY_MS: '300', SWEEP_AFTER_MS: '100', SWEEP_INTERVAL_MS: '3600000' });
    db = t.app.get(DataSource);
    // This spec sweeps the outbox itself: what earlier specs left unfinished must not run here.
    await retireLeftoverEffects((sql) => db.query(sql));
  });
  afterAll(async () => {
    await t.close();
  });

  const get = async (id: string, token = operator) => (await t.http().get(`/v1/incidents/${id}`).set('Authorization', token).expect(200)).body as IncidentView;
  const open = async (body: Record<string, unknown>) => (await t.http().post('/v1/incidents').set('Authorization', operator).send(body).expect(201)).body as IncidentView;
  const send = async (id: string, type: string, data: Record<string, unknown> = {}, token = operator) =>
    (await t.http().post(`/v1/incidents/${id}/events`).set('Authorization', token).send({ type, data }).expect(200)).body as IncidentView;
  const messages = (incidentId: string, template: string) => db.getRepository(NotificationEntity).find({ where: { incidentId, template } });
  const alertsOf = async (incidentId: string, status?: string) => {
    const res = await t.http().get(`/v1/alerts${status ? `?status=${status}` : ''}`).set('Authorization', supervisor).expect(200);
    return (res.body.alerts as SupervisorAlertView[]).filter((a) => a.incident.id === incidentId);
  };
  const checkEffectOf = async (incidentId: string): Promise<string> => (await db.query(`SELECT id FROM effects WHERE incident_id = $1 AND kind = 'checkCommitment'`, [incidentId]))[0].id;

  async function customerCard(customerRef: string): Promise<{ cardRef: string; last4: string }> {
    const { cards } = (await (await fetch(`${t.simulator.url}/v1/customers/${customerRef}/cards`)).json()) as { cards: { cardRef: string; last4: string }[] };
    return { cardRef: cards[0].cardRef, last4: cards[0].last4 };
  }

  /** A lost card, frozen; the customer will look for it and we promise to call back `dueInMs` from the promise. */
  async function lostCardAwaitingCallback(dueInMs: number): Promise<{ view: IncidentView; at: string }> {
    const customerRef = uniqueCustomer('promise');
    const { id } = await open({ playbook: 'lost-card', customerRef, channel: 'phone', contactChannel: 'messenger', cards: [await customerCard(customerRef)] });
    await send(id, 'CUSTOMER_READY');
    await send(id, 'IDENTITY_VERIFIED');
    await eventually(async () => (await get(id)).cards.every((c) => c.status === 'frozen'), 'the freeze');
    await send(id, 'FREEZE_CONFIRMED');
    const at = new Date(Date.now() + dueInMs).toISOString();
    await send(id, 'STILL_SEARCHING', { at, contactChannel: 'messenger' });
    return { view: await send(id, 'CALL_ENDED'), at };
  }

  describe('the commitment watcher', () => {
    it('a callback not made by its time: the promise is late, one supervisor alert, one proactive message on the customer\'s channel', async () => {
      const { view, at } = await lostCardAwaitingCallback(1500);
      const promised = view.commitments.find((c) => c.kind === 'callback')!;
      expect(promised).toMatchObject({ what: 'We call you back', dueBy: at, owner: 'Contact centre', channel: 'messenger', status: 'scheduled', keptAt: null, lateSince: null });

      const [alert] = await eventually(async () => { const a = await alertsOf(view.id, 'open'); return a.length > 0 && a; }, 'the supervisor alert');
      expect(alert).toMatchObject({
        status: 'open',
        acknowledgedBy: null,
        incident: { id: view.id, playbook: 'lost-card', customerRef: view.customerRef },
        commitment: { id: promised.id, kind: 'callback', what: 'We call you back', dueBy: at, owner: 'Contact centre', channel: 'messenger', keptAt: null },
      });
      expect(Date.parse(alert.raisedAt)).toBeGreaterThanOrEqual(Date.parse(at));

      const late = await eventually(async () => { const v = await get(view.id); return v.timeline.some((e) => e.type === 'COMMITMENT_CHECKED') && v; }, 'the check to report');
      expect(late.commitments.find((c) => c.id === promised.id)).toMatchObject({ status: 'late', keptAt: null });
      expect(late.timeline.find((e) => e.type === 'COMMITMENT_CHECKED')).toMatchObject({
        actor: 'system:lifeline-worker',
        summary: 'Promise not kept on time: the callback. Supervisor alerted; customer told by messenger',
      });
      const sorry = await messages(view.id, 'commitment-late');
      expect(sorry).toHaveLength(1);
      expect(sorry[0].channel).toBe('messenger');
      expect(sorry[0].message).toMatch(/^We promised to call you back at \d{1,2} [A-Z][a-z]+ at \d\d:\d\d and have not reached you yet\. We are sorry\./);

      // Delivered again (a worker died after the message, before its report): still one alert, one message.
      const check = await checkEffectOf(view.id);
      await db.query(`UPDATE effects SET status = 'running' WHERE id = $1`, [check]);
      await t.app.get(EffectRunner).run(check);
      expect(await messages(view.id, 'commitment-late')).toHaveLength(1);
      expect(await alertsOf(view.id)).toHaveLength(1);

      // The operator reaches the customer after all: kept, but late on the record.
      const kept = await send(view.id, 'CARD_NOT_FOUND');
      const keptLate = kept.commitments.find((c) => c.id === promised.id)!;
      expect(keptLate).toMatchObject({ status: 'done', lateSince: expect.any(String), keptAt: expect.any(String) });
      expect(Date.parse(keptLate.keptAt!)).toBeGreaterThan(Date.parse(keptLate.lateSince!));

      // A supervisor takes it up; the queue of open alerts no longer shows it, and only supervisors see the queue.
      const acked = (await t.http().post(`/v1/alerts/${alert.id}/ack`).set('Authorization', supervisor).expect(200)).body as SupervisorAlertView;
      expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'sup-ivan', commitment: { keptAt: keptLate.keptAt } });
      expect(await alertsOf(view.id, 'open')).toEqual([]);
      expect(await alertsOf(view.id, 'acknowledged')).toHaveLength(1);
      await t.http().get('/v1/alerts').set('Authorization', operator).expect(403);
      await t.http().post(`/v1/alerts/${alert.id}/ack`).set('Authorization', risk).expect(403);
      await t.http().get('/v1/alerts?status=closed').set('Authorization', supervisor).expect(400);
      // Taken up once, on the incident's own record, by the supervisor who did it; the repeat records nothing.
      await t.http().post(`/v1/alerts/${alert.id}/ack`).set('Authorization', bearer(['supervisor'], 'sup-olga')).expect(200);
      const acks = (await get(view.id, risk)).timeline.filter((e) => e.type === 'ALERT_ACKNOWLEDGED');
      expect(acks).toEqual([expect.objectContaining({ actor: 'sup-ivan' })]);
    });

    it('a callback made before its time is checked at its due time and raises nothing', async () => {
      const { view, at } = await lostCardAwaitingCallback(2000);
      const called = await send(view.id, 'CALLBACK_STARTED');
      const promised = called.commitments.find((c) => c.kind === 'callback')!;
      expect(promised).toMatchObject({ status: 'done', lateSince: null });
      expect(Date.parse(promised.keptAt!)).toBeLessThan(Date.parse(at));

      const checked = await eventually(async () => (await get(view.id)).timeline.find((e) => e.type === 'COMMITMENT_CHECKED'), 'the check at the due time');
      expect(checked.summary).toBe('Promise kept on time: the callback');
      expect(Date.parse(checked.at)).toBeGreaterThanOrEqual(Date.parse(at));
      expect(await alertsOf(view.id)).toEqual([]);
      expect(await messages(view.id, 'commitment-late')).toEqual([]);
    });

    it('re-arms a check that Redis lost: Postgres holds the promise, the sweeper gives it a new job', async () => {
      const { view } = await lostCardAwaitingCallback(2500);
      const check = await checkEffectOf(view.id);
      const timers = t.app.get(EffectQueue).queue(QueueName.Timers);
      await (await timers.getJob(check))!.remove();
      expect(await timers.getJob(check)).toBeUndefined();

      await eventually(async () => {
        await t.app.get(OutboxSweeper).sweep();
        const job = await timers.getJob(check);
        return job && (await job.getState()) === 'delayed';
      }, 'the sweeper to re-arm the check');
      await eventually(async () => (await alertsOf(view.id, 'open')).length === 1, 'the alert from the re-armed check');
      // The alert is written first, then the customer is told: wait for the message, then make sure there is one.
      await eventually(async () => (await messages(view.id, 'commitment-late')).length > 0, 'the late-promise message');
      expect(await messages(view.id, 'commitment-late')).toHaveLength(1);
    });

    it('tracks new cards by core banking\'s delivery date and a disputed payment by the jurisdiction\'s deadline; both kept through the API after resolution', async () => {
      const customerRef = uniqueCustomer('keeps');
      const opened = await open({ playbook: 'stolen-wallet', customerRef, channel: 'phone', contactChannel: 'email', jurisdiction: 'EU' });
      await send(opened.id, 'CUSTOMER_READY');
      await send(opened.id, 'IDENTITY_VERIFIED');
      const loaded = await eventually(async () => { const v = await get(opened.id); return v.cards.every((c) => c.status === 'blocked') && v.transactions.length > 0 && v; }, 'blocks and transactions');
      await send(opened.id, 'BLOCKS_CONFIRMED');
      const disputed = loaded.transactions[0];
      await send(opened.id, 'TRANSACTIONS_REVIEWED', { disputed: [disputed.id] });
      await send(opened.id, 'EMERGENCY_ASSESSED', { travelling: true });
      await send(opened.id, 'REISSUE_REQUESTED', { delivery: 'address', address: '1 Rue de la Loi, Brussels' });
      await send(opened.id, 'CALLBACK_SCHEDULED', { at: new Date(Date.now() + 3600_000).toISOString(), contactChannel: 'email' });
      await send(opened.id, 'CALL_ENDED');
      await send(opened.id, 'CALLBACK_STARTED');
      await send(opened.id, 'CALLBACK_COMPLETED');

      const view = await eventually(async () => { const v = await get(opened.id); return v.commitments.filter((c) => c.kind === 'reissue').length === 3 && v; }, 'core banking\'s delivery dates');
      expect(view.status).toBe('resolved');
      for (const card of view.cards) {
        const newCard = view.commitments.find((c) => c.kind === 'reissue' && c.what.includes(card.last4))!;
        expect(newCard).toMatchObject({ what: `New card to replace the card ending ${card.last4}, delivered to the customer's address (express)`, owner: 'Card delivery service', channel: 'email', status: 'scheduled' });
        expect(Date.parse(newCard.dueBy!)).toBeGreaterThan(Date.now());
      }
      const refund = view.commitments.find((c) => c.kind === 'refund_decision')!;
      const psd2Refund = view.liability.deadlines.find((d) => d.rule === 'psd2-refund')!;
      expect(view.liability).toMatchObject({ jurisdiction: 'EU', notifiedAt: view.notifiedAt });
      expect(refund).toMatchObject({ owner: 'Disputes team', channel: 'email', status: 'scheduled', dueBy: psd2Refund.by });
      // Amounts with the currency as a word (the simulator's generated customers pay in euros).
      expect(disputed.currency).toBe('EUR');
      // The promise names the payment: its card, its time (in the customer's zone, the default here) and its id.
      expect(refund.what).toBe(
        `Decision on the disputed payment of ${disputed.amount.toFixed(2)} euros at ${disputed.merchant} (${disputed.city}), card ending ${disputed.cardLast4}, ${spokenTime(disputed.at, 'en', 'Europe/Moscow')} (payment ${disputed.id})`,
      );

      // Core banking reports one delivery, days later: the incident stays resolved, that one promise is kept.
      const [first] = view.cards;
      const delivered = await send(view.id, 'REISSUE_DELIVERED', { cardRef: first.cardRef }, coreBanking);
      expect(delivered).toMatchObject({ status: 'resolved', resolvedAt: view.resolvedAt, state: view.state });
      expect(delivered.commitments.filter((c) => c.kind === 'reissue').map((c) => [c.what.includes(first.last4), c.status])).toEqual(
        expect.arrayContaining([[true, 'done'], [false, 'scheduled'], [false, 'scheduled']]),
      );
      expect(delivered.timeline.at(-1)).toMatchObject({ type: 'REISSUE_DELIVERED', actor: 'core-banking', summary: `New card to replace the card ending ${first.last4} delivered` });

      const decided = await send(view.id, 'REFUND_DECIDED', { transactionIds: disputed.id, decision: 'refunded' }, coreBanking);
      expect(decided.commitments.find((c) => c.kind === 'refund_decision')).toMatchObject({ status: 'done', lateSince: null, keptAt: expect.any(String) });

      // Only what was promised can be reported kept.
      const noPromise = await t.http().post(`/v1/incidents/${view.id}/events`).set('Authorization', coreBanking).send({ type: 'REISSUE_DELIVERED', data: { cardRef: 'card_never_ordered_1' } }).expect(422);
      expect(noPromise.body.error).toBe('event_not_allowed');
      const unknown = await t.http().post(`/v1/incidents/${view.id}/events`).set('Authorization', coreBanking)
        .send({ type: 'REFUND_DECIDED', data: { transactionIds: `${disputed.id}, tx-nobody-disputed`, decision: 'declined' } }).expect(422);
      expect(unknown.body.details).toEqual({ unknown: ['tx-nobody-disputed'] });
      await t.http().post(`/v1/incidents/${view.id}/events`).set('Authorization', coreBanking).send({ type: 'REFUND_DECIDED', data: { transactionIds: disputed.id, decision: 'maybe' } }).expect(400);
      expect(await alertsOf(view.id)).toEqual([]);
    });
  });

  describe('the post-service follow-up', () => {
    /** A lost card the customer gives up on: blocked for good, no new card, call ended: resolved. */
    async function resolvedLostCard(app: TestApp): Promise<IncidentView> {
      const customerRef = uniqueCustomer('follow');
      const id = ((await app.http().post('/v1/incidents').set('Authorization', operator)
        .send({ playbook: 'lost-card', customerRef, channel: 'phone', contactChannel: 'push', cards: [await customerCard(customerRef)] }).expect(201)).body as IncidentView).id;
      const step = async (type: string) => (await app.http().post(`/v1/incidents/${id}/events`).set('Authorization', operator).send({ type }).expect(200)).body as IncidentView;
      const settled = (status: string) => eventually(async () => ((await app.http().get(`/v1/incidents/${id}`).set('Authorization', operator)).body as IncidentView).cards.every((c) => c.status === status), status);
      await step('CUSTOMER_READY');
      await step('IDENTITY_VERIFIED');
      await settled('frozen');
      await step('FREEZE_CONFIRMED');
      await step('CARD_NOT_FOUND');
      await settled('blocked');
      await step('BLOCKS_CONFIRMED');
      const open = await step('REISSUE_DECLINED');
      const tooEarly = await app.http().post(`/v1/incidents/${id}/feedback`).set('Authorization', survey).send({ score: 5 }).expect(422);
      expect(tooEarly.body).toMatchObject({ error: 'feedback_not_expected', message: 'The incident is open; the customer is asked how it went once it is resolved' });
      // A survey that sends `comment: null` for no comment is answered the same way (it once crashed with a 500).
      await app.http().post(`/v1/incidents/${id}/feedback`).set('Authorization', survey).send({ score: 1, comment: null }).expect(422);
      expect(open.followUp).toBeNull();
      return step('CALL_ENDED');
    }

    it('asks the customer how it went after resolution, on their channel, and records their answer once', async () => {
      const resolved = await resolvedLostCard(t);
      expect(resolved.status).toBe('resolved');
      expect(resolved.followUp).toMatchObject({ channel: 'push', sentAt: null, score: null });
      expect(Date.parse(resolved.followUp!.dueAt) - Date.parse(resolved.resolvedAt!)).toBe(300);

      const asked = await eventually(async () => { const v = await get(resolved.id); return v.timeline.some((e) => e.type === 'FOLLOW_UP_SENT') && v; }, 'the follow-up');
      expect(Date.parse(asked.followUp!.sentAt!)).toBeGreaterThanOrEqual(Date.parse(asked.followUp!.dueAt));
      expect(asked.timeline.find((e) => e.type === 'FOLLOW_UP_SENT')).toMatchObject({ actor: 'system:lifeline-worker', summary: 'Customer asked how it went (push)' });
      const [question] = await messages(resolved.id, 'follow-up');
      expect(question).toMatchObject({ channel: 'push' });
      expect(question.message).toMatch(/^Your case with us is closed\. How did we do\? Reply with a score from 1/);

      const url = `/v1/incidents/${resolved.id}/feedback`;
      const outOfRange = await t.http().post(url).set('Authorization', survey).send({ score: 6 }).expect(400);
      expect(outOfRange.body.message).toContain('score must be a whole number from 1 to 5');
      await t.http().post(url).set('Authorization', survey).send({ score: 4.5 }).expect(400);
      await t.http().post(url).set('Authorization', risk).send({ score: 5 }).expect(403);

      const answer = await t.http().post(url).set('Authorization', survey).send({ score: 4, comment: 'Quick and kind. My card 4111 1111 1111 1111 works.' }).expect(201);
      expect(answer.body).toMatchObject({ channel: 'push', score: 4, comment: 'Quick and kind. My card [redacted] works.', sentAt: asked.followUp!.sentAt });
      const again = await t.http().post(url).set('Authorization', operator).send({ score: 1 }).expect(409);
      expect(again.body).toMatchObject({ error: 'feedback_already_recorded', details: { followUp: { score: 4 } } });

      expect((await get(resolved.id, risk)).followUp).toMatchObject({ score: 4, comment: 'Quick and kind. My card [redacted] works.', answeredAt: expect.any(String) });
      expect(await messages(resolved.id, 'follow-up')).toHaveLength(1);
      // The answer is on the incident's record once, card number masked, by who recorded it.
      const answered = (await get(resolved.id, risk)).timeline.filter((e) => e.type === 'FEEDBACK_RECORDED');
      expect(answered).toEqual([expect.objectContaining({ actor: expect.any(String) })]);
      expect(JSON.stringify(await t.app.get(DataSource).query(`SELECT data FROM incident_events WHERE incident_id = $1 AND type = 'FEEDBACK_RECORDED'`, [resolved.id]))).toContain('[redacted]');
    });

    it('refuses an answer before the follow-up has gone out (422)', async () => {
      const later = await startTestApp({ FOLLOW_UP_DELAY_MS: String(3600_000) }, { simulator: t.simulator });
      try {
        const resolved = await resolvedLostCard(later);
        expect(Date.parse(resolved.followUp!.dueAt) - Date.parse(resolved.resolvedAt!)).toBe(3600_000);
        const res = await later.http().post(`/v1/incidents/${resolved.id}/feedback`).set('Authorization', survey).send({ score: 5 }).expect(422);
        expect(res.body).toMatchObject({ error: 'feedback_not_expected', message: 'The follow-up has not been sent to the customer yet' });
      } finally {
        await later.close();
      }
    });
  });

  describe('the liability clock', () => {
    it('shows the jurisdiction\'s deadlines from the moment the customer told the bank, to the operator and to risk', async () => {
      const notifiedAt = '2025-03-07T20:00:00.000Z'; // a Friday, 15:00 in New York
      const opened = await open({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('liability'), channel: 'phone', jurisdiction: 'US', notifiedAt });
      const seenByRisk = await get(opened.id, risk);
      expect(seenByRisk.liability).toEqual(opened.liability);
      expect(seenByRisk.liability).toMatchObject({ jurisdiction: 'US', notifiedAt, name: 'United States — Regulation E (12 CFR 1005)' });
      expect(seenByRisk.liability.deadlines.map((d) => [d.rule, d.by, d.status])).toEqual([
        ['reg-e-liability-50', '2025-03-12T03:59:59.999Z', 'passed'], // end of Tuesday
        ['reg-e-liability-500', '2025-05-07T03:59:59.999Z', 'passed'],
        ['reg-e-investigation', '2025-03-22T03:59:59.999Z', 'passed'],
        ['reg-e-investigation-extended', '2025-04-22T03:59:59.999Z', 'passed'],
      ]);
      expect(seenByRisk.liability.deadlines[0]).toMatchObject({ maxLiability: { amount: 50, currency: 'USD' } });

      const ru = await open({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('liability'), channel: 'phone', locale: 'ru' });
      expect(ru.liability.jurisdiction).toBe('RU'); // the bank's default
      const notice = ru.liability.deadlines.find((d) => d.rule === 'fz161-notice')!;
      expect(notice).toMatchObject({ status: 'upcoming' });
      expect(notice.what).toContain('161-ФЗ');

      const bad = await t.http().post('/v1/incidents').set('Authorization', operator).send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('x'), channel: 'phone', jurisdiction: 'XX' }).expect(400);
      expect(bad.body).toMatchObject({ message: 'Unknown jurisdiction XX', details: { known: ['US', 'EU', 'RU'] } });
      await t.http().post('/v1/incidents').set('Authorization', operator).send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('x'), channel: 'phone', jurisdiction: 'us' }).expect(400);
    });
  });
});
