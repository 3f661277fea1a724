import type { CardCheck } from '../playbooks/catalog/incident-context.js';

/** A card as the incident keeps it. */
export interface NamedCard {
  cardRef: string;
  last4: string;
  product?: string;
}

/** A card as a caller names it: the ref may be missing when only the last 4 is known. */
export interface CallerCard {
  cardRef?: string;
  last4: string;
}

/** The cards a caller named, as core banking knows them. */
export interface ConfirmedCards {
  /** The named cards with core banking's last 4 (a card it does not know stays as named). */
  cards: NamedCard[];
  last4Mismatches: CardCheck['last4Mismatches'];
  /** Named cards core banking holds for another customer: refused, never added. */
  otherCustomers: NamedCard[];
  /** Named by last 4 only, and not exactly one of the customer's cards ends so. */
  unresolved: { last4: string; matching: number }[];
}

/**
 * Where the lifecycle asks core banking about a customer's cards (provided by its module), so it never
 * imports the bank's port. `activeCards` throws a LifelineError the caller can show: the customer is
 * unknown, or the bank did not answer.
 */
export abstract class CustomerCards {
  abstract activeCards(customerRef: string): Promise<{ cardRef: string; last4: string; product: string }[]>;
  /** Checks the cards a caller named against core banking; null when it did not answer (they are then taken as named, and checked later). */
  abstract confirm(customerRef: string, cards: CallerCard[]): Promise<ConfirmedCards | null>;
}

/** Core banking did not answer: the caller's retry, or the reconciliation later, can still succeed. */
export class CoreBankingUnavailable extends Error {}
