/**
 * What Lifeline needs from core banking. Every write carries an idempotency key
 * (the effect id), so a retried call never blocks or reissues a card twice.
 */
export type CardStatus = 'active' | 'frozen' | 'blocked';
import type { BlockReason, TransactionSummary } from '../playbooks/catalog/incident-context.js';

export type { BlockReason };

export interface CoreCard {
  cardRef: string;
  last4: string;
  product: string;
  status: CardStatus;
}

/** A branch where a customer can pick up a new card. */
export interface CoreBranch {
  branchId: string;
  name: string;
  city: string;
}

/** A recent transaction as core banking reports it (the playbook vocabulary's own shape). */
export type CoreTransaction = TransactionSummary;

export interface BlockCardCommand {
  cardRef: string;
  reason: BlockReason;
  /** A freeze can be undone by the customer; a block is permanent. */
  mode: 'freeze' | 'block';
  idempotencyKey: string;
}

export interface BlockResult {
  cardRef: string;
  status: CardStatus;
  /** Core banking's own reference for the operation, kept for the audit trail. */
  coreRef: string;
  at: string;
}

export interface ReissueCommand {
  cardRef: string;
  delivery: { kind: 'address'; address: string } | { kind: 'branch'; branchId: string } | { kind: 'addressOnFile' };
  express: boolean;
  idempotencyKey: string;
}

export interface ReissueResult {
  cardRef: string;
  newCardRef: string;
  newLast4: string;
  eta: string;
  coreRef: string;
}

export interface UnblockCommand {
  cardRef: string;
  idempotencyKey: string;
}

/** Signs the customer out of the mobile app on every device, e.g. a stolen phone. */
export interface RevokeAppSessionsCommand {
  customerRef: string;
  idempotencyKey: string;
}

export interface AppSessionsRevoked {
  customerRef: string;
  /** How many signed-in devices were signed out; 0 when there were none left. */
  revoked: number;
  coreRef: string;
  at: string;
}

/** Removes a card from every mobile wallet (Apple Pay, Google Pay…) it was added to. */
export interface RevokeWalletTokensCommand {
  cardRef: string;
  idempotencyKey: string;
}

export interface WalletTokensRevoked {
  cardRef: string;
  revoked: number;
  coreRef: string;
  at: string;
}

/**
 * Cash for a customer left without cards or ID (a stolen wallet): collected at a partner office with
 * a pick-up code and the order's reference, never an identity document.
 */
export interface EmergencyCashCommand {
  customerRef: string;
  idempotencyKey: string;
}

export interface EmergencyCashOrder {
  customerRef: string;
  /** The order's reference, which the customer gives with the code. */
  coreRef: string;
  /** The one-time code the customer gives at pick-up: sent to the customer only, never stored by Lifeline. */
  pickUpCode: string;
  /** Where to collect it, as core banking names it ("any Contact partner office"). */
  pickUpPoint: string;
  amount: number;
  currency: string;
  /** From when the cash can be collected. */
  readyAt: string;
  /** What the cashier asks for: always the code and the reference here, as the customer's ID was stolen. */
  collection: 'code-and-reference';
}

/** Many cards at once (a merchant breach): one call and one Idempotency-Key for the whole batch. */
export interface BlockCardsCommand {
  cardRefs: string[];
  reason: BlockReason;
  mode: 'freeze' | 'block';
  idempotencyKey: string;
}

/** New cards for many blocked ones, each delivered to its holder's registered address. */
export interface ReissueCardsCommand {
  cardRefs: string[];
  express: boolean;
  idempotencyKey: string;
}

/** A card of a batch that core banking refused (unknown, closed…); the rest of the batch still went through. */
export interface CardRefused {
  cardRef: string;
  refused: string;
}

/** Failure kinds the effect runner acts on: retry transient ones, give up on rejections. */
export type CoreBankingErrorKind = 'timeout' | 'unavailable' | 'rejected' | 'not_found';

export class CoreBankingError extends Error {
  constructor(
    readonly kind: CoreBankingErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CoreBankingError';
  }

  get retryable(): boolean {
    return this.kind === 'timeout' || this.kind === 'unavailable';
  }
}

export abstract class CoreBankingPort {
  /** Resolves when core banking answers at all (the readiness probe); throws a CoreBankingError otherwise. */
  abstract ping(): Promise<void>;
  abstract listCards(customerRef: string): Promise<CoreCard[]>;
  /** Whose card this is: its holder's customer ref with the card as core banking knows it. */
  abstract cardHolder(cardRef: string): Promise<CoreCard & { customerRef: string }>;
  abstract blockCard(command: BlockCardCommand): Promise<BlockResult>;
  abstract unblockCard(command: UnblockCommand): Promise<BlockResult>;
  abstract reissueCard(command: ReissueCommand): Promise<ReissueResult>;
  /** One answer per card, in the order asked. */
  abstract blockCards(command: BlockCardsCommand): Promise<(BlockResult | CardRefused)[]>;
  abstract reissueCards(command: ReissueCardsCommand): Promise<(ReissueResult | CardRefused)[]>;
  abstract recentTransactions(customerRef: string, limit?: number): Promise<CoreTransaction[]>;
  /** The branches that hand out new cards. */
  abstract listBranches(): Promise<CoreBranch[]>;
  /** Where the bank sends a customer's post: the address on file, or null when it has none. */
  abstract addressOnFile(customerRef: string): Promise<string | null>;
  abstract revokeAppSessions(command: RevokeAppSessionsCommand): Promise<AppSessionsRevoked>;
  abstract revokeWalletTokens(command: RevokeWalletTokensCommand): Promise<WalletTokensRevoked>;
  abstract orderEmergencyCash(command: EmergencyCashCommand): Promise<EmergencyCashOrder>;
}
