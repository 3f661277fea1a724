import type { IncidentInput } from './catalog/incident-context.js';
import { loadShippedPlaybook, missingCalmWords, ofKind, OPENED_AT, PlaybookIncident, scriptProblems } from '../../test/support/playbook-incident.js';

const playbook = loadShippedPlaybook('card-compromised');
const CARD = { cardRef: 'card-credit', last4: '2222' };

/** As a fraud engine opens it: one card, over the API, the customer's chosen channel. */
const incident = (overrides: Partial<IncidentInput> = {}) =>
  new PlaybookIncident(playbook, { customerRef: 'cust-42', locale: 'en', contactChannel: 'push', cards: [CARD], openedAt: OPENED_AT, ...overrides });

function blockedAndWaiting(): PlaybookIncident {
  const compromised = incident();
  compromised.send('CARD_BLOCKED', { cardRef: 'card-credit', coreRef: 'CB-1', blockedAt: '2025-03-01T10:00:02.000Z' });
  compromised.send('CUSTOMER_NOTIFIED', { template: 'card-blocked-by-fraud', channel: 'push' });
  return compromised;
}

describe('card-compromised playbook', () => {
  it('acts before any operator does: blocks the card, promises a callback in 30 minutes, tells the customer, loads transactions', () => {
    const compromised = incident();
    expect(playbook.definition).toMatchObject({ id: 'card-compromised', version: 2, initial: 'awaiting_customer' });
    expect(compromised.started.effects).toEqual([
      { kind: 'blockCard', params: { cardRef: 'card-credit', last4: '2222', reason: 'compromised', mode: 'block' } },
      { kind: 'scheduleCallback', params: { at: '2025-03-01T10:30:00.000Z', contactChannel: 'push' }, dueAt: '2025-03-01T10:30:00.000Z' },
      { kind: 'notifyCustomer', params: { template: 'card-blocked-by-fraud', contactChannel: 'push' } },
      { kind: 'loadTransactions', params: { customerRef: 'cust-42' } },
    ]);
    expect(compromised.state).toBe('awaiting_customer');
    expect(compromised.context).toMatchObject({ callbackAt: '2025-03-01T10:30:00.000Z', openedAt: OPENED_AT });
    expect(compromised.context.cards[0].status).toBe('blocking');
  });

  it('the callback time follows the opening time given as input, so a replay gives the same effects', () => {
    const later = incident({ openedAt: '2025-06-01T23:45:00.000Z' });
    expect(ofKind(later.started.effects, 'scheduleCallback')).toEqual([{ at: '2025-06-02T00:15:00.000Z', contactChannel: 'push' }]);
    expect(incident().started).toEqual(incident().started);
  });

  it('shows whoever takes the call what already happened, then continues from there', () => {
    const compromised = blockedAndWaiting();
    const waiting = compromised.step()!;
    expect(waiting.do).toBe(
      'Already done before any call: the fraud engine opened this incident at 1 March at 13:00, the customer\'s card ending 2222 was blocked, ' +
        'and the customer was sent a message by app notification. We promised to call at 1 March at 13:30. Check the timeline, then take the customer\'s call or call them.',
    );
    expect(waiting.primary).toEqual({ event: 'CUSTOMER_CALL_TAKEN', label: 'Customer is on the line', fields: [] });

    const taken = compromised.send('CUSTOMER_CALL_TAKEN');
    expect(taken.effects).toEqual([]);
    expect(compromised.state).toBe('verify_identity');
    // The customer is on the line: the promised callback is no longer owed.
    expect(compromised.context.callbackAt).toBeNull();
  });

  describe('happy path (primaries only)', () => {
    it('confirms with the customer, orders a new card and resolves', () => {
      const compromised = blockedAndWaiting();
      compromised.send('TRANSACTIONS_LOADED', {
        transactions: [{ id: 'tx-9', cardRef: 'card-credit', at: '2025-03-01T09:58:00.000Z', amount: 499, currency: 'EUR', merchant: 'Gaming Credits Ltd', city: 'Manila', suspicious: true }],
      });
      compromised.send('CUSTOMER_CALL_TAKEN');
      compromised.send('IDENTITY_VERIFIED');
      expect(compromised.state).toBe('review_transactions');
      expect(compromised.step()?.say).toContain('a payment on your card ending 2222 that may not be yours');

      compromised.send('TRANSACTIONS_REVIEWED', { disputed: ['tx-9'] });
      expect(compromised.context.disputedTransactions).toEqual(['tx-9']);
      const reissue = compromised.send('REISSUE_REQUESTED', { delivery: 'address', address: '12 Tverskaya, Moscow' });
      expect(reissue.effects).toEqual([
        { kind: 'scheduleReissue', params: { cardRef: 'card-credit', last4: '2222', delivery: { kind: 'address', address: '12 Tverskaya, Moscow' }, express: false } },
      ]);
      expect(compromised.state).toBe('closing');
      const ended = compromised.send('CALL_ENDED');
      expect(ended.outcome).toBe('resolved');
      expect(ended.effects).toEqual([{ kind: 'notifyCustomer', params: { template: 'card-blocked-summary', contactChannel: 'push' } }]);
      // The callback promised at opening comes due after the call: it changes nothing.
      expect(compromised.refuse('CALLBACK_DUE').refused).toBe('not_allowed');
    });
  });

  describe('exceptions', () => {
    it('does not move on to the new card while the block is unconfirmed', () => {
      const compromised = incident();
      compromised.send('CUSTOMER_CALL_TAKEN');
      compromised.send('IDENTITY_VERIFIED');
      expect(compromised.refuse('TRANSACTIONS_REVIEWED').message).toBe('Not every card is blocked yet (still blocking: card ending 2222; failed: none)');
    });

    it('a block that failed before anyone called can be retried, and only then', () => {
      const compromised = incident();
      expect(compromised.refuse('BLOCK_RETRY_REQUESTED').message).toBe('No card block has failed');
      compromised.send('CARD_BLOCK_FAILED', { cardRef: 'card-credit', reason: 'core banking timeout' });
      expect(compromised.state).toBe('awaiting_customer');
      expect(compromised.context.cards[0].status).toBe('block_failed');
      const retry = compromised.send('BLOCK_RETRY_REQUESTED');
      expect(compromised.state).toBe('awaiting_customer');
      expect(retry.effects).toEqual([{ kind: 'blockCard', params: { cardRef: 'card-credit', last4: '2222', reason: 'compromised', mode: 'block' } }]);
    });

    it('a caller who cannot prove who they are hears nothing about the card, and the real customer is called back', () => {
      const compromised = blockedAndWaiting();
      compromised.send('CUSTOMER_CALL_TAKEN');
      compromised.send('IDENTITY_FAILED');
      expect(compromised.state).toBe('identity_fallback');
      expect(compromised.step()?.alternatives.map((a) => a.event)).toEqual(['CUSTOMER_MOOD']);
      const ended = compromised.send('CALL_ENDED', {}, '2025-03-01T10:20:00.000Z');
      expect(compromised.state).toBe('awaiting_customer');
      expect(ended.effects).toEqual([
        { kind: 'scheduleCallback', params: { at: '2025-03-01T10:50:00.000Z', contactChannel: 'push' }, dueAt: '2025-03-01T10:50:00.000Z' },
      ]);
      expect(compromised.step()?.do).toContain('We promised to call at 1 March at 13:50');
    });

    it('when the customer does not answer, calls again in 30 minutes and tells them', () => {
      const compromised = blockedAndWaiting();
      const missed = compromised.send('CUSTOMER_UNREACHABLE', {}, '2025-03-01T10:31:00.000Z');
      expect(compromised.state).toBe('awaiting_customer');
      expect(missed.effects).toEqual([
        { kind: 'scheduleCallback', params: { at: '2025-03-01T11:01:00.000Z', contactChannel: 'push' }, dueAt: '2025-03-01T11:01:00.000Z' },
        { kind: 'notifyCustomer', params: { template: 'missed-callback', contactChannel: 'push' } },
      ]);
    });
  });

  describe('guidance', () => {
    it('speaks Russian to a Russian-speaking operator', () => {
      const compromised = incident({ locale: 'ru' });
      expect(compromised.step()?.title).toBe('Карта заблокирована фрод-мониторингом — поговорить с клиентом');
      expect(compromised.step()?.do).toContain('Мы обещали позвонить 1 марта в 13:30');
    });

    it('has calm words for a panicked or angry customer at the moments that matter most', () => {
      expect(missingCalmWords(playbook, ['awaiting_customer', 'verify_identity', 'identity_fallback', 'review_transactions'])).toEqual([]);
    });

    it('every script is short enough to read aloud and uses only placeholders the guidance fills', () => {
      const compromised = blockedAndWaiting();
      expect(scriptProblems(playbook, compromised.context)).toEqual([]);
    });
  });
});
