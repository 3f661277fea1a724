import type { IncidentInput } from './catalog/incident-context.js';
import { renderStep } from './guidance.js';
import { loadShippedPlaybook, ofKind, OPENED_AT, PlaybookIncident } from '../../test/support/playbook-incident.js';

const playbook = loadShippedPlaybook('stolen-wallet');

const CARDS = [
  { cardRef: 'card-debit', last4: '1111' },
  { cardRef: 'card-credit', last4: '2222' },
  { cardRef: 'card-travel', last4: '3333' },
];

const input = (overrides: Partial<IncidentInput> = {}): IncidentInput => ({
  customerRef: 'cust-42',
  locale: 'en',
  contactChannel: 'sms',
  cards: CARDS,
  openedAt: OPENED_AT,
  ...overrides,
});

/** A stolen-wallet incident under test, driven through the pure engine. */
class Incident extends PlaybookIncident {
  constructor(overrides: Partial<IncidentInput> = {}) {
    super(playbook, input(overrides));
  }

  blockAll(): void {
    this.reportForEachCard('CARD_BLOCKED', (cardRef) => ({ coreRef: `core-${CARDS.find((c) => c.cardRef === cardRef)!.last4}` }));
  }
}

/** Walks an incident to the given step along the primary path, with every card blocked on the way. */
function incidentAt(state: 'review_transactions' | 'reissue' | 'callback' | 'calling_back', overrides: Partial<IncidentInput> = {}): Incident {
  const incident = new Incident(overrides);
  incident.send('CUSTOMER_READY');
  incident.send('IDENTITY_VERIFIED');
  incident.blockAll();
  incident.send('BLOCKS_CONFIRMED');
  if (state === 'review_transactions') return incident;
  incident.send('TRANSACTIONS_REVIEWED');
  incident.send('EMERGENCY_ASSESSED', { travelling: false });
  if (state === 'reissue') return incident;
  incident.send('REISSUE_DECLINED');
  if (state === 'callback') return incident;
  incident.send('CALLBACK_SCHEDULED', { at: '2025-03-01T15:00:00.000Z' });
  incident.send('CALL_ENDED');
  incident.send('CALLBACK_STARTED');
  return incident;
}

