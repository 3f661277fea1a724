import { TRAIL_SHARDS, trailShard } from '../audit/hash-chain.js';
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

/** The cards grouped by the audit chain each card is on, so a batch's rows go on one or two of the trail's chains. */
function byTrailChain(cards: BreachCard[]): BreachCard[] {
  const chainOf = new Map(cards.map((card) => [card.cardRef, trailShard(card.cardRef)]));
  return cards
    .map((card, i) => ({ card, i }))
    .sort((a, b) => chainOf.get(a.card.cardRef)! - chainOf.get(b.card.cardRef)! || a.i - b.i)
    .map(({ card }) => card);
}

/**
 * The batch number of each run of CARDS_PER_BATCH cards in chain order. Batches run in number order, a few at a
 * time, so consecutive numbers go to runs about two chains apart (runs 0, 13, 26… of a breach's 100): no chain
 * reaches from one to the next, and batches running at once write to different chains. A breach of a few
 * batches keeps its order.
 */
function batchNumbers(cards: number): number[] {
  const runs = Math.ceil(cards / CARDS_PER_BATCH);
  const apart = Math.ceil(runs / (TRAIL_SHARDS / 2));
  const order = Array.from({ length: runs }, (_, run) => run).sort((a, b) => (a % apart) - (b % apart) || a - b);
  const numbers: number[] = [];
  order.forEach((run, number) => (numbers[run] = number));
  return numbers;
}

/** Numbers the cards into batches, by audit chain, and every card of a customer in that customer's notice batch. */
export function planBreach(given: BreachCard[]): BreachPlan {
  const cards = byTrailChain(given);
  const batchOfRun = batchNumbers(cards.length);
  const customerIndex = new Map<string, number>();
  const cardBatch: number[] = [];
  const customerBatch: number[] = [];
  cards.forEach((card, i) => {
    let index = customerIndex.get(card.customerRef);
    if (index === undefined) customerIndex.set(card.customerRef, (index = customerIndex.size));
    cardBatch.push(batchOfRun[Math.floor(i / CARDS_PER_BATCH)]);
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

/**
 * Numbers the cards a re-sent breach adds: new card batches after the breach's own, customers already
 * listed in their notice batch, new customers in new notice batches. Counts are the breach's new totals.
 */
export function planMoreCards(added: BreachCard[], size: BreachCounts, customerBatchOf: Map<string, number>): BreachPlan {
  const cards = byTrailChain(added);
  const batchOfRun = batchNumbers(cards.length);
  const newCustomers = new Map<string, number>();
  const cardBatch: number[] = [];
  const customerBatch: number[] = [];
  cards.forEach((card, i) => {
    cardBatch.push(size.cardBatches + batchOfRun[Math.floor(i / CARDS_PER_BATCH)]);
    const known = customerBatchOf.get(card.customerRef);
    if (known !== undefined) return customerBatch.push(known);
    let index = newCustomers.get(card.customerRef);
    if (index === undefined) newCustomers.set(card.customerRef, (index = newCustomers.size));
    customerBatch.push(size.customerBatches + Math.floor(index / CUSTOMERS_PER_BATCH));
  });
  const counts = {
    cards: size.cards + cards.length,
    customers: size.customers + newCustomers.size,
    cardBatches: size.cardBatches + Math.ceil(cards.length / CARDS_PER_BATCH),
    customerBatches: size.customerBatches + Math.ceil(newCustomers.size / CUSTOMERS_PER_BATCH),
  };
  return { cards, cardBatch, customerBatch, counts };
}
