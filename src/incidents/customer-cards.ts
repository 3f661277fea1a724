/**
 * Where an incident opened without a card list finds the customer's active cards (core banking,
 * provided by its module), so the lifecycle never imports the bank's port. Throws a LifelineError
 * the caller can show: the customer is unknown, or the bank did not answer.
 */
export abstract class CustomerCards {
  abstract activeCards(customerRef: string): Promise<{ cardRef: string; last4: string; product: string }[]>;
}
