import type { IncidentContext } from '../catalog/incident-context.js';

/**
 * What is really done or really under way on an incident, as a customer message may state it.
 * Read from the context the effects' reports built (card states, the callback, the orders), and,
 * where the outbox says more, from the effects themselves (an order given up is not on its way).
 */
export type MessageFact =
  /** Every card of the incident is blocked (at core banking, or by phone with card processing). */
  | 'cardsBlocked'
  /** Every card is blocked or its block is under way; none failed. */
  | 'cardsProtecting'
  /** Every card is frozen. */
  | 'cardsFrozen'
  /** Every card works again. */
  | 'cardsWorking'
  /** A callback time is set and its effect was not given up. */
  | 'callbackScheduled'
  /** New cards were ordered and the order was not given up. */
  | 'newCardsOrdered'
  /** The customer's app sessions are signed out. */
  | 'phoneSignedOut'
  /** Every card's tokens are out of the mobile wallets. */
  | 'walletTokensRemoved'
  /** Core banking confirmed an emergency cash order (pick-up code, reference, ready time). */
  | 'emergencyCashOrdered';

/** An effect as the outbox holds it, for what the context alone cannot say. */
export interface EffectState {
  kind: string;
  status: string;
}

export function messageFacts(context: IncidentContext, effects?: readonly EffectState[]): ReadonlySet<MessageFact> {
  const cards = context.cards;
  const all = (ok: (status: string) => boolean) => cards.length > 0 && cards.every((c) => ok(c.status));
  // Without the outbox (a rehearsal, a check at decide time) the context's word is taken.
  const notGivenUp = (kind: string) => !effects || effects.some((e) => e.kind === kind && e.status !== 'dead');
  const facts: [MessageFact, boolean][] = [
    ['cardsBlocked', all((s) => s === 'blocked')],
    ['cardsProtecting', all((s) => s === 'blocked' || s === 'blocking')],
    ['cardsFrozen', all((s) => s === 'frozen')],
    ['cardsWorking', all((s) => s === 'active')],
    ['callbackScheduled', context.callbackAt !== null && notGivenUp('scheduleCallback')],
    ['newCardsOrdered', context.newCardsOrdered && notGivenUp('scheduleReissue')],
    ['phoneSignedOut', context.appSessions === 'revoked'],
    ['walletTokensRemoved', cards.length > 0 && cards.every((c) => c.walletTokens === 'revoked')],
    ['emergencyCashOrdered', context.emergencyCash?.status === 'ordered'],
  ];
  return new Set(facts.filter(([, holds]) => holds).map(([fact]) => fact));
}

/** A fact as the operator reads it on the timeline, in English (as failures are): why a message was not sent. */
export const FACT_WORDS: Record<MessageFact, string> = {
  cardsBlocked: 'every card blocked',
  cardsProtecting: 'every card blocked or being blocked',
  cardsFrozen: 'every card frozen',
  cardsWorking: 'every card working',
  callbackScheduled: 'a callback arranged',
  newCardsOrdered: 'new cards ordered',
  phoneSignedOut: 'the phone signed out',
  walletTokensRemoved: 'the cards out of the mobile wallets',
  emergencyCashOrdered: 'emergency cash ordered',
};

export const MESSAGE_FACTS = Object.keys(FACT_WORDS) as MessageFact[];
