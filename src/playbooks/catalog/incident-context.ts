import type { Locale, Mood } from '../playbook.definition.js';

/** What a playbook remembers about an incident: JSON-safe ids, flags and small facts only. */
export type CardState =
  | 'active'
  | 'freezing'
  | 'frozen'
  | 'freeze_failed'
  | 'unfreezing'
  | 'unfreeze_failed'
  | 'blocking'
  | 'blocked'
  | 'block_failed';
/** Taking access away from a lost device: app sessions, or a card's tokens in mobile wallets. */
export type RevocationState = 'revoking' | 'revoked' | 'revoke_failed';
export const CONTACT_CHANNELS = ['phone', 'sms', 'email', 'push', 'messenger'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export interface IncidentCard {
  cardRef: string;
  last4: string;
  /** The product name core banking gives, to name the card aloud; absent when the caller passed the cards. */
  product?: string;
  status: CardState;
  /** When the card stopped working, frozen or blocked; null while it works. */
  blockedAt: string | null;
  coreRef: string | null;
  failure: string | null;
  /** The card's tokens in mobile wallets; absent until a playbook revokes them. */
  walletTokens?: RevocationState;
}

/** A recent transaction as core banking reported it; the operator reads these to the customer. */
export interface TransactionSummary {
  id: string;
  cardRef: string;
  at: string;
  amount: number;
  currency: string;
  merchant: string;
  city: string;
  suspicious: boolean;
}

/** An emergency cash order: under way, confirmed by core banking (its reference and when the cash is ready), or given up. */
export interface EmergencyCash {
  status: 'ordering' | 'ordered' | 'failed';
  reference?: string;
  readyAt?: string;
}

/** Why a card is blocked, as core banking records it. */
export type BlockReason = 'lost' | 'stolen' | 'compromised';

/** The playbook of a merchant breach: its cards are rows of their own, and there is no one customer to ask afterwards. */
export const MASS_COMPROMISE_PLAYBOOK = 'mass-compromise';

/** The stages of a merchant breach, each run a batch at a time. */
export const BREACH_STAGES = ['block', 'reissue', 'notify'] as const;
export type BreachStage = (typeof BREACH_STAGES)[number];

/** How big a merchant breach is: its cards are rows of `mass_compromise_cards`, never in the snapshot. */
export interface BreachCounts {
  cards: number;
  customers: number;
  cardBatches: number;
  customerBatches: number;
}

/** A merchant breach (mass-compromise): its size, and per stage the batches that have reported (and those given up). */
export interface Breach extends BreachCounts {
  reported: Record<BreachStage, number[]>;
  givenUp: Record<BreachStage, number[]>;
  /** Per stage, the batches asked for so far; a stage is begun once it has any (absent in breaches from before it was kept). */
  asked?: Record<BreachStage, number[]>;
}

/** How many batches a stage runs: notices go a batch of customers at a time, the rest a batch of cards. */
export function breachBatches(breach: BreachCounts, stage: BreachStage): number {
  return stage === 'notify' ? breach.customerBatches : breach.cardBatches;
}

export interface IncidentContext {
  customerRef: string;
  locale: Locale;
  mood: Mood | null;
  /** Where the customer wants to hear from us. */
  contactChannel: ContactChannel;
  identityVerified: boolean | null;
  travelling: boolean;
  cards: IncidentCard[];
  transactions: TransactionSummary[];
  disputedTransactions: string[];
  callbackAt: string | null;
  /** When the incident opened: the time of the playbook's entry actions, which have no event. */
  openedAt: string;
  /** The customer's IANA time zone, for times said to them; absent in incidents opened before it was kept. */
  timeZone?: string;
  /** The customer's sessions in the mobile app; null until a playbook revokes them. */
  appSessions: RevocationState | null;
  newCardsOrdered: boolean;
  /** Calls the customer did not answer in a row, and how many the bank makes before it writes instead (set at open). */
  unreachableAttempts?: number;
  maxUnreachableAttempts?: number;
  /** The step a dropped call left, to go on from when the customer is back (src/playbooks/ways-out.ts). */
  resumeStep?: string | null;
  /** Why the incident was cancelled. */
  cancelReason?: string;
  /** Emergency cash ordered at core banking; absent until asked for. The pick-up code is only in the customer's message. */
  emergencyCash?: EmergencyCash;
  /** How the incident protects its cards, once it has started: a card added later is protected the same way at once. */
  protection?: Protection;
  /** What core banking said about the cards; absent when it confirmed every card as given. */
  cardCheck?: CardCheck;
  /** Only in a mass-compromise incident. */
  breach?: Breach;
}

export interface Protection {
  reason: BlockReason;
  mode: 'freeze' | 'block';
}

/** A card the caller could name only by its last 4 while core banking was down: held under this ref until core banking lists it. */
const UNLISTED = 'unlisted_';
export const unlistedCardRef = (last4: string, nth: number) => `${UNLISTED}${last4}${nth > 1 ? `_${nth}` : ''}`;
export const isUnlistedCard = (cardRef: string) => cardRef.startsWith(UNLISTED);

/** The caller's word against core banking's about the incident's cards, shown to the operator and kept for risk. */
export interface CardCheck {
  /** Core banking did not answer: the cards are as the caller named them (or none) until it lists them again. */
  pending: boolean;
  /** The card list is every active card of the customer (none was named): once core banking answers, the missing ones are added. */
  allCards: boolean;
  /** Cards whose last 4 the caller gave differently from core banking (which is the one kept). */
  last4Mismatches: { cardRef: string; stated: string; last4: string }[];
  /** Cards named while core banking was down that it does not list for this customer. */
  notTheCustomers: { cardRef: string; last4: string }[];
}

export interface IncidentInput {
  customerRef: string;
  locale: Locale;
  contactChannel: ContactChannel;
  /** A card carried over from a cancelled incident keeps what was done to it (blocked stays blocked). */
  cards: { cardRef: string; last4: string; product?: string; status?: CardState; blockedAt?: string | null; coreRef?: string | null }[];
  openedAt: string;
  timeZone?: string;
  maxUnreachableAttempts?: number;
  breach?: BreachCounts;
  cardCheck?: CardCheck;
}

export function initialContext(input: IncidentInput): IncidentContext {
  return {
    customerRef: input.customerRef,
    locale: input.locale,
    mood: null,
    contactChannel: input.contactChannel,
    identityVerified: null,
    travelling: false,
    cards: input.cards.map((c) => ({ ...c, status: c.status ?? 'active', blockedAt: c.blockedAt ?? null, coreRef: c.coreRef ?? null, failure: null })),
    transactions: [],
    disputedTransactions: [],
    callbackAt: null,
    openedAt: input.openedAt,
    ...(input.timeZone && { timeZone: input.timeZone }),
    appSessions: null,
    newCardsOrdered: false,
    ...(input.maxUnreachableAttempts && { maxUnreachableAttempts: input.maxUnreachableAttempts }),
    ...(input.cardCheck && { cardCheck: input.cardCheck }),
    ...(input.breach && { breach: { ...input.breach, reported: { block: [], reissue: [], notify: [] }, givenUp: { block: [], reissue: [], notify: [] } } }),
  };
}

/**
 * Every event carries its data, its time and who sent it. Time enters the pure
 * machine only through events (and `openedAt` in the input), so a transition replays identically.
 */
export interface IncidentEvent {
  type: string;
  data: Record<string, unknown>;
  at: string;
  actor: string;
}
