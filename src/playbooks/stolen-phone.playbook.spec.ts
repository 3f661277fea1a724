import type { IncidentInput } from './catalog/incident-context.js';
import { loadShippedPlaybook, missingCalmWords, OPENED_AT, PlaybookIncident, scriptProblems } from '../../test/support/playbook-incident.js';

const playbook = loadShippedPlaybook('stolen-phone');
const CARDS = [
  { cardRef: 'card-debit', last4: '1111' },
  { cardRef: 'card-credit', last4: '2222' },
];

const incident = (overrides: Partial<IncidentInput> = {}) =>
  new PlaybookIncident(playbook, { customerRef: 'cust-42', locale: 'en', contactChannel: 'phone', cards: CARDS, openedAt: OPENED_AT, ...overrides });

function lockingOut(): PlaybookIncident {
  const phone = incident();
  phone.send('CUSTOMER_READY');
  phone.send('IDENTITY_VERIFIED');
  expect(phone.state).toBe('locking_out');
  return phone;
}

function lockedOut(phone: PlaybookIncident): void {
  phone.send('SESSIONS_REVOKED', { revoked: 2 });
  phone.reportForEachCard('WALLET_TOKENS_REVOKED', () => ({ revoked: 1 }));
  phone.reportForEachCard('CARD_FROZEN');
}

