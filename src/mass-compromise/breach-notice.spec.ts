import { breachNotice } from './breach-notice.js';

const customer = (cards: { last4: string; blocked: boolean }[], newCardsBy: string | null = '2025-03-06T10:00:00.000Z') => ({ customerRef: 'cust-1', cards, newCardsBy });

describe('breach notice', () => {
  it('names every exposed card of the customer in one message, with the date of the new cards', () => {
    expect(breachNotice('breach-notice', customer([{ last4: '1111', blocked: true }, { last4: '2222', blocked: true }]), 'en')).toBe(
      "Your cards ending 1111 and 2222 may have leaked from a shop's systems (not from our bank). We have blocked them, so your money is safe. " +
        'New cards will reach the address you gave the bank by 6 March 2025. Never share codes from our messages with anyone.',
    );
    expect(breachNotice('breach-notice', customer([{ last4: '1111', blocked: true }]), 'ru')).toBe(
      'Данные вашей карты с последними цифрами 1111 могли утечь из систем одного из магазинов (не из нашего банка). Мы заблокировали её, ваши деньги в безопасности. ' +
        'До 6 марта 2025 г. новая карта придёт на адрес, указанный в вашем договоре. Никому не сообщайте коды из наших сообщений.',
    );
  });

  it('asks the customer to call about a card that could not be blocked, and says how to get a card when none was ordered', () => {
    expect(breachNotice('breach-notice', customer([{ last4: '1111', blocked: true }, { last4: '3333', blocked: false }], null), 'en')).toBe(
      "Your card ending 1111 may have leaked from a shop's systems (not from our bank). We have blocked it, so your money is safe. " +
        'For a new card, call us or visit any branch. Please call us about card ending 3333. Never share codes from our messages with anyone.',
    );
  });

  it('refuses a template it does not know', () => {
    expect(() => breachNotice('incident-summary', customer([]), 'en')).toThrow('No breach message template incident-summary');
  });
});
