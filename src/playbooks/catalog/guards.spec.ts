import { checkWording, forbiddenPhrasesFile, loadForbiddenPhrases } from '../words/wording.rules.js';
import { GUARDS, type GuardName } from './guards.js';
import { initialContext, type IncidentContext } from './incident-context.js';

// The shipped list of phrases a script must never say.
const phrases = loadForbiddenPhrases(forbiddenPhrasesFile('playbooks'));

function contextIn(locale: 'en' | 'ru'): IncidentContext {
  const context = initialContext({
    customerRef: 'cust-1',
    locale,
    contactChannel: 'sms',
    cards: [
      { cardRef: 'c1', last4: '7808', product: 'Visa Classic' },
      { cardRef: 'c2', last4: '5630' },
    ],
    openedAt: '2026-03-01T10:00:00.000Z',
    timeZone: 'Europe/Moscow',
  });
  context.cards[0].status = 'blocking';
  context.cards[1].status = 'block_failed';
  context.cards[0].walletTokens = 'revoking';
  context.callbackAt = '2026-03-01T12:30:00.000Z';
  return context;
}

const explain = (name: GuardName, locale: 'en' | 'ru', data: Record<string, unknown> = {}) =>
  GUARDS[name].explain({ context: contextIn(locale), event: { type: 'X', data, at: '2026-03-01T10:00:00.000Z', actor: 'op-1' } });

describe('guard explanations (the 422 an operator reads)', () => {
  it('name cards as they are said aloud, in the incident language', () => {
    expect(explain('allCardsBlocked', 'en')).toBe('Not every card is blocked yet (still blocking: Visa Classic ending 7808; failed: card ending 5630)');
    expect(explain('allCardsBlocked', 'ru')).toBe(
      'Ещё не все карты заблокированы (блокируются: Visa Classic с последними цифрами 7808; не удалось: с последними цифрами 5630)',
    );
  });

  it('say times in the customer time zone, never as ISO text', () => {
    expect(explain('callbackStillDue', 'ru')).toBe('Время звонка уже изменено: теперь 1 марта в 15:30');
    expect(explain('callbackStillDue', 'en')).toBe('This callback time was replaced by 1 March at 15:30');
  });

  it('pass the wording rules in Russian for every guard (no English words, no glyphs)', () => {
    for (const name of Object.keys(GUARDS) as GuardName[]) {
      const text = explain(name, 'ru', { delivery: 'address' });
      expect(text).not.toMatch(/••••|[0-9]{4}-[0-9]{2}-[0-9]{2}T/);
      expect(checkWording({ where: name, locale: 'ru', text, names: ['Visa Classic'] }, { phrases, maxEnglishWords: 45 })).toEqual([]);
    }
  });
});
