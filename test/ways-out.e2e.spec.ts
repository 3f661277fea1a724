import { DataSource } from 'typeorm';
import type { SupervisorAlertView } from '../src/commitments/supervisor-alerts.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { NotificationEntity } from '../src/notifications/notification.entity.js';
import { executedBlocks } from './support/ledger.js';
import { bearer, eventually, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';
import { retireLeftoverEffects } from './support/test-env.js';

const operator = bearer(['operator'], 'op-vera');
const supervisor = bearer(['supervisor'], 'sup-oleg');
const fraudEngine = bearer(['system'], 'fraud-engine');
const survey = bearer(['system'], 'survey-channel');

/** "3 December at 10:00" / «3 декабря в 10:00», worked out here from the instant and the zone, as the customer says it. */
const spoken = (iso: string, locale: 'en' | 'ru', timeZone: string) =>
  new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));

/**
 * Issue 9, items 6, 7 and 9: callbacks the bank can keep, ways out of every playbook, and recovery after a bad score.
 * Real Postgres, Redis and the core-banking simulator; outcomes read where a user or auditor reads them.
 */
describe('ways out: callbacks that can be kept, cancel, switch, a dropped call, untouched incidents, recovery', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ COMMITMENT_GRACE_MS: '0', FOLLOW_UP_DELAY_MS: '300', CALLBACK_MAX_UNREACHABLE_ATTEMPTS: '2', RECOVERY_CONTACT_WITHIN_MS: String(4 * 3600_000) });
    db = t.app.get(DataSource);
    await retireLeftoverEffects((sql) => db.query(sql));
  });
  afterAll(async () => {
    await t.close();
  });

  const api = (app: TestApp = t) => ({
    get: async (id: string) => (await app.http().get(`/v1/incidents/${id}`).set('Authorization', operator).expect(200)).body as IncidentView,
    open: async (body: Record<string, unknown>, token = operator) =>
      (await app.http().post('/v1/incidents').set('Authorization', token).send(body).expect(201)).body as IncidentView,
    send: (id: string, type: string, data: Record<string, unknown> = {}, token = operator) =>
      app.http().post(`/v1/incidents/${id}/events`).set('Authorization', token).send({ type, data }),
  });
  const get = (id: string) => api().get(id);
  const open = (body: Record<string, unknown>, token = operator) => api().open(body, token);
  const send = async (id: string, type: string, data: Record<string, unknown> = {}) => (await api().send(id, type, data).expect(200)).body as IncidentView;
  const messages = (incidentId: string, template: string) => db.getRepository(NotificationEntity).find({ where: { incidentId, template } });
  const effectsOf = (incidentId: string, kind: string): Promise<{ id: string; status: string; params: Record<string, unknown> }[]> =>
    db.query(`SELECT id, status, params FROM effects WHERE incident_id = $1 AND kind = $2 ORDER BY created_at`, [incidentId, kind]);
  const alertsOf = async (incidentId: string) => {
    const res = await t.http().get('/v1/alerts').set('Authorization', supervisor).expect(200);
    return (res.body.alerts as SupervisorAlertView[]).filter((a) => a.incident.id === incidentId);
  };

  async function customerCards(customerRef: string, n = 1): Promise<{ cardRef: string; last4: string }[]> {
    const { cards } = (await (await fetch(`${t.simulator.url}/v1/customers/${customerRef}/cards`)).json()) as { cards: { cardRef: string; last4: string }[] };
    return cards.slice(0, n).map(({ cardRef, last4 }) => ({ cardRef, last4 }));
  }

  /** A lost card frozen and confirmed: the operator is at the "still searching?" step. */
  async function lostCardSearching(app: TestApp, extra: Record<string, unknown> = {}): Promise<IncidentView> {
    const customerRef = uniqueCustomer('ways');
    const a = api(app);
    const { id } = await a.open({ playbook: 'lost-card', customerRef, channel: 'phone', contactChannel: 'sms', cards: await customerCards(customerRef), ...extra });
    await a.send(id, 'CUSTOMER_READY').expect(200);
    await a.send(id, 'IDENTITY_VERIFIED').expect(200);
    await eventually(async () => (await a.get(id)).cards.every((c) => c.status === 'frozen'), 'the freeze');
    return (await a.send(id, 'FREEZE_CONFIRMED').expect(200)).body as IncidentView;
  }

  describe('callbacks that can be kept (#9.6)', () => {
    it("refuses a callback in the past or outside contact hours in the customer's zone (400, field named, nothing changed) and says the time in their zone", async () => {
      const hours = await startTestApp({ CONTACT_HOURS: '08:00-21:00' }, { simulator: t.simulator });
      try {
        const timeZone = 'Asia/Vladivostok'; // UTC+10 all year
        const searching = await lostCardSearching(hours, { timeZone, locale: 'ru' });
        const tomorrow = new Date(Date.now() + 24 * 3600_000);
        const at = (utcHour: number, minute = 0) => new Date(Date.UTC(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth(), tomorrow.getUTCDate(), utcHour, minute)).toISOString();

        const past = await api(hours).send(searching.id, 'STILL_SEARCHING', { at: '2020-01-01T10:00:00.000Z' }).expect(400);
        expect(past.body).toMatchObject({ error: 'invalid_event_data', details: { problems: [expect.stringMatching(/^at: must be in the future/)] } });

        const lateAt = at(13, 30); // 23:30 in Vladivostok
        const late = await api(hours).send(searching.id, 'STILL_SEARCHING', { at: lateAt }).expect(400);
        expect(late.body.details.problems).toEqual(["at: must be within contact hours, 08:00–21:00 in the customer's time zone (Asia/Vladivostok)"]);
        expect(late.body.message).toContain('Invalid data for STILL_SEARCHING: at: must be within contact hours');

        const unchanged = await api(hours).get(searching.id);
        expect({ state: unchanged.state, version: unchanged.version, commitments: unchanged.commitments.filter((c) => c.kind === 'callback') }).toEqual({
          state: 'search_for_card',
          version: searching.version,
          commitments: [],
        });

        const goodAt = at(0); // 10:00 in Vladivostok
        const promised = (await api(hours).send(searching.id, 'STILL_SEARCHING', { at: goodAt }).expect(200)).body as IncidentView;
        expect(promised.commitments.filter((c) => c.kind === 'callback')).toEqual([expect.objectContaining({ dueBy: goodAt, status: 'scheduled' })]);
        // The closing script says the time as the customer lives it, in Russian: «… декабря в 10:00», never UTC or ISO.
        expect(promised.step!.say).toContain(`Мы позвоним вам ${spoken(goodAt, 'ru', timeZone)}`);
        expect(spoken(goodAt, 'ru', timeZone)).toMatch(/в 10:00$/);
      } finally {
        await hours.close();
      }
    });

    it('reschedules from the awaiting step: the promise moves, the watcher follows the new time, the old timer never fires', async () => {
      const searching = await lostCardSearching(t);
      const oldAt = new Date(Date.now() + 1500).toISOString();
      await send(searching.id, 'STILL_SEARCHING', { at: oldAt });
      const awaiting = await send(searching.id, 'CALL_ENDED');
      expect(awaiting.state).toBe('awaiting_search');
      const [oldTimer] = await effectsOf(awaiting.id, 'scheduleCallback');

      const newAt = new Date(Date.now() + 3600_000).toISOString();
      const moved = await send(awaiting.id, 'CALLBACK_RESCHEDULED', { at: newAt, contactChannel: 'email' });
      expect(moved.state).toBe('awaiting_search');
      expect(moved.commitments.filter((c) => c.kind === 'callback')).toEqual([expect.objectContaining({ dueBy: newAt, channel: 'email', status: 'scheduled' })]);
      expect(moved.timeline.at(-1)).toMatchObject({ type: 'CALLBACK_RESCHEDULED', actor: 'op-vera', summary: `Callback moved to ${spoken(newAt, 'en', 'Europe/Moscow')}` });

      // The old promise's own check runs at its old time; by then its timer would have fired too.
      const [oldPromise] = await db.query(`SELECT id, status FROM commitments WHERE effect_id = $1`, [oldTimer.id]);
      expect(oldPromise.status).toBe('withdrawn');
      await eventually(async () => {
        const checks = await effectsOf(awaiting.id, 'checkCommitment');
        return checks.some((c) => c.params.commitmentId === oldPromise.id && c.status === 'succeeded');
      }, 'the old promise to be checked');
      expect((await effectsOf(awaiting.id, 'scheduleCallback')).map((e) => [e.id, e.status])).toEqual([
        [oldTimer.id, 'cancelled'],
        [expect.any(String), 'pending'],
      ]);
      const after = await get(awaiting.id);
      expect(after.timeline.some((e) => e.type === 'CALLBACK_DUE')).toBe(false);
      expect(after.state).toBe('awaiting_search');
      expect(await alertsOf(awaiting.id)).toEqual([]);
    });

    it('after the configured number of unanswered calls, writes to the customer and closes with a watched promise instead of calling forever', async () => {
      const customerRef = uniqueCustomer('unreachable');
      const [card] = await customerCards(customerRef);
      const opened = await open({ playbook: 'card-compromised', customerRef, channel: 'api', contactChannel: 'sms', cards: [card] }, fraudEngine);
      await eventually(async () => (await get(opened.id)).cards.every((c) => c.status === 'blocked'), 'the block');

      const once = await send(opened.id, 'CUSTOMER_UNREACHABLE');
      expect({ state: once.state, status: once.status }).toEqual({ state: 'awaiting_customer', status: 'open' });
      const closed = await send(opened.id, 'CUSTOMER_UNREACHABLE');
      expect({ state: closed.state, status: closed.status }).toEqual({ state: 'closed_unreachable', status: 'resolved' });
      expect(closed.timeline.at(-1)).toMatchObject({
        type: 'CUSTOMER_UNREACHABLE',
        summary: 'Customer did not answer the last call: a written summary is sent and the incident closed',
      });

      const [summary] = await eventually(async () => {
        const m = await messages(opened.id, 'customer-unreachable');
        return m.length > 0 && m;
      }, 'the written summary');
      expect(summary).toMatchObject({ channel: 'sms' });
      expect(summary.message).toBe(
        `We tried to call you 2 times and could not reach you, so we will not call again. For your safety, your card ending ${card.last4} is blocked. Call us any time and we will go on from where we stopped.`,
      );
      const kept = await eventually(async () => {
        const v = await get(opened.id);
        return v.commitments.find((c) => c.kind === 'summary' && c.status === 'done');
      }, 'the summary promise kept');
      expect(kept).toMatchObject({ what: 'We send you a written summary: what is done, and how to reach us', owner: 'Contact centre', channel: 'sms' });
      // No more calls: the callback promises are gone, and the incident takes no more events.
      expect((await get(opened.id)).commitments.filter((c) => c.kind === 'callback' && c.status === 'scheduled')).toEqual([]);
      const again = await api().send(opened.id, 'CUSTOMER_UNREACHABLE').expect(422);
      expect(again.body).toMatchObject({ error: 'event_not_allowed', message: 'The incident is resolved; it takes no more events' });
    });
  });

  describe('ways out (#9.7)', () => {
    it('CANCEL needs a reason and a person; it withdraws what has not run, and what already ran stays and is said', async () => {
      const customerRef = uniqueCustomer('cancel');
      const [card] = await customerCards(customerRef);
      const opened = await open({ playbook: 'card-compromised', customerRef, channel: 'api', contactChannel: 'sms', cards: [card] }, fraudEngine);
      expect(opened.step!.alternatives.map((a) => a.event).slice(-1)).toEqual(['CANCEL']);
      await eventually(async () => (await get(opened.id)).cards.every((c) => c.status === 'blocked'), 'the block');

      const noReason = await api().send(opened.id, 'CANCEL').expect(400);
      expect(noReason.body).toMatchObject({ error: 'invalid_event_data', details: { problems: ['reason: is required'] } });
      const byEngine = await api().send(opened.id, 'CANCEL', { reason: 'duplicate' }, fraudEngine).expect(403);
      expect(byEngine.body).toMatchObject({ error: 'forbidden', message: 'Only an operator or a supervisor can cancel an incident' });
      expect((await get(opened.id)).status).toBe('open');

      const [timer] = await effectsOf(opened.id, 'scheduleCallback');
      expect(timer.status).toBe('pending'); // the 30-minute callback has not run
      const cancelled = await send(opened.id, 'CANCEL', { reason: 'Opened by mistake: the customer made the payment' });
      expect({ status: cancelled.status, state: cancelled.state, step: cancelled.step }).toEqual({ status: 'cancelled', state: 'cancelled', step: null });
      expect((await effectsOf(opened.id, 'scheduleCallback'))[0].status).toBe('cancelled');
      expect(cancelled.commitments.filter((c) => c.kind === 'callback')).toEqual([]);
      const [promise] = await db.query(`SELECT status FROM commitments WHERE effect_id = $1`, [timer.id]);
      expect(promise.status).toBe('withdrawn');
      // What already ran stays: the card is still blocked, once, at core banking.
      expect(cancelled.cards).toEqual([expect.objectContaining({ cardRef: card.cardRef, status: 'blocked' })]);
      expect(await executedBlocks(t.simulator.url, card.cardRef)).toHaveLength(1);
      const line = cancelled.timeline.find((e) => e.type === 'CANCEL')!;
      expect(line).toMatchObject({ actor: 'op-vera' });
      expect(line.summary).toMatch(/^Cancelled: Opened by mistake: the customer made the payment\. Not run and withdrawn: [1-9]\d*; what was already done stays$/);

      const late = await api().send(opened.id, 'IDENTITY_VERIFIED').expect(422);
      expect(late.body.message).toBe('The incident is cancelled; it takes no more events');
    });

    it('switching to the right playbook keeps what was done: blocked cards stay blocked and are not blocked twice', async () => {
      const customerRef = uniqueCustomer('switch');
      const cards = await customerCards(customerRef, 2);
      const wrong = await open({ playbook: 'stolen-wallet', customerRef, channel: 'phone', contactChannel: 'sms', cards, notifiedAt: new Date(Date.now() - 60_000).toISOString() });
      await send(wrong.id, 'CUSTOMER_READY');
      await send(wrong.id, 'IDENTITY_VERIFIED');
      await eventually(async () => (await get(wrong.id)).cards.every((c) => c.status === 'blocked'), 'the blocks');

      const bad = await t.http().post(`/v1/incidents/${wrong.id}/switch`).set('Authorization', operator).send({ playbook: 'card-compromised' }).expect(400);
      expect(bad.body.error).toBe('bad_request');
      await t.http().post(`/v1/incidents/${wrong.id}/switch`).set('Authorization', fraudEngine).send({ playbook: 'card-compromised', reason: 'x' }).expect(403);

      const res = await t
        .http()
        .post(`/v1/incidents/${wrong.id}/switch`)
        .set('Authorization', operator)
        .send({ playbook: 'card-compromised', reason: 'The card was skimmed, not stolen' })
        .expect(201);
      const right = res.body as IncidentView;
      expect(right).toMatchObject({ playbook: { id: 'card-compromised' }, status: 'open', customerRef, notifiedAt: wrong.notifiedAt });
      expect(right.cards.map((c) => [c.cardRef, c.status])).toEqual(cards.map((c) => [c.cardRef, 'blocked']));
      expect(right.timeline[0]).toMatchObject({ type: 'INCIDENT_OPENED', actor: 'op-vera' });
      const [opening] = await db.query(`SELECT data FROM incident_events WHERE incident_id = $1 AND seq = 1`, [right.id]);
      expect(opening.data.switchedFrom).toBe(wrong.id);

      const old = await get(wrong.id);
      expect({ status: old.status, summary: old.timeline.at(-1)!.summary }).toEqual({
        status: 'cancelled',
        summary: expect.stringMatching(/^Cancelled: The card was skimmed, not stolen \(switched to card-compromised\)\./),
      });
      // The new playbook's entry asks to block only what is not blocked: nothing. Its message has gone out by now.
      await eventually(async () => (await messages(right.id, 'card-blocked-by-fraud')).length > 0, "the new playbook's message");
      expect(await effectsOf(right.id, 'blockCard')).toEqual([]);
      for (const card of cards) expect(await executedBlocks(t.simulator.url, card.cardRef)).toHaveLength(1);
      // It goes on as card-compromised, with the cards counted as blocked.
      await send(right.id, 'CUSTOMER_CALL_TAKEN');
      await send(right.id, 'IDENTITY_VERIFIED');
      expect((await send(right.id, 'TRANSACTIONS_REVIEWED')).state).toBe('reissue');
    });

    it('a call dropped mid-verification leads to a promised callback, and back to the step it left', async () => {
      const customerRef = uniqueCustomer('dropped');
      const opened = await open({ playbook: 'stolen-wallet', customerRef, channel: 'phone', contactChannel: 'sms', locale: 'en', cards: await customerCards(customerRef) });
      const verifying = await send(opened.id, 'CUSTOMER_READY');
      expect(verifying.step!.alternatives.map((a) => a.event)).toEqual(expect.arrayContaining(['CALL_DROPPED', 'CANCEL']));

      const dropped = await send(opened.id, 'CALL_DROPPED');
      expect(dropped.state).toBe('call_dropped');
      expect(dropped.step).toMatchObject({ title: 'The call dropped — call the customer back', primary: { event: 'CALLBACK_STARTED', label: 'Customer is back on the line' } });
      const [callback] = dropped.commitments.filter((c) => c.kind === 'callback');
      expect(callback).toMatchObject({ what: 'We call you back', owner: 'Contact centre', channel: 'sms', status: 'scheduled' });
      expect(Date.parse(callback.dueBy!) - Date.parse(dropped.timeline.at(-1)!.at)).toBe(5 * 60_000);
      expect(dropped.step!.do).toContain(`We promised to call back at ${spoken(callback.dueBy!, 'en', 'Europe/Moscow')}`);
      const [message] = await eventually(async () => {
        const m = await messages(opened.id, 'call-dropped');
        return m.length > 0 && m;
      }, 'the message');
      expect(message.message).toBe(
        `Our call was cut off. Everything we already did stays in place. We will call you back at ${spoken(callback.dueBy!, 'en', 'Europe/Moscow')}. You can also call us any time.`,
      );

      const back = await send(opened.id, 'CALLBACK_STARTED');
      expect(back.state).toBe('verify_identity');
      expect(back.commitments.find((c) => c.id === callback.id)).toMatchObject({ status: 'done' });

      // Where no call is going on (waiting for the fraud engine's customer to call), a call cannot drop.
      const other = uniqueCustomer('nodrop');
      const waiting = await open({ playbook: 'card-compromised', customerRef: other, channel: 'api', contactChannel: 'sms', cards: await customerCards(other) }, fraudEngine);
      expect((await api().send(waiting.id, 'CALL_DROPPED').expect(422)).body.error).toBe('event_not_allowed');
    });

    it('an incident no one touches alerts a supervisor once, through the outbox', async () => {
      const watched = await startTestApp({ INCIDENT_UNTOUCHED_ALERT_MS: '1000' }, { simulator: t.simulator });
      try {
        const customerRef = uniqueCustomer('untouched');
        const opened = await api(watched).open({ playbook: 'lost-card', customerRef, channel: 'phone', cards: await customerCards(customerRef) });
        const [alert] = await eventually(async () => {
          const a = await alertsOf(opened.id);
          return a.length > 0 && a;
        }, 'the untouched alert');
        expect(alert).toMatchObject({ reason: 'untouched', status: 'open', note: null, commitment: null, incident: { id: opened.id, playbook: 'lost-card', state: 'reassure' } });
        // The watcher keeps looking while the incident is open, and raises no second alert while this one is open.
        await eventually(async () => (await api(watched).get(opened.id)).timeline.filter((e) => e.type === 'UNTOUCHED_CHECKED').length >= 2, 'a second look');
        expect(await alertsOf(opened.id)).toHaveLength(1);
        const acked = await watched.http().post(`/v1/alerts/${alert.id}/ack`).set('Authorization', supervisor).expect(200);
        expect(acked.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'sup-oleg' });
      } finally {
        await watched.close();
      }
    });
  });

  describe('recovery after a bad score (#9.9)', () => {
    it('a score of 1–2 opens a supervisor alert with the comment; the customer hears who contacts them and by when', async () => {
      const customerRef = uniqueCustomer('recovery');
      const { id } = await open({ playbook: 'lost-card', customerRef, channel: 'phone', contactChannel: 'push', cards: await customerCards(customerRef) });
      await send(id, 'CUSTOMER_READY');
      await send(id, 'IDENTITY_VERIFIED');
      await eventually(async () => (await get(id)).cards.every((c) => c.status === 'frozen'), 'the freeze');
      await send(id, 'FREEZE_CONFIRMED');
      await send(id, 'CARD_NOT_FOUND');
      await eventually(async () => (await get(id)).cards.every((c) => c.status === 'blocked'), 'the block');
      await send(id, 'BLOCKS_CONFIRMED');
      await send(id, 'REISSUE_DECLINED');
      await send(id, 'CALL_ENDED');
      await eventually(async () => (await get(id)).followUp?.sentAt, 'the follow-up');

      const answer = await t
        .http()
        .post(`/v1/incidents/${id}/feedback`)
        .set('Authorization', survey)
        .send({ score: 2, comment: 'Nobody told me the card was blocked for good' })
        .expect(201);
      const answeredAt = answer.body.answeredAt as string;
      const [alert] = await alertsOf(id);
      const dueBy = new Date(Date.parse(answeredAt) + 4 * 3600_000).toISOString();
      expect(alert).toMatchObject({
        reason: 'low_score',
        status: 'open',
        note: 'Nobody told me the card was blocked for good',
        commitment: {
          kind: 'recovery',
          what: 'A contact-centre supervisor contacts you about how we handled your case',
          owner: 'Contact-centre supervisor',
          dueBy,
          channel: 'push',
        },
      });
      const view = await get(id);
      expect(view.commitments.find((c) => c.kind === 'recovery')).toMatchObject({ status: 'scheduled', dueBy, owner: 'Contact-centre supervisor' });
      expect(view.timeline.find((e) => e.type === 'FEEDBACK_RECORDED')).toMatchObject({ actor: 'survey-channel', summary: 'The customer rated the service 2 of 5' });

      const [message] = await eventually(async () => {
        const m = await messages(id, 'recovery-promised');
        return m.length > 0 && m;
      }, 'the recovery message');
      expect(message).toMatchObject({ channel: 'push' });
      expect(message.message).toBe(
        `We are sorry we did not help you as we should have. A supervisor of our contact centre will contact you by ${spoken(dueBy, 'en', 'Europe/Moscow')} to put it right.`,
      );

      // The supervisor taking it up is the contact promised.
      await t.http().post(`/v1/alerts/${alert.id}/ack`).set('Authorization', supervisor).expect(200);
      expect((await get(id)).commitments.find((c) => c.kind === 'recovery')).toMatchObject({ status: 'done' });
    });
  });
});
