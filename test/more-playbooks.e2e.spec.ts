import { DataSource } from 'typeorm';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { NotificationEntity } from '../src/notifications/notification.entity.js';
import type { LedgerEntry } from '../src/simulator/ledger.js';
import { ledger } from './support/ledger.js';
import { bearer, eventually, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';

const operator = bearer(['operator'], 'op-olga');
const fraudEngine = bearer(['system'], 'fraud-engine');
const WORKER = 'system:lifeline-worker';

/** What the operator types into each step's form, as the console would from `step.primary.fields`. */
function answersFor(event: string): Record<string, unknown> {
  switch (event) {
    case 'REISSUE_REQUESTED':
      return { delivery: 'address', address: '7 Nevsky Prospekt, Saint Petersburg' };
    case 'STRONG_VERIFICATION_PASSED':
      return { method: 'one-time-code' };
    case 'ACCOUNTS_SECURED':
      return { simBlocked: true, emailPasswordChanged: true, phoneErased: false, contactChannel: 'email' };
    case 'TRANSACTIONS_REVIEWED':
      return { disputed: [] };
    default:
      return {};
  }
}

/** Writes core banking executed for a path (replays of an idempotency key do not count). */
async function executed(simulatorUrl: string, path: string): Promise<LedgerEntry[]> {
  return (await ledger(simulatorUrl)).filter((e) => e.method === 'POST' && e.path === path && !e.replayed && e.status === 200);
}

const answerStatus = (e: LedgerEntry) => (e.answer as { status: string }).status;

describe('lost card, compromised card and stolen phone, end to end', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const get = async (id: string, token = operator) => (await t.http().get(`/v1/incidents/${id}`).set('Authorization', token).expect(200)).body as IncidentView;

  const open = async (body: Record<string, unknown>, token = operator) =>
    (await t.http().post('/v1/incidents').set('Authorization', token).send(body).expect(201)).body as IncidentView;

  const send = async (view: IncidentView, type: string, data: Record<string, unknown> = answersFor(type)) =>
    (await t.http().post(`/v1/incidents/${view.id}/events`).set('Authorization', operator).send({ type, data, expectedVersion: view.version }).expect(200))
      .body as IncidentView;

  /**
   * Follows each step's primary action until the incident ends, waiting (like the operator on the line)
   * wherever a step needs core banking's answer first. Returns the steps walked and the final view.
   */
  async function walkPrimaries(view: IncidentView, waitFor: Record<string, (v: IncidentView) => boolean> = {}, alternatives: Record<string, string> = {}) {
    const walked: string[] = [];
    while (view.status === 'open') {
      const step = view.step!;
      expect(step.primary).not.toBeNull();
      expect(step.say.length).toBeGreaterThan(0);
      walked.push(step.id);
      const ready = waitFor[step.id];
      if (ready) view = await eventually(async () => { const v = await get(view.id); return ready(v) && v; }, `core banking to settle in ${step.id}`);
      view = await send(view, alternatives[step.id] ?? step.primary!.event);
    }
    return { walked, view };
  }

  async function customerCard(customerRef: string): Promise<{ cardRef: string; last4: string }> {
    const { cards } = (await (await fetch(`${t.simulator.url}/v1/customers/${customerRef}/cards`)).json()) as { cards: { cardRef: string; last4: string }[] };
    return { cardRef: cards[0].cardRef, last4: cards[0].last4 };
  }

  async function cardStatusAtBank(customerRef: string, cardRef: string): Promise<string> {
    const { cards } = (await (await fetch(`${t.simulator.url}/v1/customers/${customerRef}/cards`)).json()) as { cards: { cardRef: string; status: string }[] };
    return cards.find((c) => c.cardRef === cardRef)!.status;
  }

  const messagesTo = (incidentId: string) => t.app.get(DataSource).getRepository(NotificationEntity).find({ where: { incidentId }, order: { sentAt: 'ASC' } });

  describe('lost-card', () => {
    it('the card is gone: freezes it, then blocks it for good and orders a new one, each exactly once', async () => {
      const customerRef = uniqueCustomer('lost');
      const card = await customerCard(customerRef);
      const opened = await open({ playbook: 'lost-card', customerRef, channel: 'phone', cards: [card], contactChannel: 'sms' });
      expect(opened.step?.id).toBe('reassure');

      const { walked, view: done } = await walkPrimaries(opened, {
        freezing_cards: (v) => v.cards.every((c) => c.status === 'frozen'),
        blocking_cards: (v) => v.cards.every((c) => c.status === 'blocked'),
      });

      expect(walked).toEqual(['reassure', 'verify_identity', 'freezing_cards', 'search_for_card', 'blocking_cards', 'reissue', 'closing']);
      expect(done.status).toBe('resolved');
      expect(done.firstProtectiveActionAt).not.toBeNull();
      expect(done.cards).toEqual([expect.objectContaining({ ...card, status: 'blocked' })]);

      // Core banking froze the card first, then blocked it for good: once each, in that order.
      const writes = await executed(t.simulator.url, `/v1/cards/${card.cardRef}/block`);
      expect(writes.map(answerStatus)).toEqual(['frozen', 'blocked']);
      expect(await executed(t.simulator.url, `/v1/cards/${card.cardRef}/reissue`)).toHaveLength(1);
      expect(await cardStatusAtBank(customerRef, card.cardRef)).toBe('blocked');

      const view = await eventually(async () => {
        const v = await get(done.id);
        return v.commitments.every((c) => c.status === 'done' || c.status === 'scheduled') && v;
      }, 'every commitment to be kept');
      expect(view.commitments.map((c) => [c.what, c.status])).toEqual([
        [`Freeze the card ending ${card.last4}`, 'done'],
        [`Block the card ending ${card.last4}`, 'done'],
        [`New card to replace the card ending ${card.last4}, delivered to the customer's address`, 'scheduled'],
        ['Message to the customer: card blocked for good', 'done'],
      ]);
      const jobReports = view.timeline.filter((e) => e.actor === WORKER).map((e) => e.summary);
      expect(jobReports).toEqual(
        expect.arrayContaining([`Card ending ${card.last4} frozen at core banking`, `Card ending ${card.last4} blocked at core banking`]),
      );
      const [message] = await messagesTo(done.id);
      expect(message).toMatchObject({ channel: 'sms', template: 'card-blocked-summary' });
      expect(message.message).toBe(`Your card ending ${card.last4} is blocked for good; no one can use it. Your new card is on its way; we will tell you here when it is delivered.`);
    });

    it('the card is found: switches it back on after strong verification, and never blocks it', async () => {
      const customerRef = uniqueCustomer('found');
      const card = await customerCard(customerRef);
      const opened = await open({ playbook: 'lost-card', customerRef, channel: 'phone', cards: [card] });

      const { walked, view: done } = await walkPrimaries(
        opened,
        {
          freezing_cards: (v) => v.cards.every((c) => c.status === 'frozen'),
          unfreezing_cards: (v) => v.cards.every((c) => c.status === 'active'),
        },
        { search_for_card: 'CARD_FOUND' },
      );

      expect(walked).toEqual(['reassure', 'verify_identity', 'freezing_cards', 'search_for_card', 'strong_verification', 'unfreezing_cards', 'card_found_closing']);
      expect(done.status).toBe('resolved');
      expect(done.cards).toEqual([{ ...card, status: 'active', blockedAt: null }]);
      expect((await executed(t.simulator.url, `/v1/cards/${card.cardRef}/block`)).map(answerStatus)).toEqual(['frozen']);
      expect(await executed(t.simulator.url, `/v1/cards/${card.cardRef}/unblock`)).toHaveLength(1);
      expect(await cardStatusAtBank(customerRef, card.cardRef)).toBe('active');
      const verified = done.timeline.find((e) => e.type === 'STRONG_VERIFICATION_PASSED')!;
      expect(verified).toMatchObject({ actor: 'op-olga', summary: 'Verified — switch the card back on' });
    });
  });

  describe('card-compromised', () => {
    it('is acted on before anyone speaks to the customer, and the operator who takes the call continues from there', async () => {
      const customerRef = uniqueCustomer('fraud');
      const card = await customerCard(customerRef);
      const opened = await open({ playbook: 'card-compromised', customerRef, channel: 'api', contactChannel: 'push', cards: [card] }, fraudEngine);
      expect(opened.timeline[0]).toMatchObject({ type: 'INCIDENT_OPENED', actor: 'fraud-engine' });

      // No operator has done anything yet: the card gets blocked and the customer told.
      const before = await eventually(async () => {
        const v = await get(opened.id, fraudEngine);
        return v.cards[0].status === 'blocked' && v.timeline.some((e) => e.type === 'CUSTOMER_NOTIFIED') && v;
      }, 'the block and the message');
      expect(before.timeline.every((e) => e.actor === 'fraud-engine' || e.actor === WORKER)).toBe(true);
      expect(before.firstProtectiveActionAt).not.toBeNull();
      const callback = before.commitments.find((c) => c.what === 'We call you back')!;
      expect(callback).toMatchObject({ status: 'scheduled', channel: 'push', owner: 'Contact centre' });
      expect(Date.parse(callback.dueBy!) - Date.parse(before.openedAt)).toBe(30 * 60_000);

      const [message] = await messagesTo(opened.id);
      expect(message).toMatchObject({ channel: 'push', template: 'card-blocked-by-fraud' });
      // Written when it is sent: "blocked" once core banking confirmed it, "blocking" while it is still under way (issue 9.2).
      expect(message.message).toMatch(new RegExp(`^We (have blocked|are blocking) your card ending ${card.last4}:`));
      expect(message.message).toContain(`We will call you at `);

      // The operator who takes the call sees what already happened.
      const seen = await get(opened.id);
      expect(seen.step?.id).toBe('awaiting_customer');
      expect(seen.step?.do).toContain(`the customer's card ending ${card.last4} was blocked, and the customer was sent a message by app notification`);
      expect(seen.step?.do).toContain('We promised to call at');
      expect(seen.step?.primary?.event).toBe('CUSTOMER_CALL_TAKEN');

      const { walked, view: done } = await walkPrimaries(seen, { review_transactions: (v) => v.transactions.length > 0 });
      expect(walked).toEqual(['awaiting_customer', 'verify_identity', 'review_transactions', 'reissue', 'closing']);
      expect(done.status).toBe('resolved');

      const blocks = await executed(t.simulator.url, `/v1/cards/${card.cardRef}/block`);
      expect(blocks.map(answerStatus)).toEqual(['blocked']);
      expect(await executed(t.simulator.url, `/v1/cards/${card.cardRef}/reissue`)).toHaveLength(1);

      const types = done.timeline.map((e) => e.type);
      expect(types.indexOf('CARD_BLOCKED')).toBeLessThan(types.indexOf('CUSTOMER_CALL_TAKEN'));
      expect(types.indexOf('CUSTOMER_NOTIFIED')).toBeLessThan(types.indexOf('CUSTOMER_CALL_TAKEN'));
      expect(done.timeline.filter((e) => e.actor === 'op-olga').map((e) => e.type)).toEqual([
        'CUSTOMER_CALL_TAKEN', 'IDENTITY_VERIFIED', 'TRANSACTIONS_REVIEWED', 'REISSUE_REQUESTED', 'CALL_ENDED',
      ]);
      // The customer was reached, so the callback promised at opening is no longer on the list.
      expect(done.commitments.map((c) => c.what)).toEqual([
        `Block the card ending ${card.last4}`,
        'Message to the customer: card blocked after a suspicious payment',
        `New card to replace the card ending ${card.last4}, delivered to the customer's address`,
        'Message to the customer: card blocked for good',
      ]);
    });
  });

  describe('stolen-phone', () => {
    it('signs the phone out, takes every card out of its wallet and freezes it, once each, then guides the customer', async () => {
      const customerRef = uniqueCustomer('phone');
      const opened = await open({ playbook: 'stolen-phone', customerRef, channel: 'phone' });
      expect(opened.cards).toHaveLength(3);
      expect(opened.appSessions).toBeNull();

      const { walked, view: done } = await walkPrimaries(opened, {
        locking_out: (v) => v.appSessions === 'revoked' && v.cards.every((c) => c.status === 'frozen' && c.walletTokens === 'revoked'),
      });
      expect(walked).toEqual(['reassure', 'verify_identity', 'locking_out', 'secure_accounts', 'closing']);
      expect(done.status).toBe('resolved');
      expect(done.firstProtectiveActionAt).not.toBeNull();
      expect(done.contactChannel).toBe('email');

      const sessions = await executed(t.simulator.url, `/v1/customers/${customerRef}/app-sessions/revoke`);
      expect(sessions.map((e) => (e.answer as { revoked: number }).revoked)).toEqual([2]);
      for (const card of done.cards) {
        expect(await executed(t.simulator.url, `/v1/cards/${card.cardRef}/wallet-tokens/revoke`)).toHaveLength(1);
        expect((await executed(t.simulator.url, `/v1/cards/${card.cardRef}/block`)).map(answerStatus)).toEqual(['frozen']);
        expect(await cardStatusAtBank(customerRef, card.cardRef)).toBe('frozen');
      }

      const view = await eventually(async () => {
        const v = await get(done.id);
        return v.commitments.every((c) => c.status === 'done') && v;
      }, 'every commitment to be kept');
      expect(view.commitments.map((c) => c.what)).toEqual(
        expect.arrayContaining(['Sign out of the mobile app on every device', ...done.cards.map((c) => `Remove the card ending ${c.last4} from mobile wallets`)]),
      );
      expect(view.timeline.filter((e) => e.type === 'WALLET_TOKENS_REVOKED')).toHaveLength(3);
      expect(view.timeline.find((e) => e.type === 'SESSIONS_REVOKED')?.summary).toBe('Signed out of the mobile app on every device (2 session(s))');
      expect(view.timeline.find((e) => e.type === 'ACCOUNTS_SECURED')?.actor).toBe('op-olga');

      const [message] = await messagesTo(done.id);
      expect(message).toMatchObject({ channel: 'email', template: 'phone-locked-out' });
      expect(message.message).toContain('Sign in to our app on your new phone');
    });
  });
});
