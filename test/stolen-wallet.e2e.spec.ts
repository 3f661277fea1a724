import type { IncidentView } from '../src/incidents/incident.view.js';
import { executedBlocks } from './support/ledger.js';
import { bearer, eventually, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';

const operator = bearer(['operator'], 'op-anna');

/** What the operator types into each step's form, as the console would from `step.primary.fields`. */
function answersFor(event: string): Record<string, unknown> {
  switch (event) {
    case 'EMERGENCY_ASSESSED':
      return { travelling: true, emergencyCash: true };
    case 'REISSUE_REQUESTED':
      return { delivery: 'address', address: 'Hotel Astoria, room 412, Saint Petersburg' };
    case 'CALLBACK_SCHEDULED':
      return { at: new Date(Date.now() + 3600_000).toISOString(), contactChannel: 'sms' };
    default:
      return {};
  }
}

describe('stolen wallet, end to end', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const get = async (id: string) => (await t.http().get(`/v1/incidents/${id}`).set('Authorization', operator).expect(200)).body as IncidentView;

  it('follows the primary path from the first words to resolution, blocking each card exactly once', async () => {
    const customerRef = uniqueCustomer('wallet');
    const opened = await t.http()
      .post('/v1/incidents')
      .set('Authorization', operator)
      .send({ playbook: 'stolen-wallet', customerRef, channel: 'phone', locale: 'en' })
      .expect(201);
    let view = opened.body as IncidentView;
    expect(view.cards).toHaveLength(3);
    expect(view.step?.id).toBe('reassure');
    expect(view.timeline[0]).toMatchObject({ type: 'INCIDENT_OPENED', actor: 'op-anna' });

    const walked: string[] = [];
    while (view.status === 'open') {
      const step = view.step!;
      expect(step.primary).not.toBeNull();
      expect(step.say.length).toBeGreaterThan(0);
      walked.push(step.id);
      if (step.id === 'blocking_cards') {
        // The operator keeps the customer on the line while core banking confirms each block.
        view = await eventually(async () => {
          const v = await get(view.id);
          return v.cards.every((c) => c.status === 'blocked') && v;
        }, 'every card to be blocked');
      }
      const sent = await t.http()
        .post(`/v1/incidents/${view.id}/events`)
        .set('Authorization', operator)
        .send({ type: step.primary!.event, data: answersFor(step.primary!.event), expectedVersion: view.version })
        .expect(200);
      view = sent.body;
    }

    expect(walked).toEqual([
      'reassure', 'verify_identity', 'blocking_cards', 'review_transactions', 'emergency_help',
      'reissue', 'callback', 'closing', 'awaiting_callback', 'calling_back',
    ]);
    expect(view.status).toBe('resolved');
    expect(view.step).toBeNull();
    expect(view.resolvedAt).not.toBeNull();
    expect(view.firstProtectiveActionAt).not.toBeNull();

    for (const card of view.cards) {
      expect(card.status).toBe('blocked');
      expect(card.blockedAt).not.toBeNull();
      expect(await executedBlocks(t.simulator.url, card.cardRef)).toHaveLength(1);
    }

    view = await eventually(async () => {
      const v = await get(view.id);
      return v.commitments.filter((c) => c.what.startsWith('New card')).every((c) => c.dueBy) && v;
    }, 'reissue ETAs from core banking');
    const reissues = view.commitments.filter((c) => c.what.startsWith('New card'));
    expect(reissues).toHaveLength(3);
    for (const r of reissues) {
      expect(r.what).toContain('(express)'); // the customer is travelling
      expect(Date.parse(r.dueBy!)).toBeGreaterThan(Date.now());
      expect(r.channel).toBe('sms');
    }
    const callback = view.commitments.find((c) => c.what === 'We call you back');
    expect(callback).toMatchObject({ channel: 'sms', owner: 'Contact centre' });
    expect(Date.parse(callback!.dueBy!)).toBeGreaterThan(Date.now());

    const operatorSteps = view.timeline.filter((e) => e.actor === 'op-anna').map((e) => e.type);
    expect(operatorSteps).toEqual([
      'INCIDENT_OPENED', 'CUSTOMER_READY', 'IDENTITY_VERIFIED', 'BLOCKS_CONFIRMED', 'TRANSACTIONS_REVIEWED',
      'EMERGENCY_ASSESSED', 'REISSUE_REQUESTED', 'CALLBACK_SCHEDULED', 'CALL_ENDED', 'CALLBACK_STARTED', 'CALLBACK_COMPLETED',
    ]);
    const blocked = view.timeline.filter((e) => e.type === 'CARD_BLOCKED');
    expect(blocked).toHaveLength(3);
    expect(blocked.every((e) => e.actor === 'system:lifeline-worker')).toBe(true);
    expect(view.timeline.every((e) => e.summary.length > 0 && e.at)).toBe(true);
  });

  it('puts a callback task on the incident when the promised time comes (a delayed job)', async () => {
    const customerRef = uniqueCustomer('callback');
    let view: IncidentView = (await t.http().post('/v1/incidents').set('Authorization', operator)
      .send({ playbook: 'stolen-wallet', customerRef, channel: 'phone' }).expect(201)).body;
    const send = async (type: string, data: Record<string, unknown> = {}) =>
      (view = (await t.http().post(`/v1/incidents/${view.id}/events`).set('Authorization', operator).send({ type, data }).expect(200)).body);

    await send('CUSTOMER_READY');
    await send('IDENTITY_FAILED');
    await send('PROTECTIVE_BLOCK_AGREED');
    await eventually(async () => (await get(view.id)).cards.every((c) => c.status === 'blocked'), 'the protective block');
    await send('BLOCKS_CONFIRMED');
    await send('TRANSACTIONS_REVIEWED');
    await send('EMERGENCY_ASSESSED', { travelling: false });
    await send('REISSUE_REQUESTED', { delivery: 'branch', branchId: 'SPB-07' });
    const at = new Date(Date.now() + 1500).toISOString();
    await send('CALLBACK_SCHEDULED', { at });
    await send('CALL_ENDED');
    expect(view.state).toBe('awaiting_callback');

    view = await eventually(async () => {
      const v = await get(view.id);
      return v.state === 'calling_back' && v;
    }, 'the callback to come due');
    const due = view.timeline.find((e) => e.type === 'CALLBACK_DUE')!;
    expect(due.actor).toBe('system:lifeline-worker');
    expect(Date.parse(due.at)).toBeGreaterThanOrEqual(Date.parse(at));
    expect(view.step?.primary?.event).toBe('CALLBACK_COMPLETED');
    expect(view.commitments.find((c) => c.what === 'We call you back')?.status).toBe('due');
  });
});