describe('stolen-phone playbook', () => {
  it('is version 2 and asks for nothing before the customer is heard', () => {
    const phone = incident();
    expect(playbook.definition).toMatchObject({ id: 'stolen-phone', version: 2, initial: 'reassure' });
    expect(phone.started.effects).toEqual([]);
    expect(phone.context.appSessions).toBeNull();
  });

  describe('happy path (primaries only)', () => {
    it('signs the phone out, takes the cards out of its wallet, freezes them, guides the customer and resolves', () => {
      const phone = incident();
      phone.send('CUSTOMER_READY');
      const verified = phone.send('IDENTITY_VERIFIED');
      expect(verified.effects).toEqual([
        { kind: 'revokeAppSessions', params: { customerRef: 'cust-42' } },
        { kind: 'revokeWalletTokens', params: { cardRef: 'card-debit', last4: '1111' } },
        { kind: 'revokeWalletTokens', params: { cardRef: 'card-credit', last4: '2222' } },
        { kind: 'blockCard', params: { cardRef: 'card-debit', last4: '1111', reason: 'stolen', mode: 'freeze' } },
        { kind: 'blockCard', params: { cardRef: 'card-credit', last4: '2222', reason: 'stolen', mode: 'freeze' } },
      ]);
      expect(phone.context.appSessions).toBe('revoking');
      expect(phone.context.cards.map((c) => [c.status, c.walletTokens])).toEqual([['freezing', 'revoking'], ['freezing', 'revoking']]);

      phone.send('SESSIONS_REVOKED', { revoked: 2 });
      phone.send('CARD_FROZEN', { cardRef: 'card-debit' });
      expect(phone.refuse('PROTECTION_CONFIRMED').message).toBe(
        'The stolen phone is not locked out yet (wallet tokens of card ending 1111 revoking; wallet tokens of card ending 2222 revoking; card ending 2222 freezing)',
      );
      phone.reportForEachCard('WALLET_TOKENS_REVOKED', () => ({ revoked: 1 }));
      phone.send('CARD_FROZEN', { cardRef: 'card-credit' });
      expect(phone.send('PROTECTION_CONFIRMED').effects).toEqual([]);
      expect(phone.state).toBe('secure_accounts');
      expect(phone.step()?.say).toContain('block your SIM card with your mobile operator');

      const fields = phone.step()!.primary!.fields;
      expect(fields.map((f) => f.name)).toEqual(['simBlocked', 'emailPasswordChanged', 'phoneErased', 'contactChannel']);
      // The summary must never go to the stolen phone.
      expect(fields.find((f) => f.name === 'contactChannel')).toMatchObject({ options: ['email', 'messenger'], default: 'email', required: true });
      phone.send('ACCOUNTS_SECURED', { simBlocked: true, emailPasswordChanged: true, phoneErased: false, contactChannel: 'email' });
      expect(phone.state).toBe('closing');
      expect(phone.step()?.say).toContain('A summary follows by email');

      const ended = phone.send('CALL_ENDED');
      expect(ended.outcome).toBe('resolved');
      expect(ended.effects).toEqual([{ kind: 'notifyCustomer', params: { template: 'phone-locked-out', contactChannel: 'email' } }]);
      expect(phone.context.cards.every((c) => c.status === 'frozen' && c.walletTokens === 'revoked')).toBe(true);
      expect(phone.context.appSessions).toBe('revoked');
    });

    it('locks the phone out even when identity cannot be verified', () => {
      const phone = incident();
      phone.send('CUSTOMER_READY');
      const failed = phone.send('IDENTITY_FAILED');
      expect(phone.state).toBe('locking_out');
      expect(phone.context.identityVerified).toBe(false);
      expect(failed.effects.map((e) => e.kind)).toEqual(['revokeAppSessions', 'revokeWalletTokens', 'revokeWalletTokens', 'blockCard', 'blockCard']);
    });
  });

  describe('a protection fails', () => {
    it('moves to protection_failed; a retry asks again only for what failed', () => {
      const phone = lockingOut();
      phone.send('SESSIONS_REVOKED');
      phone.send('WALLET_TOKENS_REVOKED', { cardRef: 'card-debit' });
      phone.send('WALLET_TOKENS_REVOKE_FAILED', { cardRef: 'card-credit', reason: 'token service down' });
      expect(phone.state).toBe('protection_failed');
      phone.send('CARD_FROZEN', { cardRef: 'card-debit' });
      phone.send('CARD_FREEZE_FAILED', { cardRef: 'card-credit', reason: 'core banking timeout' });
      expect(phone.state).toBe('protection_failed');
      expect(phone.context.cards.map((c) => [c.status, c.walletTokens])).toEqual([['frozen', 'revoked'], ['freeze_failed', 'revoke_failed']]);

      const retry = phone.send('PROTECTION_RETRY_REQUESTED');
      expect(phone.state).toBe('locking_out');
      expect(retry.effects).toEqual([
        { kind: 'revokeWalletTokens', params: { cardRef: 'card-credit', last4: '2222' } },
        { kind: 'blockCard', params: { cardRef: 'card-credit', last4: '2222', reason: 'stolen', mode: 'freeze' } },
      ]);
      phone.send('WALLET_TOKENS_REVOKED', { cardRef: 'card-credit' });
      phone.send('CARD_FROZEN', { cardRef: 'card-credit' });
      phone.send('PROTECTION_CONFIRMED');
      expect(phone.state).toBe('secure_accounts');
    });

    it('a failed app sign-out is retried on its own', () => {
      const phone = lockingOut();
      phone.send('SESSIONS_REVOKE_FAILED', { reason: 'rejected' });
      expect(phone.context.appSessions).toBe('revoke_failed');
      const retry = phone.send('PROTECTION_RETRY_REQUESTED');
      expect(retry.effects).toEqual([{ kind: 'revokeAppSessions', params: { customerRef: 'cust-42' } }]);
    });

    it('what the digital banking desk did by hand counts, with their reference', () => {
      const phone = lockingOut();
      phone.send('SESSIONS_REVOKE_FAILED', { reason: 'rejected' });
      phone.reportForEachCard('WALLET_TOKENS_REVOKED');
      phone.send('CARD_FROZEN', { cardRef: 'card-debit' });
      phone.send('CARD_FREEZE_FAILED', { cardRef: 'card-credit', reason: 'rejected' });
      const byHand = phone.send('SECURED_BY_DIGITAL_DESK', { reference: 'DB-1234' }, '2025-03-01T10:20:00.000Z');
      expect(byHand.effects).toEqual([]);
      expect(phone.context.appSessions).toBe('revoked');
      expect(phone.context.cards[1]).toMatchObject({ status: 'frozen', coreRef: 'DB-1234', blockedAt: '2025-03-01T10:20:00.000Z', failure: null });
      phone.send('PROTECTION_CONFIRMED');
      expect(phone.state).toBe('secure_accounts');
    });
  });

  describe('guidance', () => {
    it('speaks Russian to a Russian-speaking operator', () => {
      const phone = incident({ locale: 'ru' });
      phone.send('CUSTOMER_READY');
      phone.send('IDENTITY_VERIFIED');
      expect(phone.step()?.say).toContain('удаляю ваши карты с последними цифрами 1111 и 2222 из его мобильного кошелька');
      lockedOut(phone);
      phone.send('PROTECTION_CONFIRMED');
      expect(phone.step()?.primary?.fields.find((f) => f.name === 'contactChannel')?.label).toBe('Куда прислать сводку');
    });

    it('has calm words for a panicked or angry customer at the moments that matter most', () => {
      expect(missingCalmWords(playbook, ['reassure', 'verify_identity', 'locking_out', 'protection_failed'])).toEqual([]);
    });

    it('every script is short enough to read aloud and uses only placeholders the guidance fills', () => {
      const phone = lockingOut();
      lockedOut(phone);
      expect(scriptProblems(playbook, phone.context)).toEqual([]);
    });
  });
});
