import type {
  AppSessionsRevoked,
  BlockResult,
  CardRefused,
  CoreCard,
  CoreTransaction,
  EmergencyCashOrder,
  ReissueResult,
  WalletTokensRevoked,
} from '../core-banking/core-banking.port.js';
import { randomInt } from 'node:crypto';
import { GENERATED_CARD, GENERATED_CUSTOMER, generateCustomer, newCard, seedDemoCustomers, type SimulatedCustomer } from './seed.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** What the simulated bank hands out in an emergency, and how soon a partner office has it ready. */
const EMERGENCY_CASH = { amount: 500, currency: 'EUR', readyInMs: 60 * 60 * 1000, pickUpPoint: 'any Contact partner office' };

/** A refusal core banking answers with an HTTP status; nothing was changed. */
export class BankRefusal extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

export function badRequest(message: string): BankRefusal {
  return new BankRefusal(400, 'bad_request', message);
}

/** The in-memory core-banking book: customers, their cards and what has been done to them. */
export class SimulatedBank {
  private readonly customers = new Map<string, SimulatedCustomer>();
  private readonly ownerOfCard = new Map<string, SimulatedCustomer>();
  private operations = 0;

  constructor(now = new Date()) {
    for (const customer of seedDemoCustomers(now)) this.open(customer);
  }

  addressOnFile(customerRef: string): string {
    return this.customer(customerRef).address;
  }

  listCards(customerRef: string): CoreCard[] {
    return this.customer(customerRef).cards.map((card) => ({ ...card }));
  }

  cardHolder(cardRef: string): CoreCard & { customerRef: string } {
    const card = this.card(cardRef);
    return { ...card, customerRef: this.ownerOfCard.get(cardRef)!.customerRef };
  }

  recentTransactions(customerRef: string, limit: number): CoreTransaction[] {
    return this.customer(customerRef).transactions.slice(0, limit).map((txn) => ({ ...txn }));
  }

  blockCard(cardRef: string, mode: 'freeze' | 'block'): BlockResult {
    const card = this.card(cardRef);
    // A permanent block is never softened into a freeze.
    card.status = card.status === 'blocked' || mode === 'block' ? 'blocked' : 'frozen';
    return this.statusResult(card);
  }

  unblockCard(cardRef: string): BlockResult {
    const card = this.card(cardRef);
    if (card.status === 'blocked') {
      throw new BankRefusal(409, 'conflict', `card ${cardRef} is permanently blocked and cannot be unblocked`);
    }
    card.status = 'active';
    return this.statusResult(card);
  }

  reissueCard(cardRef: string, express: boolean): ReissueResult {
    const old = this.card(cardRef);
    const owner = this.ownerOfCard.get(old.cardRef)!;
    const replacement = newCard(`${owner.cardPrefix}${owner.cards.length + 1}`, old.product);
    owner.cards.push(replacement);
    this.ownerOfCard.set(replacement.cardRef, owner);
    const eta = new Date(Date.now() + (express ? 2 : 5) * DAY_MS).toISOString();
    return {
      cardRef,
      newCardRef: replacement.cardRef,
      newLast4: replacement.last4,
      eta,
      coreRef: this.nextCoreRef(),
    };
  }

  /** A batch answers card by card: one unknown card never fails the rest. */
  blockCards(cardRefs: string[], mode: 'freeze' | 'block'): (BlockResult | CardRefused)[] {
    return cardRefs.map((cardRef) => this.eachCard(cardRef, () => this.blockCard(cardRef, mode)));
  }

  reissueCards(cardRefs: string[], express: boolean): (ReissueResult | CardRefused)[] {
    return cardRefs.map((cardRef) => this.eachCard(cardRef, () => this.reissueCard(cardRef, express)));
  }

  /** Signs the customer out on every device; a second call finds nobody signed in. */
  revokeAppSessions(customerRef: string): AppSessionsRevoked {
    const customer = this.customer(customerRef);
    const revoked = customer.appSessions;
    customer.appSessions = 0;
    return { customerRef, revoked, coreRef: this.nextCoreRef(), at: new Date().toISOString() };
  }

  /** Takes the card out of every mobile wallet; its status (active, frozen, blocked) is untouched. */
  revokeWalletTokens(cardRef: string): WalletTokensRevoked {
    const card = this.card(cardRef);
    const owner = this.ownerOfCard.get(card.cardRef)!;
    const revoked = owner.walletTokens[card.cardRef] ?? 0;
    owner.walletTokens[card.cardRef] = 0;
    return { cardRef, revoked, coreRef: this.nextCoreRef(), at: new Date().toISOString() };
  }

  /** Cash to collect with a one-time code and the order's reference; no ID, as the customer's was stolen. */
  orderEmergencyCash(customerRef: string): EmergencyCashOrder {
    this.customer(customerRef);
    return {
      customerRef,
      coreRef: this.nextCoreRef(),
      pickUpCode: String(randomInt(0, 1_000_000)).padStart(6, '0'),
      pickUpPoint: EMERGENCY_CASH.pickUpPoint,
      amount: EMERGENCY_CASH.amount,
      currency: EMERGENCY_CASH.currency,
      readyAt: new Date(Date.now() + EMERGENCY_CASH.readyInMs).toISOString(),
      collection: 'code-and-reference',
    };
  }

  private eachCard<T>(cardRef: string, act: () => T): T | CardRefused {
    try {
      return act();
    } catch (error) {
      if (error instanceof BankRefusal) return { cardRef, refused: error.message };
      throw error;
    }
  }

  private customer(customerRef: string): SimulatedCustomer {
    const known = this.customers.get(customerRef);
    if (known) return known;
    if (!GENERATED_CUSTOMER.test(customerRef)) {
      throw new BankRefusal(404, 'not_found', `customer ${customerRef} not found`);
    }
    return this.open(generateCustomer(customerRef, new Date()));
  }

  private card(cardRef: string): CoreCard {
    const generatedOwner = GENERATED_CARD.exec(cardRef)?.[1];
    if (generatedOwner && !this.ownerOfCard.has(cardRef)) this.customer(generatedOwner);
    const card = this.ownerOfCard.get(cardRef)?.cards.find((c) => c.cardRef === cardRef);
    if (!card) throw new BankRefusal(404, 'not_found', `card ${cardRef} not found`);
    return card;
  }

  private open(customer: SimulatedCustomer): SimulatedCustomer {
    this.customers.set(customer.customerRef, customer);
    for (const card of customer.cards) this.ownerOfCard.set(card.cardRef, customer);
    return customer;
  }

  private statusResult(card: CoreCard): BlockResult {
    return { cardRef: card.cardRef, status: card.status, coreRef: this.nextCoreRef(), at: new Date().toISOString() };
  }

  /** Core banking's own operation reference, e.g. CB-000007, kept in the audit trail. */
  private nextCoreRef(): string {
    this.operations += 1;
    return `CB-${String(this.operations).padStart(6, '0')}`;
  }
}
