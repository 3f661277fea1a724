import type { IncidentContext } from '../playbooks/catalog/incident-context.js';
import { formatTime } from '../playbooks/guidance.js';
import { cardList, russianPlural } from '../playbooks/words/spoken.js';
import type { Locale } from '../playbooks/playbook.definition.js';

/** Facts about one message that the incident's context does not hold (which promise is late, and since when). */
export type MessageFacts = Record<string, string>;
type Template = (context: IncidentContext, facts: MessageFacts) => string;

const cards = (c: IncidentContext, locale: Locale = 'en') => cardList(c.cards, locale);
const at = (c: IncidentContext, iso: string, locale: Locale) => formatTime(iso, locale, c.timeZone);
/** "Your Visa Classic ending 1111 is" or "Your cards ending 1111 and 2222 are", to fit how many cards the incident has. */
const yourCardsAre = (c: IncidentContext) => `Your ${cards(c)} ${c.cards.length === 1 ? 'is' : 'are'}`;
const itOrThem = (c: IncidentContext) => (c.cards.length === 1 ? 'it' : 'them');
/** The Russian "your card(s) …" with the verb agreed to how many cards, and the pronouns for them. */
const ruYourCards = (c: IncidentContext, one: string, many: string) =>
  c.cards.length === 1 ? `Ваша карта ${cards(c, 'ru')} ${one}` : `Ваши карты ${cards(c, 'ru')} ${many}`;
const ruThem = (c: IncidentContext) => (c.cards.length === 1 ? 'её' : 'их');
const ruWithThem = (c: IncidentContext) => (c.cards.length === 1 ? 'ею' : 'ими');

