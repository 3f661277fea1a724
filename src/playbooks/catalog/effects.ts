import type { BlockReason, ContactChannel } from './incident-context.js';

/**
 * The side effects a playbook can ask for. A transition returns them as data;
 * they become outbox rows in the same transaction and run later in workers.
 */
export interface EffectParams {
  blockCard: { cardRef: string; last4: string; reason: BlockReason; mode: 'freeze' | 'block' };
  /** Switches a frozen card back on; core banking refuses it for a permanently blocked card. */
  unblockCard: { cardRef: string; last4: string };
  revokeAppSessions: { customerRef: string };
  revokeWalletTokens: { cardRef: string; last4: string };
  scheduleReissue: {
    cardRef: string;
    last4: string;
    delivery: { kind: 'address'; address: string } | { kind: 'branch'; branchId: string } | { kind: 'addressOnFile' };
    express: boolean;
  };
  scheduleCallback: { at: string; contactChannel: ContactChannel };
  /** `values`: what the message is about that the incident does not hold (the card delivered, the decision made). */
  notifyCustomer: { template: string; contactChannel: ContactChannel; values?: Record<string, string> };
  loadTransactions: { customerRef: string };
  /** Cash the customer collects with a code and a reference, never an ID (a stolen wallet held it); the code goes to them on `contactChannel`. */
  orderEmergencyCash: { customerRef: string; contactChannel: ContactChannel };
  /** A merchant breach, a batch at a time: the batch number, never the cards (they are rows of mass_compromise_cards). */
  blockCardBatch: { batch: number; reason: BlockReason };
  reissueCardBatch: { batch: number; express: boolean };
  notifyCustomersBatch: { batch: number; template: string; contactChannel: ContactChannel };
  /** Lifeline's own, never asked for by a playbook: the customer's cards asked of core banking again after it did not answer at open. */
  reconcileCards: { customerRef: string };
  /** Lifeline's own, never asked for by a playbook: at a commitment's due time, see whether it was kept. */
  checkCommitment: { commitmentId: string };
  /** Lifeline's own: a while after resolution, ask the customer how it went. */
  followUp: { contactChannel: ContactChannel };
  /** Lifeline's own: an open incident with no event since `since` alerts a supervisor. */
  checkUntouched: { since: string };
}

export type EffectKind = keyof EffectParams;
export const EFFECT_KINDS: readonly EffectKind[] = [
  'blockCard',
  'unblockCard',
  'revokeAppSessions',
  'revokeWalletTokens',
  'scheduleReissue',
  'scheduleCallback',
  'notifyCustomer',
  'loadTransactions',
  'orderEmergencyCash',
  'blockCardBatch',
  'reissueCardBatch',
  'notifyCustomersBatch',
  'checkCommitment',
  'followUp',
  'checkUntouched',
  'reconcileCards',
];

export type EffectDraft = { [K in EffectKind]: { kind: K; params: EffectParams[K]; dueAt?: string } }[EffectKind];

/** Effect actions are named `effect:<kind>` inside the machine, apart from the vocabulary that asks for them. */
export const EFFECT_PREFIX = 'effect:';

export function isEffectKind(type: string): type is EffectKind {
  return (EFFECT_KINDS as readonly string[]).includes(type);
}
