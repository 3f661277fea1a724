import { DataSource } from 'typeorm';
import type { SupervisorAlertView } from '../src/commitments/supervisor-alerts.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { NotificationEntity } from '../src/notifications/notification.entity.js';
import type { LedgerEntry } from '../src/simulator/ledger.js';
import { ledger } from './support/ledger.js';
import { bearer, eventually, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';

const operator = bearer(['operator'], 'op-olga');
const supervisor = bearer(['supervisor'], 'sup-ivan');
const coreBanking = bearer(['system'], 'core-banking');
const fraudEngine = bearer(['system'], 'fraud-engine');

/** A time as the customer reads it: the bank's default zone (Europe/Moscow), never ISO, never "UTC". */
const spoken = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Moscow' }).format(new Date(iso));
const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d/;

/** Issue 9, items 2 and 3: what the customer reads and the operator says is only what is so. */
describe('truthful words: messages only from facts, one voice on failure', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await setFaults({});
    await t.close();
  });

  const setFaults = (faults: Record<string, number>) =>
    fetch(`${t.simulator.url}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  const get = async (id: string) => (await t.http().get(`/v1/incidents/${id}`).set('Authorization', operator).expect(200)).body as IncidentView;
  const open = async (body: Record<string, unknown>, token = operator) =>
    (await t.http().post('/v1/incidents').set('Authorization', token).send(body).expect(201)).body as IncidentView;
  const send = async (id: string, type: string, data: Record<string, unknown> = {}, token = operator) =>
    (await t.http().post(`/v1/incidents/${id}/events`).set('Authorization', token).send({ type, data }).expect(200)).body as IncidentView;
  const messages = (incidentId: string) => db.getRepository(NotificationEntity).find({ where: { incidentId }, order: { sentAt: 'ASC' } });
  const messageOf = (incidentId: string, template: string) => eventually(async () => (await messages(incidentId)).find((m) => m.template === template), `the ${template} message`);

  /** A stolen wallet on the primary path up to the new cards: every card blocked, the needs assessed. */
  async function stolenWalletAtReissue(label: string, needs: { travelling: boolean; emergencyCash: boolean }): Promise<IncidentView> {
    const { id } = await open({ playbook: 'stolen-wallet', customerRef: uniqueCustomer(label), channel: 'phone', contactChannel: 'messenger', locale: 'en' });
    await send(id, 'CUSTOMER_READY');
    await send(id, 'IDENTITY_VERIFIED');
    await eventually(async () => (await get(id)).cards.every((c) => c.status === 'blocked'), 'every card blocked');
    await send(id, 'BLOCKS_CONFIRMED');
    await send(id, 'TRANSACTIONS_REVIEWED');
    return send(id, 'EMERGENCY_ASSESSED', needs);
  }

  it('emergency cash is an order at core banking: the customer gets its code, reference and time, no ID asked; a declined reissue is never called on its way', async () => {
    const view = await stolenWalletAtReissue('cash', { travelling: true, emergencyCash: true });
    const order = await eventually(
      async () => (await ledger(t.simulator.url)).find((e: LedgerEntry) => e.path === `/v1/customers/${view.customerRef}/emergency-cash` && e.status === 200 && !e.replayed),
      'the emergency cash order at core banking',
    );
    const answer = order.answer as { coreRef: string; pickUpCode: string; readyAt: string };
    const cash = await messageOf(view.id, 'emergency-cash');
    expect(cash.channel).toBe('messenger');
    expect(cash.message).toBe(
      `Emergency cash of 500.00 euros is ready for you from ${spoken(answer.readyAt)} at any of our partner cash offices. ` +
        `The cashier needs only the pick-up code ${answer.pickUpCode} and the reference ${answer.coreRef}; no ID is needed. Keep the code to yourself until then.`,
    );
    // Its ready time is a promise read aloud, watched like any other.
    const withCash = await eventually(async () => {
      const v = await get(view.id);
      return v.commitments.find((c) => c.kind === 'emergency_cash') && v;
    }, 'the emergency cash commitment');
    expect(withCash.commitments.find((c) => c.kind === 'emergency_cash')).toMatchObject({ dueBy: answer.readyAt, status: 'scheduled', channel: 'messenger' });
    // Core banking reports the cash collected: the promise is kept.
    await send(view.id, 'EMERGENCY_CASH_COLLECTED', { reference: answer.coreRef }, coreBanking);
    expect((await get(view.id)).commitments.find((c) => c.kind === 'emergency_cash')).toMatchObject({ status: 'done' });
    // The code goes to the customer only: not into the incident's history.
    const history = JSON.stringify((await db.query(`SELECT data FROM incident_events WHERE incident_id = $1`, [view.id])) as unknown[]);
    expect(history).not.toContain(answer.pickUpCode);

    await send(view.id, 'REISSUE_DECLINED');
    await send(view.id, 'CALLBACK_DECLINED');
    await send(view.id, 'CALL_ENDED');
    const summary = await messageOf(view.id, 'incident-summary');
    expect(summary.message).toMatch(/^Your .+ ending \d{4}, .+ ending \d{4} and .+ ending \d{4} are blocked; no one can use them\./);
    expect(summary.message).toContain(` Your emergency cash is ready from ${spoken(answer.readyAt)}; the pick-up code is in our separate message.`);
    expect(summary.message).not.toMatch(/new card|on their way|call you back/i);
    for (const m of await messages(view.id)) expect(m.message).not.toMatch(ISO);
  });

  it('new cards ordered are on their way, and REISSUE_DELIVERED tells the customer on the channel they chose', async () => {
    const view = await stolenWalletAtReissue('delivered', { travelling: false, emergencyCash: false });
    await send(view.id, 'REISSUE_REQUESTED', { delivery: 'address', address: '1 Tverskaya St, Moscow' });
    await eventually(async () => (await get(view.id)).commitments.filter((c) => c.kind === 'reissue').length === 3, 'the three new cards confirmed');
    await send(view.id, 'CALLBACK_DECLINED');
    await send(view.id, 'CALL_ENDED');
    const summary = await messageOf(view.id, 'incident-summary');
    expect(summary.message).toContain(' New cards are on their way; we will tell you here when they are delivered.');
    expect((await messages(view.id)).map((m) => m.template)).not.toContain('emergency-cash');

    const { cards } = (await (await fetch(`${t.simulator.url}/v1/customers/${view.customerRef}/cards`)).json()) as { cards: { cardRef: string; last4: string; product: string }[] };
    const first = cards.find((c) => c.cardRef === view.cards[0].cardRef)!;
    await send(view.id, 'REISSUE_DELIVERED', { cardRef: first.cardRef }, coreBanking);
    const delivered = await messageOf(view.id, 'reissue-delivered');
    expect(delivered).toMatchObject({ channel: 'messenger', customerRef: view.customerRef });
    expect(delivered.message).toBe(
      `Your new card to replace your ${first.product} ending ${first.last4} has been delivered. If it has not reached you, call us at once and we will block it.`,
    );
  });

  it('a block that fails at core banking: one say and one do, true, with the hotline from config; a supervisor is alerted at once; the retry that works clears it', async () => {
    const customerRef = uniqueCustomer('one-voice');
    const { cards } = (await (await fetch(`${t.simulator.url}/v1/customers/${customerRef}/cards`)).json()) as { cards: { cardRef: string; last4: string; product: string }[] };
    const card = cards[0];
    await setFaults({ errorRate: 1 });
    let view: IncidentView;
    try {
      view = await open({ playbook: 'card-compromised', customerRef, channel: 'api', locale: 'en', cards: [{ cardRef: card.cardRef, last4: card.last4 }] }, fraudEngine);
      view = await eventually(async () => {
        const v = await get(view.id);
        const kinds = v.step!.attention.map((a) => a.kind);
        return v.cards[0].status === 'block_failed' && kinds.includes('blockCard') && kinds.includes('loadTransactions') && v;
      }, 'the block and the transactions given up');
    } finally {
      await setFaults({});
    }
    // Several things failed (the outage took the transactions too); one voice, for the gravest: not the step's "we blocked your card".
    const failedBlock = view.step!.attention.find((a) => a.kind === 'blockCard')!;
    expect(view.step!.attention.filter((a) => a.kind === 'blockCard')).toHaveLength(1);
    expect(failedBlock.failed).toMatch(new RegExp(`^Core banking did not confirm the block of the card ending ${card.last4} \\(`));
    expect(view.step!.say).toBe(
      `The block of your card ending ${card.last4} is not confirmed yet. I am doing it again right now, by phone with our card processing centre if needed, and I will tell you as soon as it is done.`,
    );
    expect(view.step!.do).toBe(
      `Core banking did not confirm the block of the card ending ${card.last4}. Retry it once. If it fails again, call card processing on +7 495 000-11-22, ` +
        'block the card by phone and record their reference. If they cannot, call the fraud desk on +7 495 000-33-44. A supervisor has been alerted.',
    );
    expect(view.step!.say).not.toMatch(/we blocked|is blocked|money is safe/i);

    // The alert was raised with the report, before anyone looked.
    const alerts = (await t.http().get('/v1/alerts?status=open').set('Authorization', supervisor).expect(200)).body.alerts as SupervisorAlertView[];
    const mine = alerts.filter((a) => a.incident.id === view.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ commitment: null, failure: { what: failedBlock.failed } });
    const [dead] = (await db.query(`SELECT id FROM effects WHERE incident_id = $1 AND kind = 'blockCard' AND status = 'dead'`, [view.id])) as { id: string }[];
    expect(mine[0].failure!.effectId).toBe(dead.id);

    await t.http().post(`/v1/incidents/${view.id}/effects/${dead.id}/retry`).set('Authorization', supervisor).expect(200);
    const cleared = await eventually(async () => {
      const v = await get(view.id);
      return v.cards[0].status === 'blocked' && v;
    }, 'the retried block');
    // The block's warning is gone with its cause; the one voice now speaks for what still stands.
    expect(cleared.step!.attention.map((a) => a.kind)).toContain('loadTransactions');
    expect(cleared.step!.attention.map((a) => a.kind)).not.toContain('blockCard');
    expect(cleared.step!.say).toBe('Which recent payments do you not recognise? I will note each one.');
    expect(`${cleared.step!.say} ${cleared.step!.do}`).not.toMatch(/block/i);
  });
});
