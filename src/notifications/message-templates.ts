import type { IncidentContext } from '../playbooks/catalog/incident-context.js';
import { formatTime } from '../playbooks/guidance.js';
import type { Locale, Localized } from '../playbooks/playbook.definition.js';
import { type MessageFact, messageFacts } from '../playbooks/words/message-facts.js';
import { cardList, russianPlural } from '../playbooks/words/spoken.js';

/** Facts about one message that the incident's context does not hold (which promise is late, which card arrived), given by its sender. */
export type MessageValues = Record<string, string>;

/** What a message is written from: the incident, what is really done or under way on it, and its sender's values. */
interface MessageInput {
  context: IncidentContext;
  facts: ReadonlySet<MessageFact>;
  values: MessageValues;
}

interface MessageTemplate {
  /** Without these the message would say something untrue: it is not sent. */
  needs: MessageFact[];
  /** The values its sender must give. */
  values?: string[];
  /** What the message is about, for the operator's views (never the template's code name). */
  title: Localized;
  text: Record<Locale, (m: MessageInput) => string>;
}

const cards = (c: IncidentContext, locale: Locale, only?: (status: string) => boolean) => cardList(only ? c.cards.filter((card) => only(card.status)) : c.cards, locale);
const at = (c: IncidentContext, iso: string, locale: Locale) => formatTime(iso, locale, c.timeZone);
const one = (c: IncidentContext) => c.cards.length === 1;
/** "Your Visa Classic ending 1111 is" or "Your cards ending 1111 and 2222 are", to fit how many cards the incident has. */
const yourCardsAre = (c: IncidentContext) => `Your ${cards(c, 'en')} ${one(c) ? 'is' : 'are'}`;
const itOrThem = (c: IncidentContext) => (one(c) ? 'it' : 'them');
/** The Russian "your card(s) …" with the verb agreed to how many cards, and the pronouns for them. */
const ruYourCards = (c: IncidentContext, singular: string, plural: string) => (one(c) ? `Ваша карта ${cards(c, 'ru')} ${singular}` : `Ваши карты ${cards(c, 'ru')} ${plural}`);
const ruThem = (c: IncidentContext) => (one(c) ? 'её' : 'их');
const ruWithThem = (c: IncidentContext) => (one(c) ? 'ею' : 'ими');
/** A sentence said only when its fact holds. */
const when = (m: MessageInput, fact: MessageFact, sentence: () => string) => (m.facts.has(fact) ? sentence() : '');
/** The callback time, as the customer reads it in their own zone. */
const callback = (m: MessageInput, locale: Locale) => at(m.context, m.context.callbackAt!, locale);
/** The card a value names, by product and last digits. */
const namedCard = (m: MessageInput, locale: Locale) => cardList(m.context.cards.filter((c) => c.cardRef === m.values.cardRef), locale);

/** " Your card ending 1111 is blocked; your card ending 2222 is frozen." from the cards' states now; nothing when none is protected. */
function protectedCards(c: IncidentContext, locale: Locale): string {
  const named = (status: string) => cardList(c.cards.filter((card) => card.status === status), locale);
  const [blocked, frozen] = [named('blocked'), named('frozen')];
  const single = (status: string) => c.cards.filter((card) => card.status === status).length === 1;
  const parts =
    locale === 'ru'
      ? [blocked && `${single('blocked') ? 'заблокирована карта' : 'заблокированы карты'} ${blocked}`, frozen && `${single('frozen') ? 'заморожена карта' : 'заморожены карты'} ${frozen}`]
      : [blocked && `your ${blocked} ${single('blocked') ? 'is' : 'are'} blocked`, frozen && `your ${frozen} ${single('frozen') ? 'is' : 'are'} frozen`];
  const said = parts.filter(Boolean).join(locale === 'ru' ? ', ' : '; ');
  if (!said) return '';
  return locale === 'ru' ? ` Для вашей безопасности ${said}.` : ` For your safety, ${said}.`;
}

