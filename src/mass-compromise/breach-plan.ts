import type { BreachCounts } from '../playbooks/catalog/incident-context.js';

/** Cards per core-banking call and per report to the incident: 100,000 cards make 100 jobs and 100 events. */
export const CARDS_PER_BATCH = 1000;
/** Customers per notification job; all of a customer's cards land in the same one, so each customer hears once. */
export const CUSTOMERS_PER_BATCH = 500;
export const MAX_BREACH_CARDS = 100_000;

export interface BreachCard {
  cardRef: string;
  last4: string;
  customerRef: string;
}

/** One customer of a notice batch, with their affected cards. */
export interface BreachedCustomer {
  customerRef: string;
  cards: { last4: string; blocked: boolean }[];
  /** When the last of their new cards arrives; null when none was ordered. */
  newCardsBy: string | null;
}

/** A breach's cards numbered into batches, ready to write. */
export interface BreachPlan {
  cards: BreachCard[];
  cardBatch: number[];
  customerBatch: number[];
  counts: BreachCounts;
}

/** Numbers the cards into batches: in the order given, and every card of a customer in that customer's notice batch. */
export function planBreach(cards: BreachCard[]): BreachPlan {
  const customerIndex = new Map<string, number>();
  const cardBatch: number[] = [];
  const customerBatch: number[] = [];
  cards.forEach((card, i) => {
    let index = customerIndex.get(card.customerRef);
    if (index === undefined) customerIndex.set(card.customerRef, (index = customerIndex.size));
    cardBatch.push(Math.floor(i / CARDS_PER_BATCH));
    customerBatch.push(Math.floor(index / CUSTOMERS_PER_BATCH));
  });
  const counts = {
    cards: cards.length,
    customers: customerIndex.size,
    cardBatches: Math.ceil(cards.length / CARDS_PER_BATCH),
    customerBatches: Math.ceil(customerIndex.size / CUSTOMERS_PER_BATCH),
  };
  return { cards, cardBatch, customerBatch, counts };
}
