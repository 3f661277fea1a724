import { containsCardNumber } from '../common/card-number.js';
import type { BlockReason, CoreBranch } from '../core-banking/core-banking.port.js';
import { badRequest, type SimulatedBank } from './simulated-bank.js';

const BLOCK_REASONS: readonly BlockReason[] = ['lost', 'stolen', 'compromised'];
const DEFAULT_TRANSACTIONS = 10;
/** The bank's branches that hand out new cards. */
export const BRANCHES: readonly CoreBranch[] = [
  { branchId: 'MSK-01', name: 'Tverskaya', city: 'Moscow' },
  { branchId: 'SPB-07', name: 'Nevsky Prospekt', city: 'Saint Petersburg' },
  { branchId: 'LIS-01', name: 'Avenida da Liberdade', city: 'Lisbon' },
  { branchId: 'BCN-03', name: 'Passeig de Gràcia', city: 'Barcelona' },
];
const MAX_TRANSACTIONS = 100;
/** The most cards one batch call may name. */
export const MAX_BATCH_CARDS = 5000;

/** What a bank route gets from the request: the one ref in its path, the query and the parsed body. */
export interface BankCall {
  ref: string;
  query: URLSearchParams;
  body: unknown;
}

export interface BankRoute {
  method: 'GET' | 'POST';
  pattern: RegExp;
  /** Whether the path ref names a card (kept in the ledger) or a customer, or the body lists many cards (`cards`). */
  subject: 'card' | 'customer' | 'cards';
  answer(bank: SimulatedBank, call: BankCall): unknown;
}

/** The core-banking API; every POST is a write and needs an Idempotency-Key. */
export const BANK_ROUTES: readonly BankRoute[] = [
  {
    method: 'GET',
    pattern: /^\/v1\/customers\/([^/]+)\/cards$/,
    subject: 'customer',
    answer: (bank, { ref }) => ({ cards: bank.listCards(ref) }),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/cards\/([^/]+)$/,
    subject: 'card',
    answer: (bank, { ref }) => bank.cardHolder(ref),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/customers\/([^/]+)\/transactions$/,
    subject: 'customer',
    answer: (bank, { ref, query }) => ({ transactions: bank.recentTransactions(ref, transactionLimit(query)) }),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/customers\/([^/]+)\/address$/,
    subject: 'customer',
    answer: (bank, { ref }) => ({ address: bank.addressOnFile(ref) }),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/branches$/,
    subject: 'customer',
    answer: () => ({ branches: BRANCHES }),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/customers\/([^/]+)\/app-sessions\/revoke$/,
    subject: 'customer',
    answer: (bank, { ref }) => bank.revokeAppSessions(ref),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/customers\/([^/]+)\/emergency-cash$/,
    subject: 'customer',
    answer: (bank, { ref, body }) => {
      // The only collection a bank can offer someone whose ID was stolen.
      if (fields(body).collection !== 'code-and-reference') throw badRequest('collection must be code-and-reference');
      return bank.orderEmergencyCash(ref);
    },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/cards\/([^/]+)\/wallet-tokens\/revoke$/,
    subject: 'card',
    answer: (bank, { ref }) => bank.revokeWalletTokens(ref),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/cards\/([^/]+)\/block$/,
    subject: 'card',
    answer: (bank, { ref, body }) => bank.blockCard(ref, blockMode(body)),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/cards\/([^/]+)\/unblock$/,
    subject: 'card',
    answer: (bank, { ref }) => bank.unblockCard(ref),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/cards\/([^/]+)\/reissue$/,
    subject: 'card',
    answer: (bank, { ref, body }) => bank.reissueCard(ref, reissueExpress(body)),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/cards\/block-batch$/,
    subject: 'cards',
    answer: (bank, { body }) => ({ results: bank.blockCards(batchCardRefs(body), blockMode(body)) }),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/cards\/reissue-batch$/,
    subject: 'cards',
    answer: (bank, { body }) => ({ results: bank.reissueCards(batchCardRefs(body), batchExpress(body)) }),
  },
];

/** The card refs a batch call names: 1 to MAX_BATCH_CARDS of them, and never a card number. */
export function batchCardRefs(body: unknown): string[] {
  const { cardRefs } = fields(body);
  if (!Array.isArray(cardRefs) || cardRefs.length === 0 || cardRefs.length > MAX_BATCH_CARDS || !cardRefs.every((ref) => typeof ref === 'string' && ref !== '')) {
    throw badRequest(`cardRefs must list 1 to ${MAX_BATCH_CARDS} card refs`);
  }
  if (cardRefs.some(containsCardNumber)) throw badRequest('a full card number is never accepted; send the card ref');
  return cardRefs;
}

/** New cards of a batch go to each holder's registered address; only the speed is chosen. */
function batchExpress(body: unknown): boolean {
  const { express } = fields(body);
  if (typeof express !== 'boolean') throw badRequest('express must be true or false');
  return express;
}

function blockMode(body: unknown): 'freeze' | 'block' {
  const { reason, mode } = fields(body);
  if (!BLOCK_REASONS.includes(reason as BlockReason)) throw badRequest('reason must be one of lost, stolen, compromised');
  if (mode !== 'freeze' && mode !== 'block') throw badRequest('mode must be freeze or block');
  return mode;
}

/** Checks the whole reissue order; only the speed changes what the simulator answers. */
function reissueExpress(body: unknown): boolean {
  const { delivery, express } = fields(body);
  const { kind, address, branchId } = fields(delivery, 'delivery');
  const deliverable =
    (kind === 'address' && typeof address === 'string' && address.trim() !== '') ||
    (kind === 'branch' && typeof branchId === 'string' && branchId.trim() !== '') ||
    kind === 'addressOnFile';
  if (!deliverable) throw badRequest('delivery must be {kind:"address",address}, {kind:"branch",branchId} or {kind:"addressOnFile"}');
  if (typeof express !== 'boolean') throw badRequest('express must be true or false');
  return express;
}

function transactionLimit(query: URLSearchParams): number {
  const raw = query.get('limit');
  if (raw === null) return DEFAULT_TRANSACTIONS;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TRANSACTIONS) {
    throw badRequest(`limit must be a whole number from 1 to ${MAX_TRANSACTIONS}`);
  }
  return limit;
}

function fields(value: unknown, name = 'body'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest(`${name} must be a JSON object`);
  return value as Record<string, unknown>;
}