/** What the customer reads. Short, calm, never more than the last 4 digits of a card, and only what is true. */
const TEMPLATES: Record<string, MessageTemplate> = {
  'incident-summary': {
    needs: ['cardsBlocked'],
    title: { en: 'summary of the case', ru: 'итоги обращения' },
    text: {
      en: (m) =>
        `${yourCardsAre(m.context)} blocked; no one can use ${itOrThem(m.context)}.` +
        when(m, 'newCardsOrdered', () => ' New cards are on their way; we will tell you here when they are delivered.') +
        when(m, 'emergencyCashOrdered', () => ` Your emergency cash is ready from ${at(m.context, m.context.emergencyCash!.readyAt!, 'en')}; the pick-up code is in our separate message.`) +
        when(m, 'callbackScheduled', () => ` We will call you back at ${callback(m, 'en')}.`),
      ru: (m) =>
        `${ruYourCards(m.context, 'заблокирована', 'заблокированы')}, никто не сможет ${ruWithThem(m.context)} воспользоваться.` +
        when(m, 'newCardsOrdered', () => ' Новые карты уже заказаны — мы сообщим здесь, когда их доставят.') +
        when(m, 'emergencyCashOrdered', () => ` Экстренные наличные можно получить с ${at(m.context, m.context.emergencyCash!.readyAt!, 'ru')}; код получения — в нашем отдельном сообщении.`) +
        when(m, 'callbackScheduled', () => ` Мы перезвоним вам ${callback(m, 'ru')}.`),
    },
  },
  'emergency-cash': {
    // Sent by the order itself, from core banking's answer: the pick-up code is in this message and nowhere else.
    needs: [],
    values: ['amount', 'readyAt', 'pickUpCode', 'reference'],
    title: { en: 'emergency cash', ru: 'экстренные наличные' },
    text: {
      en: ({ values: v }) =>
        `Emergency cash of ${v.amount} is ready for you from ${v.readyAt} at any of our partner cash offices. ` +
        `The cashier needs only the pick-up code ${v.pickUpCode} and the reference ${v.reference}; no ID is needed. Keep the code to yourself until then.`,
      ru: ({ values: v }) =>
        `Экстренные наличные (${v.amount}) можно получить с ${v.readyAt} в любом офисе-партнёре банка. ` +
        `Кассиру нужны только код получения ${v.pickUpCode} и номер заказа ${v.reference}; документы не нужны. До получения никому не сообщайте код.`,
    },
  },
  'card-blocked-by-fraud': {
    needs: ['cardsProtecting'],
    title: { en: 'card blocked after a suspicious payment', ru: 'карта заблокирована из-за подозрительного платежа' },
    text: {
      en: (m) =>
        `${m.facts.has('cardsBlocked') ? 'We have blocked' : 'We are blocking'} your ${cards(m.context, 'en')}: we saw a payment that may not be yours. Your money is safe.` +
        when(m, 'callbackScheduled', () => ` We will call you at ${callback(m, 'en')}.`) +
        ' Never share codes from our messages with anyone, even someone calling on our behalf.',
      ru: (m) =>
        `${m.facts.has('cardsBlocked') ? 'Мы заблокировали' : 'Мы блокируем'} вашу карту ${cards(m.context, 'ru')}: мы заметили платёж, который, возможно, совершали не вы. Ваши деньги в безопасности.` +
        when(m, 'callbackScheduled', () => ` Мы позвоним вам ${callback(m, 'ru')}.`) +
        ' Никому не сообщайте коды из наших сообщений, даже если звонят от имени банка.',
    },
  },
  'card-blocked-summary': {
    needs: ['cardsBlocked'],
    title: { en: 'card blocked for good', ru: 'карта заблокирована навсегда' },
    text: {
      en: (m) =>
        `${yourCardsAre(m.context)} blocked for good; no one can use ${itOrThem(m.context)}. ` +
        (m.facts.has('newCardsOrdered') ? 'Your new card is on its way; we will tell you here when it is delivered.' : 'When you want a new card, call us or visit any branch.'),
      ru: (m) =>
        `${ruYourCards(m.context, 'заблокирована навсегда', 'заблокированы навсегда')}, никто не сможет ${ruWithThem(m.context)} воспользоваться. ` +
        (m.facts.has('newCardsOrdered') ? 'Новая карта уже в пути — мы сообщим здесь, когда её доставят.' : 'Когда понадобится новая карта, позвоните нам или обратитесь в любое отделение.'),
    },
  },
  'card-frozen': {
    needs: ['cardsFrozen'],
    title: { en: 'card frozen', ru: 'карта заморожена' },
    text: {
      en: (m) =>
        `${yourCardsAre(m.context)} frozen; no one can pay with ${itOrThem(m.context)}.` +
        when(m, 'callbackScheduled', () => ` We will call you at ${callback(m, 'en')} to ask if you found it.`) +
        ` If you find it sooner, call us and we will switch ${itOrThem(m.context)} back on.`,
      ru: (m) =>
        `${ruYourCards(m.context, 'заморожена', 'заморожены')}, расплатиться ${ruWithThem(m.context)} никто не сможет.` +
        when(m, 'callbackScheduled', () => ` Мы позвоним вам ${callback(m, 'ru')} и узнаем, нашлась ли карта.`) +
        ` Если найдёте её раньше, позвоните нам, и мы снова ${ruThem(m.context)} включим.`,
    },
  },
  'missed-callback-lost-card': {
    needs: ['cardsFrozen', 'callbackScheduled'],
    title: { en: 'we could not reach you (lost card)', ru: 'не дозвонились (потерянная карта)' },
    text: {
      en: (m) => `We tried to call you about your lost card. It stays frozen. We will call you again at ${callback(m, 'en')}; if you have found it, call us any time.`,
      ru: (m) => `Мы пытались дозвониться вам по поводу потерянной карты. Она остаётся замороженной. Мы перезвоним вам ${callback(m, 'ru')}; если карта нашлась, звоните нам в любое время.`,
    },
  },
  'card-unfrozen': {
    needs: ['cardsWorking'],
    title: { en: 'card working again', ru: 'карта снова работает' },
    text: {
      en: (m) => `${yourCardsAre(m.context)} working again. If you did not ask us for this, call us at once.`,
      ru: (m) => `${ruYourCards(m.context, 'снова работает', 'снова работают')}. Если вы не просили об этом, немедленно позвоните нам.`,
    },
  },
  'card-stays-frozen': {
    needs: ['cardsFrozen'],
    title: { en: 'card stays frozen', ru: 'карта остаётся замороженной' },
    text: {
      en: (m) => `${yourCardsAre(m.context)} still frozen, for your safety. To switch ${itOrThem(m.context)} back on, visit any of our branches with your passport, or call us.`,
      ru: (m) =>
        `${ruYourCards(m.context, 'остаётся замороженной', 'остаются замороженными')} ради вашей безопасности. ` +
        `Чтобы снова ${ruThem(m.context)} включить, обратитесь в любое наше отделение с паспортом или позвоните нам.`,
    },
  },
  'phone-locked-out': {
    needs: ['phoneSignedOut', 'walletTokensRemoved', 'cardsFrozen'],
    title: { en: 'phone locked out', ru: 'телефон отключён от банка' },
    text: {
      en: (m) =>
        `We signed your lost phone out of our app, removed your ${cards(m.context, 'en')} from its mobile wallet and froze them. ` +
        'Sign in to our app on your new phone to switch them back on. If you have not yet, block your SIM card and change your email password.',
      ru: (m) =>
        `Мы завершили сеансы нашего приложения на украденном телефоне, удалили карты ${cards(m.context, 'ru')} из его мобильного кошелька и заморозили их. ` +
        'Войдите в приложение на новом телефоне, чтобы снова их включить. Если ещё не успели, заблокируйте сим-карту и смените пароль от электронной почты.',
    },
  },
  'reissue-delivered': {
    needs: [],
    values: ['cardRef'],
    title: { en: 'new card delivered', ru: 'новая карта доставлена' },
    text: {
      en: (m) => `Your new card to replace your ${namedCard(m, 'en')} has been delivered. If it has not reached you, call us at once and we will block it.`,
      ru: (m) => `Новая карта вместо карты ${namedCard(m, 'ru')} доставлена. Если она до вас не дошла, немедленно позвоните нам, и мы её заблокируем.`,
    },
  },
  'refund-decided': {
    needs: [],
    values: ['payment', 'decision'],
    title: { en: 'decision on a disputed payment', ru: 'решение по оспоренной операции' },
    text: {
      en: ({ values: v }) =>
        v.decision === 'refunded'
          ? `We have decided on your disputed payment of ${v.payment}: the money is refunded to your account.`
          : `We have decided on your disputed payment of ${v.payment}: we could not refund it. Call us and we will explain why and how to ask for a review.`,
      ru: ({ values: v }) =>
        v.decision === 'refunded'
          ? `Мы приняли решение по оспоренной операции ${v.payment}: деньги возвращены на ваш счёт.`
          : `Мы приняли решение по оспоренной операции ${v.payment}: вернуть деньги не удалось. Позвоните нам, и мы объясним причину и как попросить о повторной проверке.`,
    },
  },
  'commitment-late': {
    needs: [],
    values: ['kind', 'dueBy'],
    title: { en: 'a promise is late', ru: 'обещание задерживается' },
    text: {
      en: ({ values: f }) =>
        ({
          callback: `We promised to call you back at ${f.dueBy} and have not reached you yet. We are sorry. A supervisor is now making sure we call you; you can also call us any time.`,
          reissue: `Your new card to replace your ${f.card} was due by ${f.dueBy} and has not reached you yet. We are sorry. A supervisor is now checking the delivery, and we will tell you here as soon as we know more.`,
          refund_decision: `Our decision on your disputed payment of ${f.payment} was due by ${f.dueBy} and is running late. We are sorry. A supervisor is now handling it, and we will tell you here as soon as it is decided.`,
          emergency_cash: `Your emergency cash was to be ready for you from ${f.dueBy}, and we have no word that you have it. We are sorry. A supervisor is now checking it; you can also call us any time.`,
        })[f.kind]!,
      ru: ({ values: f }) =>
        ({
          callback: `Мы обещали перезвонить вам ${f.dueBy}, но пока не дозвонились. Приносим извинения. Супервизор уже следит, чтобы мы с вами связались; вы также можете позвонить нам в любое время.`,
          reissue: `Новая карта вместо карты ${f.card} должна была прийти к ${f.dueBy}, но пока не доставлена. Приносим извинения. Супервизор уже проверяет доставку, и мы сообщим вам здесь, как только узнаем больше.`,
          refund_decision: `Решение по оспоренной операции ${f.payment} должно было быть принято к ${f.dueBy}, но задерживается. Приносим извинения. Супервизор уже занимается им, и мы сообщим вам здесь, как только решение будет принято.`,
          emergency_cash: `Экстренные наличные должны были быть готовы к выдаче с ${f.dueBy}, но мы не знаем, получили ли вы их. Приносим извинения. Супервизор уже проверяет это; вы также можете позвонить нам в любое время.`,
        })[f.kind]!,
    },
  },
  'follow-up': {
    needs: [],
    title: { en: 'how did we do', ru: 'оценка обслуживания' },
    text: {
      en: () => 'Your case with us is closed. How did we do? Reply with a score from 1 (very unhappy) to 5 (very happy), and tell us anything we could do better.',
      ru: () => 'Ваше обращение закрыто. Как мы справились? Ответьте оценкой от 1 (очень недовольны) до 5 (очень довольны) и расскажите, что нам стоит улучшить.',
    },
  },
  'call-dropped': {
    needs: ['callbackScheduled'],
    title: { en: 'our call was cut off', ru: 'разговор прервался' },
    text: {
      en: (m) => `Our call was cut off. Everything we already did stays in place. We will call you back at ${callback(m, 'en')}. You can also call us any time.`,
      ru: (m) => `Наш разговор прервался. Всё, что мы уже сделали, остаётся в силе. Мы перезвоним вам ${callback(m, 'ru')}. Вы также можете позвонить нам в любое время.`,
    },
  },
  'missed-call-back': {
    needs: ['callbackScheduled'],
    title: { en: 'we could not call you back', ru: 'не смогли перезвонить' },
    text: {
      en: (m) => `We tried to call you back after our call was cut off. We will try again at ${callback(m, 'en')}, or call us any time.`,
      ru: (m) => `Мы пытались перезвонить вам после того, как разговор прервался. Попробуем ещё раз ${callback(m, 'ru')} — или позвоните нам в любое время.`,
    },
  },
  // Says only what is really done: the cards as they stand now.
  'customer-unreachable': {
    needs: [],
    title: { en: 'we could not reach you: summary', ru: 'не дозвонились: сводка' },
    text: {
      en: ({ context: c }) => `We tried to call you ${c.unreachableAttempts ?? 1} times and could not reach you, so we will not call again.${protectedCards(c, 'en')} Call us any time and we will go on from where we stopped.`,
      ru: ({ context: c }) =>
        `Мы ${c.unreachableAttempts ?? 1} ${russianPlural(c.unreachableAttempts ?? 1, 'раз', 'раза', 'раз')} пытались дозвониться вам и не смогли, поэтому больше звонить не будем.${protectedCards(c, 'ru')} Позвоните нам в любое время, и мы продолжим с того места, где остановились.`,
    },
  },
  'recovery-promised': {
    needs: [],
    values: ['dueBy'],
    title: { en: 'a supervisor will contact you', ru: 'с вами свяжется руководитель' },
    text: {
      en: (m) => `We are sorry we did not help you as we should have. A supervisor of our contact centre will contact you by ${m.values.dueBy} to put it right.`,
      ru: (m) => `Нам жаль, что мы помогли вам не так, как должны были. Руководитель смены контакт-центра свяжется с вами до ${m.values.dueBy}, чтобы всё исправить.`,
    },
  },
  'missed-callback': {
    needs: ['callbackScheduled'],
    title: { en: 'we could not reach you', ru: 'не дозвонились' },
    text: {
      en: (m) => `We tried to call you about your ${m.facts.has('cardsBlocked') ? 'blocked cards' : 'cards'}. We will call you again at ${callback(m, 'en')}, or call us any time.`,
      ru: (m) => `Мы пытались дозвониться вам по поводу ${m.facts.has('cardsBlocked') ? 'заблокированных карт' : 'ваших карт'}. Мы перезвоним вам ${callback(m, 'ru')} — или позвоните нам в любое время.`,
    },
  },
};