describe('stolen-wallet playbook', () => {
  it('is version 2 and starts by reassuring the customer while transactions load', () => {
    expect(playbook.definition).toMatchObject({ id: 'stolen-wallet', version: 2, initial: 'reassure' });
    const incident = new Incident();
    expect(incident.state).toBe('reassure');
    expect(incident.started.effects).toEqual([{ kind: 'loadTransactions', params: { customerRef: 'cust-42' } }]);
    expect(incident.context.cards.map((c) => c.status)).toEqual(['active', 'active', 'active']);
  });

  describe('happy path: primaries only, job reports interleaved', () => {
    it('blocks every card, reissues express while travelling, calls back at the agreed time and resolves', () => {
      const incident = new Incident();
      expect(incident.step()?.say).toContain('You did the right thing by calling us');

      expect(incident.send('CUSTOMER_READY').effects).toEqual([]);
      expect(incident.state).toBe('verify_identity');

      incident.send('TRANSACTIONS_LOADED', {
        transactions: [
          { id: 'tx-1', cardRef: 'card-debit', at: '2025-03-01T09:40:00.000Z', amount: 950, currency: 'EUR', merchant: 'Electro Shop', city: 'Milan', suspicious: true },
          { id: 'tx-2', cardRef: 'card-credit', at: '2025-03-01T08:10:00.000Z', amount: 4.5, currency: 'EUR', merchant: 'Caffè Roma', city: 'Milan', suspicious: false },
        ],
      });
      expect(incident.state).toBe('verify_identity');
      expect(incident.context.transactions.map((t) => t.id)).toEqual(['tx-1', 'tx-2']);

      const verified = incident.send('IDENTITY_VERIFIED');
      expect(incident.state).toBe('blocking_cards');
      expect(incident.context.identityVerified).toBe(true);
      expect(ofKind(verified.effects, 'blockCard')).toEqual(
        CARDS.map((c) => ({ cardRef: c.cardRef, last4: c.last4, reason: 'stolen', mode: 'block' })),
      );
      expect(verified.effects).toHaveLength(3);
      expect(incident.context.cards.map((c) => c.status)).toEqual(['blocking', 'blocking', 'blocking']);
      expect(incident.step()?.say).toBe('I am blocking your cards ending 1111, 2222 and 3333 right now. It takes a few seconds. Please stay on the line with me.');

      // The customer's mood is reported between two block confirmations.
      incident.send('CARD_BLOCKED', { cardRef: 'card-debit', coreRef: 'core-1111', blockedAt: '2025-03-01T10:02:30.000Z' });
      incident.send('CUSTOMER_MOOD', { mood: 'panicked' });
      // Without `blockedAt` in the report, the event time is the block time.
      incident.send('CARD_BLOCKED', { cardRef: 'card-credit', coreRef: 'core-2222' }, '2025-03-01T10:05:00.000Z');
      incident.send('CARD_BLOCKED', { cardRef: 'card-travel', coreRef: 'core-3333' }, '2025-03-01T10:06:00.000Z');
      expect(incident.state).toBe('blocking_cards');
      expect(incident.context.mood).toBe('panicked');
      expect(incident.context.cards).toEqual([
        { cardRef: 'card-debit', last4: '1111', status: 'blocked', blockedAt: '2025-03-01T10:02:30.000Z', coreRef: 'core-1111', failure: null },
        { cardRef: 'card-credit', last4: '2222', status: 'blocked', blockedAt: '2025-03-01T10:05:00.000Z', coreRef: 'core-2222', failure: null },
        { cardRef: 'card-travel', last4: '3333', status: 'blocked', blockedAt: '2025-03-01T10:06:00.000Z', coreRef: 'core-3333', failure: null },
      ]);

      expect(incident.send('BLOCKS_CONFIRMED').effects).toEqual([]);
      expect(incident.state).toBe('review_transactions');

      incident.send('TRANSACTIONS_REVIEWED', { disputed: ['tx-1', 'tx-404'] });
      expect(incident.state).toBe('emergency_help');
      expect(incident.context.disputedTransactions).toEqual(['tx-1']);

      const emergency = incident.send('EMERGENCY_ASSESSED', { travelling: true, emergencyCash: true });
      expect(incident.state).toBe('reissue');
      expect(incident.context.travelling).toBe(true);
      // Emergency cash is an order at core banking; its answer (code, reference, time) is what the customer is told.
      expect(emergency.effects).toEqual([{ kind: 'orderEmergencyCash', params: { customerRef: 'cust-42', contactChannel: 'sms' }, dueAt: undefined }]);
      expect(incident.context.emergencyCash).toEqual({ status: 'ordering' });

      const reissue = incident.send('REISSUE_REQUESTED', { delivery: 'address', address: 'Hotel Duomo, Via Torino 1, Milan' });
      expect(incident.state).toBe('callback');
      expect(ofKind(reissue.effects, 'scheduleReissue')).toEqual(
        CARDS.map((c) => ({
          cardRef: c.cardRef,
          last4: c.last4,
          delivery: { kind: 'address', address: 'Hotel Duomo, Via Torino 1, Milan' },
          express: true,
        })),
      );
      expect(reissue.effects).toHaveLength(3);

      for (const card of CARDS) incident.send('REISSUE_ORDERED', { cardRef: card.cardRef });
      expect(incident.state).toBe('callback');

      const callback = incident.send('CALLBACK_SCHEDULED', { at: '2025-03-01T15:00:00.000Z', contactChannel: 'phone' });
      expect(incident.state).toBe('closing');
      expect(callback.effects).toEqual([
        { kind: 'scheduleCallback', params: { at: '2025-03-01T15:00:00.000Z', contactChannel: 'phone' }, dueAt: '2025-03-01T15:00:00.000Z' },
      ]);
      expect(incident.context).toMatchObject({ callbackAt: '2025-03-01T15:00:00.000Z', contactChannel: 'phone' });
      // The commitments name the actual callback time and channel.
      const closing = incident.step();
      expect(closing?.say).toContain('We will call you back at 1 March at 18:00');
      expect(closing?.say).toContain('by phone');

      const ended = incident.send('CALL_ENDED');
      expect(incident.state).toBe('awaiting_callback');
      expect(ended.outcome).toBeNull();
      expect(ended.effects).toEqual([{ kind: 'notifyCustomer', params: { template: 'incident-summary', contactChannel: 'phone' } }]);

      incident.send('CUSTOMER_NOTIFIED');
      expect(incident.state).toBe('awaiting_callback');

      expect(incident.send('CALLBACK_DUE', { at: incident.context.callbackAt }).effects).toEqual([]);
      expect(incident.state).toBe('calling_back');

      const done = incident.send('CALLBACK_COMPLETED');
      expect(incident.state).toBe('resolved');
      expect(done.outcome).toBe('resolved');
      expect(incident.step()).toBeNull();
      expect(incident.context.cards.every((c) => c.status === 'blocked')).toBe(true);
    });

    it('the operator can also start the callback before it is due', () => {
      const incident = incidentAt('calling_back');
      expect(incident.state).toBe('calling_back');
    });

    it('without a callback the call ends resolved after the summary is sent', () => {
      const incident = incidentAt('callback');
      incident.send('CALLBACK_DECLINED');
      expect(incident.state).toBe('closing_without_callback');
      const ended = incident.send('CALL_ENDED');
      expect(ended.outcome).toBe('resolved');
      expect(ended.effects).toEqual([{ kind: 'notifyCustomer', params: { template: 'incident-summary', contactChannel: 'sms' } }]);
    });
  });

  describe('identity cannot be verified', () => {
    function unverifiedAtReissue(): Incident {
      const incident = new Incident();
      incident.send('CUSTOMER_READY');
      const failed = incident.send('IDENTITY_FAILED');
      expect(failed.effects).toEqual([]);
      expect(incident.state).toBe('identity_fallback');
      expect(incident.context.identityVerified).toBe(false);

      const agreed = incident.send('PROTECTIVE_BLOCK_AGREED');
      expect(incident.state).toBe('blocking_cards');
      expect(ofKind(agreed.effects, 'blockCard')).toEqual(
        CARDS.map((c) => ({ cardRef: c.cardRef, last4: c.last4, reason: 'stolen', mode: 'block' })),
      );
      incident.blockAll();
      incident.send('BLOCKS_CONFIRMED');
      incident.send('TRANSACTIONS_REVIEWED');
      incident.send('EMERGENCY_ASSESSED', { travelling: false });
      expect(incident.state).toBe('reissue');
      return incident;
    }

    it('still protects the money: a protective block of every card', () => {
      const incident = unverifiedAtReissue();
      expect(incident.context.cards.map((c) => c.status)).toEqual(['blocked', 'blocked', 'blocked']);
    });

    it('refuses delivery of new cards to an address, with the reason for the operator', () => {
      const incident = unverifiedAtReissue();
      const refusal = incident.refuse('REISSUE_REQUESTED', { delivery: 'address', address: 'Hotel Duomo, Milan' });
      expect(refusal).toEqual({
        refused: 'guard',
        message: 'Identity was not verified: new cards can only go to a branch, where the customer shows ID',
        allowed: ['REISSUE_REQUESTED', 'REISSUE_DECLINED', 'CUSTOMER_MOOD', 'CALL_DROPPED', 'CANCEL'],
      });
      expect(incident.state).toBe('reissue');
    });

    it('refuses the address on file too: without verified identity, only a branch', () => {
      const incident = unverifiedAtReissue();
      expect(incident.refuse('REISSUE_REQUESTED', { delivery: 'addressOnFile' }).message).toBe('Identity was not verified: new cards can only go to a branch, where the customer shows ID');
      expect(incident.state).toBe('reissue');
    });

    it('allows new cards at a branch, not express when the customer is at home', () => {
      const incident = unverifiedAtReissue();
      expect(incident.refuse('REISSUE_REQUESTED', { delivery: 'branch' }).message).toBe('Delivery to a branch needs branchId');
      const reissue = incident.send('REISSUE_REQUESTED', { delivery: 'branch', branchId: 'branch-msk-12' });
      expect(incident.state).toBe('callback');
      expect(ofKind(reissue.effects, 'scheduleReissue')).toEqual(
        CARDS.map((c) => ({ cardRef: c.cardRef, last4: c.last4, delivery: { kind: 'branch', branchId: 'branch-msk-12' }, express: false })),
      );
    });
  });

  describe('a card block fails', () => {
    function withFailedBlock(): Incident {
      const incident = new Incident();
      incident.send('CUSTOMER_READY');
      incident.send('IDENTITY_VERIFIED');
      incident.send('CARD_BLOCKED', { cardRef: 'card-debit' });
      incident.send('CARD_BLOCK_FAILED', { cardRef: 'card-credit', reason: 'core banking timeout' });
      return incident;
    }

    it('moves to block_failed and names the failed card in plain words', () => {
      const incident = withFailedBlock();
      expect(incident.state).toBe('block_failed');
      expect(incident.context.cards.find((c) => c.cardRef === 'card-credit')).toMatchObject({
        status: 'block_failed',
        failure: 'core banking timeout',
      });
      const step = incident.step()!;
      expect(step.say).toContain('card ending 2222');
      expect(step.say).not.toContain('1111');
      expect(step.do).toContain('Core banking did not confirm the block of the card ending 2222');
      expect(step.do).toContain('card processing hotline');
      expect(step.primary?.event).toBe('BLOCK_RETRY_REQUESTED');
      expect(step.alternatives.map((a) => a.event)).toEqual(['BLOCKED_BY_CARD_PROCESSING', 'CUSTOMER_MOOD']);
      expect(step.alternatives[0].fields).toEqual([
        { name: 'reference', label: 'Reference given by card processing', type: 'text', required: true },
        { name: 'contact', label: 'Who you spoke to at card processing', type: 'text', required: false },
      ]);
    });

    it('keeps recording reports while the operator decides', () => {
      const incident = withFailedBlock();
      incident.send('CARD_BLOCK_FAILED', { cardRef: 'card-travel', reason: 'rejected' });
      incident.send('CUSTOMER_MOOD', { mood: 'angry' });
      expect(incident.state).toBe('block_failed');
      expect(incident.step()?.say).toContain('The block of your cards ending 2222 and 3333 did not go through the first time');
    });

    it('a retry asks core banking again only for the failed card, not for blocked or still pending ones', () => {
      const incident = withFailedBlock();
      // card-debit is blocked, card-credit failed, card-travel has no answer yet.
      const retry = incident.send('BLOCK_RETRY_REQUESTED');
      expect(incident.state).toBe('blocking_cards');
      expect(retry.effects).toEqual([
        { kind: 'blockCard', params: { cardRef: 'card-credit', last4: '2222', reason: 'stolen', mode: 'block' } },
      ]);
      expect(incident.context.cards.map((c) => c.status)).toEqual(['blocked', 'blocking', 'blocking']);
      incident.send('CARD_BLOCKED', { cardRef: 'card-credit' });
      incident.send('CARD_BLOCKED', { cardRef: 'card-travel' });
      incident.send('BLOCKS_CONFIRMED');
      expect(incident.state).toBe('review_transactions');
    });

    it('a retry that fails again comes back to block_failed', () => {
      const incident = withFailedBlock();
      incident.send('BLOCK_RETRY_REQUESTED');
      incident.send('CARD_BLOCK_FAILED', { cardRef: 'card-credit', reason: 'core banking timeout' });
      expect(incident.state).toBe('block_failed');
    });

    it('a block done by phone with card processing is recorded with its reference and lets the call go on', () => {
      const incident = withFailedBlock();
      incident.send('CARD_BLOCKED', { cardRef: 'card-travel' });
      const byPhone = incident.send('BLOCKED_BY_CARD_PROCESSING', { reference: 'CP-2025-0042' }, '2025-03-01T10:09:00.000Z');
      expect(byPhone.effects).toEqual([]);
      expect(incident.state).toBe('blocking_cards');
      expect(incident.context.cards.find((c) => c.cardRef === 'card-credit')).toEqual({
        cardRef: 'card-credit',
        last4: '2222',
        status: 'blocked',
        blockedAt: '2025-03-01T10:09:00.000Z',
        coreRef: 'CP-2025-0042',
        failure: null,
      });
      incident.send('BLOCKS_CONFIRMED');
      expect(incident.state).toBe('review_transactions');
    });
  });

  it('refuses to move on before every card is blocked, naming the pending card', () => {
    const incident = new Incident();
    incident.send('CUSTOMER_READY');
    incident.send('IDENTITY_VERIFIED');
    incident.send('CARD_BLOCKED', { cardRef: 'card-debit' });
    incident.send('CARD_BLOCKED', { cardRef: 'card-travel' });
    const refusal = incident.refuse('BLOCKS_CONFIRMED');
    expect(refusal.refused).toBe('guard');
    expect(refusal.message).toBe('Not every card is blocked yet (still blocking: card ending 2222; failed: none)');
    expect(incident.state).toBe('blocking_cards');
  });

  it('when the customer cannot be reached, calls again 30 minutes later and tells them', () => {
    const incident = incidentAt('calling_back');
    const missed = incident.send('CUSTOMER_UNREACHABLE', {}, '2025-03-01T15:02:00.000Z');
    expect(incident.state).toBe('awaiting_callback');
    expect(missed.effects).toEqual([
      { kind: 'scheduleCallback', params: { at: '2025-03-01T15:32:00.000Z', contactChannel: 'sms' }, dueAt: '2025-03-01T15:32:00.000Z' },
      { kind: 'notifyCustomer', params: { template: 'missed-callback', contactChannel: 'sms' } },
    ]);
    expect(incident.context.callbackAt).toBe('2025-03-01T15:32:00.000Z');
    expect(incident.step()?.do).toContain('1 March at 18:32');
    // The first timer, for the time that was replaced, no longer moves the step.
    expect(incident.refuse('CALLBACK_DUE', { at: '2025-03-01T15:00:00.000Z' }).message).toBe('This callback time was replaced by 1 March at 18:32'); // the bank's default zone, never UTC
    incident.send('CALLBACK_DUE', { at: '2025-03-01T15:32:00.000Z' });
    expect(incident.state).toBe('calling_back');
  });

  describe('refusals', () => {
    it('an event the step does not take is refused, listing what it takes with the primary first', () => {
      const incident = incidentAt('calling_back');
      expect(incident.refuse('BLOCKS_CONFIRMED')).toEqual({
        refused: 'not_allowed',
        message: 'BLOCKS_CONFIRMED is not allowed in step calling_back',
        allowed: ['CALLBACK_COMPLETED', 'CUSTOMER_UNREACHABLE', 'CUSTOMER_MOOD', 'CALL_DROPPED', 'CANCEL'],
      });
    });

    it('a Russian incident is refused in Russian, naming the action and the step as the console shows them', () => {
      const incident = incidentAt('calling_back', { locale: 'ru' });
      const { message } = incident.refuse('BLOCKS_CONFIRMED');
      expect(message).toMatch(/^«.+» сейчас недоступно: идёт шаг «.+»$/);
      expect(message).not.toMatch(/[A-Za-z]/);
      const closed = incidentAt('callback', { locale: 'ru' });
      closed.send('CALLBACK_DECLINED');
      closed.send('CALL_ENDED');
      expect(closed.refuse('CALLBACK_STARTED').message).toBe('Обращение решено, действия по нему больше не принимаются');
    });

    it('job events are not offered to the operator as allowed events', () => {
      const incident = new Incident();
      incident.send('CUSTOMER_READY');
      incident.send('IDENTITY_VERIFIED');
      expect(incident.refuse('CALLBACK_COMPLETED').allowed).toEqual(['BLOCKS_CONFIRMED', 'CUSTOMER_MOOD', 'CALL_DROPPED', 'CANCEL']);
    });

    it('a resolved incident takes no more events', () => {
      const incident = incidentAt('callback');
      incident.send('CALLBACK_DECLINED');
      incident.send('CALL_ENDED');
      expect(incident.refuse('CALLBACK_STARTED')).toMatchObject({ refused: 'not_allowed', allowed: [] });
      expect(incident.refuse('CARD_BLOCKED', { cardRef: 'card-debit' }).refused).toBe('not_allowed');
    });
  });

  describe('guidance', () => {
    it('speaks Russian to a Russian-speaking operator, labels included', () => {
      const incident = new Incident({ locale: 'ru' });
      const step = incident.step()!;
      expect(step.title).toBe('Успокоить клиента');
      expect(step.say).toMatch(/^Вы правильно сделали, что сразу позвонили нам\./);
      expect(step.primary).toEqual({ event: 'CUSTOMER_READY', label: 'Клиент готов продолжить', fields: [] });
      incident.send('CUSTOMER_READY');
      incident.send('IDENTITY_VERIFIED');
      expect(incident.step()?.say).toContain('блокирую 3 карты с последними цифрами 1111, 2222 и 3333');
    });

    it('uses the calm words for a panicked customer, and the usual ones once they are calm again', () => {
      const incident = new Incident();
      const usual = incident.step()!.say;
      incident.send('CUSTOMER_MOOD', { mood: 'panicked' });
      expect(incident.state).toBe('reassure');
      expect(incident.step()?.say).toBe(playbook.definition.states.reassure.step!.calm!.panicked!.en);
      expect(incident.step()?.say).not.toBe(usual);
      incident.send('CUSTOMER_MOOD', { mood: 'calm' });
      expect(incident.step()?.say).toBe(usual);
    });

    it('has calm words for a panicked or angry customer at the moments that matter most', () => {
      const missing = ['reassure', 'verify_identity', 'identity_fallback', 'blocking_cards', 'block_failed'].flatMap((name) =>
        (['panicked', 'angry'] as const).filter((mood) => !playbook.definition.states[name].step?.calm?.[mood]).map((mood) => `${name} ${mood}`),
      );
      expect(missing).toEqual([]);
    });

    it('shows the primary action with the form fields the event needs', () => {
      const incident = incidentAt('reissue');
      const step = incident.step()!;
      expect(step.primary?.event).toBe('REISSUE_REQUESTED');
      expect(step.primary?.label).toBe('Order new cards');
      expect(step.primary?.fields.find((f) => f.name === 'delivery')).toEqual({
        name: 'delivery',
        label: 'Deliver the new cards to',
        type: 'choice',
        required: true,
        options: ['address', 'branch', 'addressOnFile'],
        choices: [
          { value: 'address', label: 'A one-time address' },
          { value: 'branch', label: 'A branch, to pick up' },
          { value: 'addressOnFile', label: 'The address on file' },
        ],
      });
      expect(step.alternatives.map((a) => a.event)).toEqual(['REISSUE_DECLINED', 'CUSTOMER_MOOD']);

      const callback = incidentAt('callback').step()!;
      expect(callback.primary?.fields.find((f) => f.name === 'at')).toMatchObject({ type: 'datetime', required: true });
    });

    it('every script is short enough to read aloud and uses only placeholders the guidance fills', () => {
      const incident = incidentAt('callback');
      incident.send('CALLBACK_SCHEDULED', { at: '2025-03-01T15:00:00.000Z' });
      const cards = incident.context.cards.map((c, i) => (i === 0 ? { ...c, status: 'block_failed' as const } : c));
      const tooLong: string[] = [];
      const unfilled: string[] = [];
      for (const [name, state] of Object.entries(playbook.definition.states)) {
        if (!state.step) continue;
        for (const locale of ['en', 'ru'] as const) {
          for (const [variant, script] of Object.entries({ say: state.step.say, ...state.step.calm })) {
            const words = script![locale].split(/\s+/).length;
            if (words > 45) tooLong.push(`${name} ${variant} ${locale}: ${words} words`);
          }
          for (const mood of [null, 'panicked', 'angry', 'confused'] as const) {
            const view = renderStep(playbook.definition, name, { ...incident.context, cards, locale, mood })!;
            for (const text of [view.title, view.say, view.do]) if (/\{\w+\}/.test(text)) unfilled.push(`${name} ${locale} ${mood}: ${text}`);
          }
        }
      }
      expect(tooLong).toEqual([]);
      expect(unfilled).toEqual([]);
    });
  });
});
