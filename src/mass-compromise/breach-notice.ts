import type { Locale } from '../playbooks/playbook.definition.js';
import { cardList } from '../playbooks/words/spoken.js';
import type { BreachedCustomer } from './breach-plan.js';

export const BREACH_NOTICE = 'breach-notice';

// One formatter per locale: a breach renders tens of thousands of messages.
const DATES: Record<Locale, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
  ru: new Intl.DateTimeFormat('ru-RU', { dateStyle: 'long', timeZone: 'UTC' }),
};

/** ru «с последними цифрами 1111 и 2222» / en "ending 1111 and 2222", to follow «карты» / "card(s)". */
const list = (cards: { last4: string }[], locale: Locale) => cardList(cards, locale).replace(/^cards? /, '');

/**
 * The one message a customer of a merchant breach gets, naming every exposed card of theirs: what we
 * blocked, when the new cards arrive, and which card (if any) they must call us about. Never more than last 4 digits.
 */
export function breachNotice(template: string, customer: BreachedCustomer, locale: Locale): string {
  if (template !== BREACH_NOTICE) throw new Error(`No breach message template ${template}`);
  const blocked = customer.cards.filter((c) => c.blocked);
  const notBlocked = customer.cards.filter((c) => !c.blocked);
  const by = customer.newCardsBy ? DATES[locale].format(new Date(customer.newCardsBy)) : null;
  const many = blocked.length > 1;
  if (locale === 'ru') {
    return [
      blocked.length > 0 &&
        `Данные ${many ? 'ваших карт' : 'вашей карты'} ${list(blocked, locale)} могли утечь из систем одного из магазинов (не из нашего банка). ` +
          `Мы заблокировали ${many ? 'их' : 'её'}, ваши деньги в безопасности.`,
      blocked.length > 0 && (by ? `До ${by} ${many ? 'новые карты придут' : 'новая карта придёт'} на адрес, указанный в вашем договоре.` : 'За новой картой позвоните нам или обратитесь в отделение.'),
      notBlocked.length > 0 && `Пожалуйста, позвоните нам по поводу ${notBlocked.length > 1 ? 'карт' : 'карты'} ${list(notBlocked, locale)}.`,
      'Никому не сообщайте коды из наших сообщений.',
    ]
      .filter(Boolean)
      .join(' ');
  }
  return [
    blocked.length > 0 &&
      `Your card${many ? 's' : ''} ${list(blocked, locale)} may have leaked from a shop's systems (not from our bank). ` +
        `We have blocked ${many ? 'them' : 'it'}, so your money is safe.`,
    blocked.length > 0 && (by ? `New card${many ? 's' : ''} will reach the address you gave the bank by ${by}.` : 'For a new card, call us or visit any branch.'),
    notBlocked.length > 0 && `Please call us about card${notBlocked.length > 1 ? 's' : ''} ${list(notBlocked, locale)}.`,
    'Never share codes from our messages with anyone.',
  ]
    .filter(Boolean)
    .join(' ');
}
