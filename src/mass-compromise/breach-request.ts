import { CUSTOMER_REF, isCardNumber, isCardRef } from '../common/is-card-ref.validator.js';
import { LifelineError } from '../common/lifeline.error.js';
import { NOTIFIED_AT_CLOCK_SKEW_MS } from '../incidents/dto/open-incident.dto.js';
import { CONTACT_CHANNELS, type ContactChannel } from '../playbooks/catalog/incident-context.js';
import { LOCALES, type Locale } from '../playbooks/playbook.definition.js';
import { MAX_BREACH_CARDS, type BreachCard } from './breach-plan.js';

/** `POST /v1/incidents/mass-compromise`, checked. */
export interface OpenBreach {
  /** The breach's own reference (the fraud engine's case, the merchant's incident); an open incident for it is returned, not duplicated. */
  breachRef: string;
  cards: BreachCard[];
  locale?: Locale;
  /** How the customers hear from us; SMS when left out. */
  contactChannel?: ContactChannel;
  notifiedAt?: string;
}

const FIELDS = ['breachRef', 'cards', 'locale', 'contactChannel', 'notifiedAt'];
const CARD_FIELDS = ['cardRef', 'last4', 'customerRef'];
const LAST4 = /^\d{4}$/;
/** Enough to fix a file; a list of 100,000 mistakes helps nobody. */
const MAX_PROBLEMS = 20;

/**
 * Checks a breach's card list in one pass over plain objects: class-validator with a nested DTO per card
 * takes seconds for 100,000 cards, this takes milliseconds. Same rules as OpenIncidentDto, and a card
 * number is refused and never echoed.
 */
export function parseBreachRequest(body: unknown): OpenBreach {
  const problems: string[] = [];
  const problem = (text: string) => problems.length < MAX_PROBLEMS && problems.push(text);
  if (!isObject(body)) throw invalid(['body must be a JSON object']);

  for (const key of Object.keys(body)) if (!FIELDS.includes(key)) problem(`${key}: unknown field`);
  const { breachRef, cards, locale, contactChannel, notifiedAt } = body;
  if (typeof breachRef !== 'string' || !CUSTOMER_REF.test(breachRef) || isCardNumber(breachRef)) problem('breachRef: must be a reference (letters, digits, _ . -), never a card number');
  if (locale !== undefined && !LOCALES.includes(locale as Locale)) problem(`locale: must be one of ${LOCALES.join(', ')}`);
  if (contactChannel !== undefined && !CONTACT_CHANNELS.includes(contactChannel as ContactChannel)) problem(`contactChannel: must be one of ${CONTACT_CHANNELS.join(', ')}`);
  if (notifiedAt !== undefined && !isPastMoment(notifiedAt)) problem('notifiedAt: must be an ISO-8601 date and time, not in the future');

  if (!Array.isArray(cards) || cards.length === 0 || cards.length > MAX_BREACH_CARDS) {
    problem(`cards: must list 1 to ${MAX_BREACH_CARDS} cards`);
    throw invalid(problems);
  }
  const seen = new Set<string>();
  cards.forEach((card: unknown, i) => {
    const at = `cards[${i}]`;
    if (!isObject(card)) return problem(`${at}: must be { cardRef, last4, customerRef }`);
    for (const key of Object.keys(card)) if (!CARD_FIELDS.includes(key)) problem(`${at}.${key}: unknown field`);
    if (!isCardRef(card.cardRef)) problem(`${at}.cardRef: ${typeof card.cardRef === 'string' && isCardNumber(card.cardRef) ? 'looks like a full card number: send the core-banking card ref' : 'must be a core-banking card ref (letters, digits, _ -)'}`);
    else if (seen.has(card.cardRef)) problem(`${at}.cardRef: ${card.cardRef} is listed twice`);
    else seen.add(card.cardRef);
    if (typeof card.last4 !== 'string' || !LAST4.test(card.last4)) problem(`${at}.last4: must be exactly 4 digits`);
    if (typeof card.customerRef !== 'string' || !CUSTOMER_REF.test(card.customerRef) || isCardNumber(card.customerRef)) problem(`${at}.customerRef: must be a core-banking customer ref`);
  });
  if (problems.length > 0) throw invalid(problems);
  return {
    breachRef: breachRef as string,
    cards: (cards as BreachCard[]).map(({ cardRef, last4, customerRef }) => ({ cardRef, last4, customerRef })),
    locale: locale as Locale | undefined,
    contactChannel: contactChannel as ContactChannel | undefined,
    notifiedAt: notifiedAt as string | undefined,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPastMoment(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && Date.parse(value) <= Date.now() + NOTIFIED_AT_CLOCK_SKEW_MS;
}

function invalid(problems: string[]): LifelineError {
  return new LifelineError('bad_request', `Invalid mass compromise: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}`, {
    problems,
    ...(problems.length >= MAX_PROBLEMS && { note: `only the first ${MAX_PROBLEMS} problems are listed` }),
  });
}