/** What the customer reads. Short, calm, and never more than the last 4 digits of a card. */
const TEMPLATES: Record<string, Record<Locale, Template>> = {
  'incident-summary': {
    en: (c) => `Your ${cards(c)} ${c.cards.length === 1 ? 'is' : 'are'} blocked; no one can use ${itOrThem(c)}. New cards are on their way.${c.callbackAt ? ` We will call you back at ${at(c, c.callbackAt, 'en')}.` : ''}`,
    ru: (c) =>
      `${ruYourCards(c, 'заблокирована', 'заблокированы')}, никто не сможет ${ruWithThem(c)} воспользоваться. Новые карты уже заказаны.${c.callbackAt ? ` Мы перезвоним вам ${at(c, c.callbackAt, 'ru')}.` : ''}`,
  },
  'emergency-cash': {
    en: () => 'Emergency cash: show your passport or this message at any partner office; the code arrives in a separate message.',
    ru: () => 'Экстренные наличные: покажите паспорт или это сообщение в любом офисе-партнёре; код придёт отдельным сообщением.',
  },
  'card-blocked-by-fraud': {
    en: (c) =>
      `We have blocked your ${cards(c)}: we saw a payment that may not be yours. Your money is safe.` +
      `${c.callbackAt ? ` We will call you at ${at(c, c.callbackAt, 'en')}.` : ''} Never share codes from our messages with anyone, even someone calling on our behalf.`,
    ru: (c) =>
      `Мы заблокировали вашу карту ${cards(c, 'ru')}: мы заметили платёж, который, возможно, совершали не вы. Ваши деньги в безопасности.` +
      `${c.callbackAt ? ` Мы позвоним вам ${at(c, c.callbackAt, 'ru')}.` : ''} Никому не сообщайте коды из наших сообщений, даже если звонят от имени банка.`,
  },
  'card-blocked-summary': {
    en: (c) =>
      `${yourCardsAre(c)} blocked for good; no one can use ${itOrThem(c)}. ` +
      (c.newCardsOrdered ? 'Your new card is on its way; we will let you know when it is ready.' : 'When you want a new card, call us or visit any branch.'),
    ru: (c) =>
      `${ruYourCards(c, 'заблокирована навсегда', 'заблокированы навсегда')}, никто не сможет ${ruWithThem(c)} воспользоваться. ` +
      (c.newCardsOrdered ? 'Новая карта уже в пути — мы сообщим, когда она будет готова.' : 'Когда понадобится новая карта, позвоните нам или обратитесь в любое отделение.'),
  },
  'card-frozen': {
    en: (c) =>
      `${yourCardsAre(c)} frozen; no one can pay with ${itOrThem(c)}.` +
      `${c.callbackAt ? ` We will call you at ${at(c, c.callbackAt, 'en')} to ask if you found it.` : ''} If you find it sooner, call us and we will switch ${itOrThem(c)} back on.`,
    ru: (c) =>
      `${ruYourCards(c, 'заморожена', 'заморожены')}, расплатиться ${ruWithThem(c)} никто не сможет.` +
      `${c.callbackAt ? ` Мы позвоним вам ${at(c, c.callbackAt, 'ru')} и узнаем, нашлась ли карта.` : ''} Если найдёте её раньше, позвоните нам, и мы снова ${ruThem(c)} включим.`,
  },
  'missed-callback-lost-card': {
    en: () => 'We tried to call you about your lost card. It stays frozen. We will try again in 30 minutes; if you have found it, call us any time.',
    ru: () => 'Мы пытались дозвониться вам по поводу потерянной карты. Она остаётся замороженной. Перезвоним через 30 минут; если карта нашлась, звоните нам в любое время.',
  },
  'card-unfrozen': {
    en: (c) => `${yourCardsAre(c)} working again. If you did not ask us for this, call us at once.`,
    ru: (c) => `${ruYourCards(c, 'снова работает', 'снова работают')}. Если вы не просили об этом, немедленно позвоните нам.`,
  },
  'card-stays-frozen': {
    en: (c) => `${yourCardsAre(c)} still frozen, for your safety. To switch ${itOrThem(c)} back on, visit any of our branches with your passport, or call us.`,
    ru: (c) =>
      `${ruYourCards(c, 'остаётся замороженной', 'остаются замороженными')} ради вашей безопасности. ` +
      `Чтобы снова ${ruThem(c)} включить, обратитесь в любое наше отделение с паспортом или позвоните нам.`,
  },
  'phone-locked-out': {
    en: (c) =>
      `We signed your lost phone out of our app, removed your ${cards(c)} from its mobile wallet and froze them. ` +
      'Sign in to our app on your new phone to switch them back on. If you have not yet, block your SIM card and change your email password.',
    ru: (c) =>
      `Мы завершили сеансы нашего приложения на украденном телефоне, удалили карты ${cards(c, 'ru')} из его мобильного кошелька и заморозили их. ` +
      'Войдите в приложение на новом телефоне, чтобы снова их включить. Если ещё не успели, заблокируйте сим-карту и смените пароль от электронной почты.',
  },
  'commitment-late': {
    en: (_, f) =>
      ({
        callback: `We promised to call you back at ${f.dueBy} and have not reached you yet. We are sorry. A supervisor is now making sure we call you; you can also call us any time.`,
        reissue: `Your new card to replace your ${f.card} was due by ${f.dueBy} and has not reached you yet. We are sorry. A supervisor is now checking the delivery, and we will tell you here as soon as we know more.`,
        refund_decision: `Our decision on your disputed payment of ${f.payment} was due by ${f.dueBy} and is running late. We are sorry. A supervisor is now handling it, and we will tell you here as soon as it is decided.`,
      })[f.kind]!,
    ru: (_, f) =>
      ({
        callback: `Мы обещали перезвонить вам ${f.dueBy}, но пока не дозвонились. Приносим извинения. Супервизор уже следит, чтобы мы с вами связались; вы также можете позвонить нам в любое время.`,
        reissue: `Новая карта вместо карты ${f.card} должна была прийти к ${f.dueBy}, но пока не доставлена. Приносим извинения. Супервизор уже проверяет доставку, и мы сообщим вам здесь, как только узнаем больше.`,
        refund_decision: `Решение по оспоренной операции ${f.payment} должно было быть принято к ${f.dueBy}, но задерживается. Приносим извинения. Супервизор уже занимается им, и мы сообщим вам здесь, как только решение будет принято.`,
      })[f.kind]!,
  },
  'follow-up': {
    en: () => 'Your case with us is closed. How did we do? Reply with a score from 1 (very unhappy) to 5 (very happy), and tell us anything we could do better.',
    ru: () => 'Ваше обращение закрыто. Как мы справились? Ответьте оценкой от 1 (очень недовольны) до 5 (очень довольны) и расскажите, что нам стоит улучшить.',
  },
  'missed-callback': {
    en: () => 'We tried to call you about your blocked cards. We will try again in 30 minutes, or call us any time.',
    ru: () => 'Мы пытались дозвониться вам по поводу заблокированных карт. Перезвоним через 30 минут — или позвоните нам в любое время.',
  },
  'call-dropped': {
    en: (c) => `Our call was cut off. Everything we already did stays in place.${c.callbackAt ? ` We will call you back at ${at(c, c.callbackAt, 'en')}.` : ''} You can also call us any time.`,
    ru: (c) => `Наш разговор прервался. Всё, что мы уже сделали, остаётся в силе.${c.callbackAt ? ` Мы перезвоним вам ${at(c, c.callbackAt, 'ru')}.` : ''} Вы также можете позвонить нам в любое время.`,
  },
  'missed-call-back': {
    en: () => 'We tried to call you back after our call was cut off. We will try again in 30 minutes, or call us any time.',
    ru: () => 'Мы пытались перезвонить вам после того, как разговор прервался. Попробуем ещё раз через 30 минут — или позвоните нам в любое время.',
  },
  // Says only what is really done: the cards as they stand now.
  'customer-unreachable': {
    en: (c) => `We tried to call you ${c.unreachableAttempts ?? 1} times and could not reach you, so we will not call again.${protectedCards(c, 'en')} Call us any time and we will go on from where we stopped.`,
    ru: (c) => `Мы ${c.unreachableAttempts ?? 1} ${russianPlural(c.unreachableAttempts ?? 1, 'раз', 'раза', 'раз')} пытались дозвониться вам и не смогли, поэтому больше звонить не будем.${protectedCards(c, 'ru')} Позвоните нам в любое время, и мы продолжим с того места, где остановились.`,
  },
  'recovery-promised': {
    en: (_, f) => `We are sorry we did not help you as we should have. A supervisor of our contact centre will contact you by ${f.dueBy} to put it right.`,
    ru: (_, f) => `Нам жаль, что мы помогли вам не так, как должны были. Руководитель смены контакт-центра свяжется с вами до ${f.dueBy}, чтобы всё исправить.`,
  },
};

