import type { Locale } from '../playbook.definition.js';

/** Words a person says aloud: cards by product and last digits, counts with the right plural, times in the customer's zone. */

export interface SpokenCard {
  last4: string;
  /** The product name core banking gives ("Visa Classic Debit"); absent when the caller passed cards itself. */
  product?: string;
}

/**
 * Cards as a person names them: product and last digits, or the digits alone where core banking gave no product.
 * en "Visa Classic Debit ending 7808", "cards ending 1111 and 2222"; ru «Visa Classic Debit с последними цифрами 7808»,
 * «с последними цифрами 1111 и 2222» (written to follow «карту», «карты», «блокировка карты»).
 */
export function cardList(cards: SpokenCard[], locale: Locale): string {
  const ending = locale === 'ru' ? 'с последними цифрами' : 'ending';
  const named = cards.filter((c) => c.product).map((c) => `${c.product} ${ending} ${c.last4}`);
  const bare = cards.filter((c) => !c.product).map((c) => c.last4);
  if (bare.length > 0) named.push(locale === 'ru' ? `${ending} ${joined(bare, locale)}` : `${bare.length === 1 ? 'card' : 'cards'} ${ending} ${joined(bare, locale)}`);
  return joined(named, locale);
}

function joined(items: string[], locale: Locale): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${locale === 'ru' ? 'и' : 'and'} ${items.at(-1)}`;
}

/** The Russian plural form for n: one (1, 21, 101), few (2–4, 22–24), many (0, 5–20, 11–14, 25…). */
export function russianPlural(n: number, one: string, few: string, many: string): string {
  const tens = Math.abs(n) % 100;
  const units = tens % 10;
  if (tens >= 11 && tens <= 14) return many;
  if (units === 1) return one;
  if (units >= 2 && units <= 4) return few;
  return many;
}

/** "1 card", "2 cards" / «1 карту», «2 карты», «5 карт» (accusative: scripts say what we block, freeze or order). */
export function cardCount(n: number, locale: Locale): string {
  if (locale === 'ru') return `${n} ${russianPlural(n, 'карту', 'карты', 'карт')}`;
  return `${n} ${n === 1 ? 'card' : 'cards'}`;
}

/** Where no time zone was given: the bank's default (DEFAULT_TIME_ZONE) is stored with the incident. */
export const FALLBACK_TIME_ZONE = 'Europe/Moscow';

const TIME_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** "2 December at 02:09" / «2 декабря в 02:09», in the customer's time zone (formatters are costly: built once each). */
export function spokenTime(iso: string, locale: Locale, timeZone: string): string {
  const key = `${locale} ${timeZone}`;
  let format = TIME_FORMATS.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone });
    TIME_FORMATS.set(key, format);
  }
  return format.format(new Date(iso));
}

/** How we send news, to follow "by …" / «пришлём …»: never the code name ("sms") in front of a customer. */
const CHANNEL_WORDS: Record<string, Record<Locale, string>> = {
  phone: { en: 'phone', ru: 'по телефону' },
  sms: { en: 'text message', ru: 'в СМС' },
  email: { en: 'email', ru: 'на электронную почту' },
  push: { en: 'app notification', ru: 'в приложение' },
  messenger: { en: 'messenger', ru: 'в мессенджер' },
};

export function channelWords(channel: string, locale: Locale): string {
  return CHANNEL_WORDS[channel]?.[locale] ?? channel;
}

/** "120.00 euros" / «120,00 евро»: the currency as a word, as the customer says it. */
export function amountWords(amount: number, currency: string, locale: Locale): string {
  try {
    return new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { style: 'currency', currency, currencyDisplay: 'name', minimumFractionDigits: 2 }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** A payment as core banking reported it, enough to name it aloud. */
export interface SpokenPayment {
  amount: number;
  currency: string;
  merchant: string;
  city: string;
  at: string;
}

/**
 * "499.00 euros at Gaming Credits Ltd (Manila), card ending 2417, 2 December at 05:00" / «499,00 евро — Gaming Credits Ltd
 * (Manila), карта с последними цифрами 2417, 2 декабря в 05:00»: the card and the time tell two alike payments apart.
 */
export function paymentWords(t: SpokenPayment, cardLast4: string | null, locale: Locale, timeZone: string): string {
  const card = cardLast4 ? (locale === 'ru' ? `, карта с последними цифрами ${cardLast4}` : `, card ending ${cardLast4}`) : '';
  return `${amountWords(t.amount, t.currency, locale)} ${locale === 'ru' ? '—' : 'at'} ${t.merchant} (${t.city})${card}, ${spokenTime(t.at, locale, timeZone)}`;
}
