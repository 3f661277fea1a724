import type { IncidentInput } from './catalog/incident-context.js';
import { loadShippedPlaybook, missingCalmWords, ofKind, OPENED_AT, PlaybookIncident, scriptProblems } from '../../test/support/playbook-incident.js';

const playbook = loadShippedPlaybook('lost-card');
const CARD = { cardRef: 'card-debit', last4: '1111' };

const incident = (overrides: Partial<IncidentInput> = {}) =>
  new PlaybookIncident(playbook, { customerRef: 'cust-42', locale: 'en', contactChannel: 'sms', cards: [CARD], openedAt: OPENED_AT, ...overrides });

/** Walks to the question "is the card really gone?", with the card frozen on the way. */
function frozenAndAsking(overrides: Partial<IncidentInput> = {}): PlaybookIncident {
  const lost = incident(overrides);
  lost.send('CUSTOMER_READY');
  lost.send('IDENTITY_VERIFIED');
  lost.send('CARD_FROZEN', { cardRef: 'card-debit', coreRef: 'CB-1' });
  lost.send('FREEZE_CONFIRMED');
  expect(lost.state).toBe('search_for_card');
  return lost;
}

describe('lost-card playbook', () => {
  it('is version 2, asks for nothing at opening and starts by reassuring the customer', () => {
    const lost = incident();
    expect(playbook.definition).toMatchObject({ id: 'lost-card', version: 2, initial: 'reassure' });
    expect(lost.started.effects).toEqual([]);
    expect(lost.step()?.say).toContain('First, I will freeze your card');
  });

  describe('happy path (primaries only): the card is gone', () => {
    it('freezes first, then blocks for good and orders a new card, each exactly once', () => {
      const lost = incident();
      lost.send('CUSTOMER_READY');
      const verified = lost.send('IDENTITY_VERIFIED');
      expect(lost.state).toBe('freezing_cards');
      expect(verified.effects).toEqual([{ kind: 'blockCard', params: { cardRef: 'card-debit', last4: '1111', reason: 'lost', mode: 'freeze' } }]);
      expect(lost.context.cards[0].status).toBe('freezing');
      expect(lost.step()?.say).toContain('I am freezing your card ending 1111 right now');

      expect(lost.refuse('FREEZE_CONFIRMED').message).toBe('Not every card is frozen yet (still freezing: card ending 1111; failed: none)');
      lost.send('CARD_FROZEN', { cardRef: 'card-debit', coreRef: 'CB-7', blockedAt: '2025-03-01T10:02:30.000Z' });
      expect(lost.context.cards[0]).toEqual({ ...CARD, status: 'frozen', blockedAt: '2025-03-01T10:02:30.000Z', coreRef: 'CB-7', failure: null });
      lost.send('FREEZE_CONFIRMED');

      expect(lost.step()?.primary?.event).toBe('CARD_NOT_FOUND');
      expect(lost.step()?.alternatives.map((a) => a.event)).toEqual(['CARD_FOUND', 'STILL_SEARCHING', 'CUSTOMER_MOOD']);
      const notFound = lost.send('CARD_NOT_FOUND');
      expect(lost.state).toBe('blocking_cards');
      // The frozen card is now blocked for good: a block, not another freeze.
      expect(notFound.effects).toEqual([{ kind: 'blockCard', params: { cardRef: 'card-debit', last4: '1111', reason: 'lost', mode: 'block' } }]);
      lost.send('CARD_BLOCKED', { cardRef: 'card-debit', coreRef: 'CB-8' });
      lost.send('BLOCKS_CONFIRMED');
      expect(lost.state).toBe('reissue');

      const reissue = lost.send('REISSUE_REQUESTED', { delivery: 'address', address: '1 Rua Augusta, Lisbon' });
      expect(reissue.effects).toEqual([
        { kind: 'scheduleReissue', params: { cardRef: 'card-debit', last4: '1111', delivery: { kind: 'address', address: '1 Rua Augusta, Lisbon' }, express: false } },
      ]);
      expect(lost.context.newCardsOrdered).toBe(true);
      lost.send('REISSUE_ORDERED', { cardRef: 'card-debit', eta: '2025-03-06T10:00:00.000Z' });
      expect(lost.step()?.say).toContain('Your card ending 1111 is blocked for good');

      const ended = lost.send('CALL_ENDED');
      expect(ended.outcome).toBe('resolved');
      expect(ended.effects).toEqual([{ kind: 'notifyCustomer', params: { template: 'card-blocked-summary', contactChannel: 'sms' } }]);
      expect(lost.context.cards[0].status).toBe('blocked');
    });
  });

  describe('the card is found', () => {
    it('switches it back on only after strong verification', () => {
      const lost = frozenAndAsking();
      expect(lost.send('CARD_FOUND').effects).toEqual([]);
      expect(lost.state).toBe('strong_verification');
      expect(lost.context.cards[0].status).toBe('frozen');
      const step = lost.step()!;
      expect(step.primary).toMatchObject({ event: 'STRONG_VERIFICATION_PASSED' });
      expect(step.primary?.fields).toEqual([
        { name: 'method', label: 'How the customer proved it is them', type: 'choice', required: true, options: ['one-time-code', 'app-confirmation', 'video-call'] },
      ]);

      const passed = lost.send('STRONG_VERIFICATION_PASSED', { method: 'one-time-code' });
      expect(lost.state).toBe('unfreezing_cards');
      expect(passed.effects).toEqual([{ kind: 'unblockCard', params: { cardRef: 'card-debit', last4: '1111' } }]);
      expect(lost.refuse('UNFREEZE_CONFIRMED').message).toBe('Not every card is switched back on yet (still unfreezing: card ending 1111; failed: none)');

      lost.send('CARD_UNFROZEN', { cardRef: 'card-debit', coreRef: 'CB-9' });
      expect(lost.context.cards[0]).toMatchObject({ status: 'active', blockedAt: null, failure: null });
      lost.send('UNFREEZE_CONFIRMED');
      expect(lost.step()?.say).toContain('your card ending 1111 works again');
      const ended = lost.send('CALL_ENDED');
      expect(ended.outcome).toBe('resolved');
      expect(ended.effects).toEqual([{ kind: 'notifyCustomer', params: { template: 'card-unfrozen', contactChannel: 'sms' } }]);
    });

    it('keeps the card frozen when strong verification fails, and says how to switch it on', () => {
      const lost = frozenAndAsking();
      lost.send('CARD_FOUND');
      expect(lost.send('STRONG_VERIFICATION_FAILED').effects).toEqual([]);
      expect(lost.state).toBe('verification_failed');
      expect(lost.context.cards[0].status).toBe('frozen');
      expect(lost.refuse('STRONG_VERIFICATION_PASSED', { method: 'one-time-code' }).refused).toBe('not_allowed');
      expect(lost.step()?.say).toContain('the card stays frozen');

      const ended = lost.send('CALL_ENDED');
      expect(ended.outcome).toBe('resolved');
      expect(ended.effects).toEqual([{ kind: 'notifyCustomer', params: { template: 'card-stays-frozen', contactChannel: 'sms' } }]);
      expect(lost.context.cards[0].status).toBe('frozen');
    });

    it('after failed verification the customer may still choose a permanent block and a new card', () => {
      const lost = frozenAndAsking();
      lost.send('CARD_FOUND');
      lost.send('STRONG_VERIFICATION_FAILED');
      const block = lost.send('PERMANENT_BLOCK_REQUESTED');
      expect(lost.state).toBe('blocking_cards');
      expect(ofKind(block.effects, 'blockCard')).toEqual([{ cardRef: 'card-debit', last4: '1111', reason: 'lost', mode: 'block' }]);
    });

    it('an unfreeze core banking refuses leaves the card frozen, with a retry and a way to end the call', () => {
      const lost = frozenAndAsking();
      lost.send('CARD_FOUND');
      lost.send('STRONG_VERIFICATION_PASSED', { method: 'app-confirmation' });
      lost.send('CARD_UNFREEZE_FAILED', { cardRef: 'card-debit', reason: 'core banking refused' });
      expect(lost.state).toBe('unfreeze_failed');
      expect(lost.context.cards[0]).toMatchObject({ status: 'unfreeze_failed', failure: 'core banking refused' });
      expect(lost.step()?.say).toContain('Switching your card ending 1111 back on is not confirmed yet');

      const retry = lost.send('UNFREEZE_RETRY_REQUESTED');
      expect(retry.effects).toEqual([{ kind: 'unblockCard', params: { cardRef: 'card-debit', last4: '1111' } }]);
      lost.send('CARD_UNFREEZE_FAILED', { cardRef: 'card-debit', reason: 'core banking refused' });
      const ended = lost.send('CALL_ENDED');
      expect(ended.outcome).toBe('resolved');
      expect(ofKind(ended.effects, 'notifyCustomer')).toEqual([{ template: 'card-stays-frozen', contactChannel: 'sms' }]);
    });
  });

  describe('the customer wants time to look', () => {
    it('keeps the card frozen, calls back at the agreed time and asks again', () => {
      const lost = frozenAndAsking();
      const searching = lost.send('STILL_SEARCHING', { at: '2025-03-02T09:00:00.000Z', contactChannel: 'email' });
      expect(lost.state).toBe('closing_while_searching');
      expect(searching.effects).toEqual([
        { kind: 'scheduleCallback', params: { at: '2025-03-02T09:00:00.000Z', contactChannel: 'email' }, dueAt: '2025-03-02T09:00:00.000Z' },
      ]);
      expect(lost.step()?.say).toContain('We will call you at 2 March at 12:00');

      expect(lost.send('CALL_ENDED').effects).toEqual([{ kind: 'notifyCustomer', params: { template: 'card-frozen', contactChannel: 'email' } }]);
      expect(lost.state).toBe('awaiting_search');
      lost.send('CALLBACK_DUE', { at: lost.context.callbackAt });
      expect(lost.state).toBe('calling_back');
      expect(lost.step()?.say).toContain('Have you found it?');
      lost.send('CARD_NOT_FOUND');
      expect(lost.state).toBe('blocking_cards');
    });

    it('tries again 30 minutes later when the customer does not answer', () => {
      const lost = frozenAndAsking();
      lost.send('STILL_SEARCHING', { at: '2025-03-02T09:00:00.000Z' });
      lost.send('CALL_ENDED');
      lost.send('CALLBACK_STARTED');
      const missed = lost.send('CUSTOMER_UNREACHABLE', {}, '2025-03-02T09:01:00.000Z');
      expect(lost.state).toBe('awaiting_search');
      expect(missed.effects).toEqual([
        { kind: 'scheduleCallback', params: { at: '2025-03-02T09:31:00.000Z', contactChannel: 'sms' }, dueAt: '2025-03-02T09:31:00.000Z' },
        { kind: 'notifyCustomer', params: { template: 'missed-callback-lost-card', contactChannel: 'sms' } },
      ]);
    });
  });

  describe('the freeze fails', () => {
    function withFailedFreeze(): PlaybookIncident {
      const lost = incident();
      lost.send('CUSTOMER_READY');
      lost.send('IDENTITY_FAILED');
      expect(lost.context.identityVerified).toBe(false);
      lost.send('CARD_FREEZE_FAILED', { cardRef: 'card-debit', reason: 'core banking timeout' });
      expect(lost.state).toBe('freeze_failed');
      return lost;
    }

    it('names the card, retries the freeze, and carries on once it is frozen', () => {
      const lost = withFailedFreeze();
      expect(lost.step()?.do).toContain('Core banking did not confirm the freeze of the card ending 1111');
      const retry = lost.send('FREEZE_RETRY_REQUESTED');
      expect(retry.effects).toEqual([{ kind: 'blockCard', params: { cardRef: 'card-debit', last4: '1111', reason: 'lost', mode: 'freeze' } }]);
      lost.send('CARD_FROZEN', { cardRef: 'card-debit' });
      lost.send('FREEZE_CONFIRMED');
      expect(lost.state).toBe('search_for_card');
    });

    it('can block the card for good instead; unverified, the new card goes to a branch only', () => {
      const lost = withFailedFreeze();
      const block = lost.send('PERMANENT_BLOCK_REQUESTED');
      expect(ofKind(block.effects, 'blockCard')).toEqual([{ cardRef: 'card-debit', last4: '1111', reason: 'lost', mode: 'block' }]);
      // A late report of the earlier freeze must not undo the permanent block.
      lost.send('CARD_FROZEN', { cardRef: 'card-debit' });
      expect(lost.context.cards[0].status).toBe('blocking');
      lost.send('CARD_BLOCKED', { cardRef: 'card-debit' });
      lost.send('BLOCKS_CONFIRMED');
      expect(lost.refuse('REISSUE_REQUESTED', { delivery: 'address', address: 'Home' }).message).toBe(
        'Identity was not verified: new cards can only go to a branch, where the customer shows ID',
      );
      lost.send('REISSUE_REQUESTED', { delivery: 'branch', branchId: 'lisbon-01' });
      expect(lost.state).toBe('closing');
    });

    it('a permanent block that fails can be done by phone with card processing', () => {
      const lost = frozenAndAsking();
      lost.send('CARD_NOT_FOUND');
      lost.send('CARD_BLOCK_FAILED', { cardRef: 'card-debit', reason: 'rejected' });
      expect(lost.state).toBe('block_failed');
      lost.send('BLOCKED_BY_CARD_PROCESSING', { reference: 'CP-77' });
      expect(lost.context.cards[0]).toMatchObject({ status: 'blocked', coreRef: 'CP-77' });
      lost.send('BLOCKS_CONFIRMED');
      lost.send('REISSUE_DECLINED');
      expect(lost.context.newCardsOrdered).toBe(false);
    });
  });

  describe('guidance', () => {
    it('speaks Russian to a Russian-speaking operator', () => {
      const lost = incident({ locale: 'ru' });
      expect(lost.step()?.title).toBe('Успокоить клиента');
      lost.send('CUSTOMER_READY');
      lost.send('IDENTITY_VERIFIED');
      expect(lost.step()?.say).toContain('Я прямо сейчас замораживаю вашу карту с последними цифрами 1111');
      expect(lost.step()?.primary?.label).toBe('Карта заморожена — продолжить');
    });

    it('has calm words for a panicked or angry customer at the moments that matter most', () => {
      expect(missingCalmWords(playbook, ['reassure', 'verify_identity', 'freezing_cards', 'freeze_failed', 'verification_failed', 'block_failed'])).toEqual([]);
    });

    it('every script is short enough to read aloud and uses only placeholders the guidance fills', () => {
      const lost = frozenAndAsking();
      lost.send('STILL_SEARCHING', { at: '2025-03-02T09:00:00.000Z' });
      const cards = lost.context.cards.map((c) => ({ ...c, status: 'freeze_failed' as const }));
      expect(scriptProblems(playbook, { ...lost.context, cards })).toEqual([]);
    });
  });
});