/** " Your card ending 1111 is blocked; card ending 2222 is frozen." from the cards' states now; nothing when none is protected. */
function protectedCards(c: IncidentContext, locale: Locale): string {
  const named = (status: string) => cardList(c.cards.filter((card) => card.status === status), locale);
  const [blocked, frozen] = [named('blocked'), named('frozen')];
  const one = (status: string) => c.cards.filter((card) => card.status === status).length === 1;
  const parts =
    locale === 'ru'
      ? [blocked && `${one('blocked') ? 'заблокирована карта' : 'заблокированы карты'} ${blocked}`, frozen && `${one('frozen') ? 'заморожена карта' : 'заморожены карты'} ${frozen}`]
      : [blocked && `your ${blocked} ${one('blocked') ? 'is' : 'are'} blocked`, frozen && `your ${frozen} ${one('frozen') ? 'is' : 'are'} frozen`];
  const said = parts.filter(Boolean).join(locale === 'ru' ? ', ' : '; ');
  if (!said) return '';
  return locale === 'ru' ? ` Для вашей безопасности ${said}.` : ` For your safety, ${said}.`;
}

/** What each message is about, for the operator's views (never the template's code name). */
const TITLES: Record<string, Record<Locale, string>> = {
  'incident-summary': { en: 'summary of the case', ru: 'итоги обращения' },
  'emergency-cash': { en: 'emergency cash', ru: 'экстренные наличные' },
  'card-blocked-by-fraud': { en: 'card blocked after a suspicious payment', ru: 'карта заблокирована из-за подозрительного платежа' },
  'card-blocked-summary': { en: 'card blocked for good', ru: 'карта заблокирована навсегда' },
  'card-frozen': { en: 'card frozen', ru: 'карта заморожена' },
  'missed-callback-lost-card': { en: 'we could not reach you (lost card)', ru: 'не дозвонились (потерянная карта)' },
  'card-unfrozen': { en: 'card working again', ru: 'карта снова работает' },
  'card-stays-frozen': { en: 'card stays frozen', ru: 'карта остаётся замороженной' },
  'phone-locked-out': { en: 'phone locked out', ru: 'телефон отключён от банка' },
  'commitment-late': { en: 'a promise is late', ru: 'обещание задерживается' },
  'follow-up': { en: 'how did we do', ru: 'оценка обслуживания' },
  'missed-callback': { en: 'we could not reach you', ru: 'не дозвонились' },
  'call-dropped': { en: 'our call was cut off', ru: 'разговор прервался' },
  'missed-call-back': { en: 'we could not call you back', ru: 'не смогли перезвонить' },
  'customer-unreachable': { en: 'we could not reach you: summary', ru: 'не дозвонились: сводка' },
  'recovery-promised': { en: 'a supervisor will contact you', ru: 'с вами свяжется руководитель' },
};

export function messageTitle(template: string, locale: Locale): string {
  return TITLES[template]?.[locale] ?? (locale === 'ru' ? 'сообщение' : template);
}

/** Every message Lifeline can send, for checks that read them all. */
export const MESSAGE_TEMPLATES = Object.keys(TEMPLATES);

export function renderMessage(template: string, locale: Locale, context: IncidentContext, facts: MessageFacts = {}): string {
  const render = TEMPLATES[template]?.[locale];
  if (!render) throw new Error(`No message template ${template}`);
  return render(context, facts);
}