export function messageTitle(template: string, locale: Locale): string {
  return TEMPLATES[template]?.title[locale] ?? (locale === 'ru' ? 'сообщение' : template);
}

/** Every message Lifeline can send, for checks that read them all. */
export const MESSAGE_TEMPLATES = Object.keys(TEMPLATES);

/** The facts a template needs, for checks that read them. */
export function messageNeeds(template: string): readonly MessageFact[] {
  return templateOf(template).needs;
}

/** Why a message cannot be sent now: the facts it needs that do not hold, and the values its sender left out. */
export function messageWithheld(template: string, facts: ReadonlySet<MessageFact>, values: MessageValues = {}): string[] {
  const t = templateOf(template);
  return [...t.needs.filter((f) => !facts.has(f)), ...(t.values ?? []).filter((v) => !values[v])];
}

/** The message's text; only for a message whose needs hold (see `messageWithheld`). Facts default to what the context says. */
export function renderMessage(template: string, locale: Locale, context: IncidentContext, values: MessageValues = {}, facts: ReadonlySet<MessageFact> = messageFacts(context)): string {
  const missing = messageWithheld(template, facts, values);
  if (missing.length > 0) throw new Error(`Message ${template} cannot be sent without ${missing.join(', ')}`);
  return templateOf(template).text[locale]({ context, facts, values });
}

function templateOf(template: string): MessageTemplate {
  const found = TEMPLATES[template];
  if (!found) throw new Error(`No message template ${template}`);
  return found;
}
