import { currentRequestId } from '../common/request-context.js';
import { containsCardNumber, redactCardNumbers } from '../common/card-number.js';
import {
  CoreBankingError,
  CoreBankingPort,
  type AppSessionsRevoked,
  type BlockCardCommand,
  type BlockCardsCommand,
  type BlockResult,
  type CardRefused,
  type CoreCard,
  type CoreBranch,
  type CoreTransaction,
  type EmergencyCashCommand,
  type EmergencyCashOrder,
  type ReissueCardsCommand,
  type ReissueCommand,
  type ReissueResult,
  type RevokeAppSessionsCommand,
  type RevokeWalletTokensCommand,
  type UnblockCommand,
  type WalletTokensRevoked,
} from './core-banking.port.js';

const DEFAULT_TIMEOUT_MS = 5000;

/** Told about every call, by route (`POST /v1/cards/:ref/block`, never a real ref), for the metrics. */
export type CoreBankingCallObserver = (route: string, outcome: 'ok' | CoreBankingError['kind'], seconds: number) => void;

/** The route of a call without its customer or card ref, so metric labels stay few and carry no identifiers. */
const routeOf = (method: string, path: string) => `${method} ${path.split('?')[0].replace(/\/(customers|cards)\/[^/]+(?=\/)/, '/$1/:ref')}`;

/** Core banking over HTTP: one timeout per call, the effect id as Idempotency-Key, and one place that maps failures. */
export class HttpCoreBankingAdapter extends CoreBankingPort {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly observe?: CoreBankingCallObserver;

  constructor(baseUrl: string, options: { timeoutMs?: number; observe?: CoreBankingCallObserver } = {}) {
    super();
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.observe = options.observe;
  }

  override async ping(): Promise<void> {
    await this.call('GET', '/health');
  }

  override async listCards(customerRef: string): Promise<CoreCard[]> {
    const { cards } = await this.call<{ cards: CoreCard[] }>('GET', customerPath(customerRef, 'cards'));
    return cards;
  }

  override async cardHolder(cardRef: string): Promise<CoreCard & { customerRef: string }> {
    return this.call('GET', `/v1/cards/${encodeURIComponent(refusingCardNumber(cardRef))}`);
  }

  override async recentTransactions(customerRef: string, limit?: number): Promise<CoreTransaction[]> {
    const query = limit === undefined ? '' : `?limit=${limit}`;
    const { transactions } = await this.call<{ transactions: CoreTransaction[] }>('GET', customerPath(customerRef, 'transactions') + query);
    return transactions;
  }

  override async listBranches(): Promise<CoreBranch[]> {
    const { branches } = await this.call<{ branches: CoreBranch[] }>('GET', '/v1/branches');
    return branches;
  }

  override async addressOnFile(customerRef: string): Promise<string | null> {
    const { address } = await this.call<{ address: string | null }>('GET', customerPath(customerRef, 'address'));
    return address;
  }

  override async blockCard({ cardRef, reason, mode, idempotencyKey }: BlockCardCommand): Promise<BlockResult> {
    return this.call('POST', cardPath(cardRef, 'block'), { idempotencyKey, body: { reason, mode } });
  }

  override async unblockCard({ cardRef, idempotencyKey }: UnblockCommand): Promise<BlockResult> {
    return this.call('POST', cardPath(cardRef, 'unblock'), { idempotencyKey, body: {} });
  }

  override async reissueCard({ cardRef, delivery, express, idempotencyKey }: ReissueCommand): Promise<ReissueResult> {
    return this.call('POST', cardPath(cardRef, 'reissue'), { idempotencyKey, body: { delivery, express } });
  }

  override async blockCards({ cardRefs, reason, mode, idempotencyKey }: BlockCardsCommand): Promise<(BlockResult | CardRefused)[]> {
    const { results } = await this.call<{ results: (BlockResult | CardRefused)[] }>('POST', '/v1/cards/block-batch', {
      idempotencyKey,
      body: { reason, mode, cardRefs: cardRefs.map(refusingCardNumber) },
    });
    return results.map(redactingRefusal);
  }

  override async reissueCards({ cardRefs, express, idempotencyKey }: ReissueCardsCommand): Promise<(ReissueResult | CardRefused)[]> {
    const { results } = await this.call<{ results: (ReissueResult | CardRefused)[] }>('POST', '/v1/cards/reissue-batch', {
      idempotencyKey,
      body: { express, cardRefs: cardRefs.map(refusingCardNumber) },
    });
    return results.map(redactingRefusal);
  }

  override async revokeAppSessions({ customerRef, idempotencyKey }: RevokeAppSessionsCommand): Promise<AppSessionsRevoked> {
    return this.call('POST', customerPath(customerRef, 'app-sessions/revoke'), { idempotencyKey, body: {} });
  }

  override async revokeWalletTokens({ cardRef, idempotencyKey }: RevokeWalletTokensCommand): Promise<WalletTokensRevoked> {
    return this.call('POST', cardPath(cardRef, 'wallet-tokens/revoke'), { idempotencyKey, body: {} });
  }

  override async orderEmergencyCash({ customerRef, idempotencyKey }: EmergencyCashCommand): Promise<EmergencyCashOrder> {
    // Collection by code and reference only: the customer's ID was stolen with the wallet.
    return this.call('POST', customerPath(customerRef, 'emergency-cash'), { idempotencyKey, body: { collection: 'code-and-reference' } });
  }

  private async call<T>(method: 'GET' | 'POST', path: string, write?: { idempotencyKey: string; body: unknown }): Promise<T> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const result = await this.send<T>(method, path, write);
      this.observe?.(routeOf(method, path), 'ok', seconds());
      return result;
    } catch (error) {
      this.observe?.(routeOf(method, path), error instanceof CoreBankingError ? error.kind : 'unavailable', seconds());
      throw error;
    }
  }

  private async send<T>(method: 'GET' | 'POST', path: string, write?: { idempotencyKey: string; body: unknown }): Promise<T> {
    const operation = `${method} ${path}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers: { ...requestIdHeader(), ...(write ? { 'content-type': 'application/json', 'idempotency-key': write.idempotencyKey } : {}) },
        body: write ? JSON.stringify(write.body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      if (isTimeout(error)) throw new CoreBankingError('timeout', `core banking did not answer ${operation} within ${this.timeoutMs}ms`);
      throw new CoreBankingError('unavailable', `core banking unreachable for ${operation}`);
    }
    if (!response.ok) throw failure(response.status, text, operation);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CoreBankingError('unavailable', `core banking answered ${operation} with invalid JSON`, response.status);
    }
  }
}

/** Core banking's logs can then be matched with ours. */
function requestIdHeader(): Record<string, string> {
  const requestId = currentRequestId();
  return requestId ? { 'x-request-id': requestId } : {};
}

/** The one place HTTP failures become the kinds the effect runner retries or gives up on. */
function failure(status: number, text: string, operation: string): CoreBankingError {
  const reason = redactCardNumbers(serverMessage(text) ?? `HTTP ${status}`);
  const message = `core banking refused ${operation}: ${reason}`;
  // 429 means "come back later", so it is retried like an outage, not given up on.
  if (status >= 500 || status === 429) return new CoreBankingError('unavailable', message, status);
  if (status === 404) return new CoreBankingError('not_found', message, status);
  return new CoreBankingError('rejected', message, status);
}

function serverMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message = body.message ?? body.error;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

/** Checked by name, not instanceof: fetch's DOMException may come from another realm (e.g. jest's VM). */
function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

function customerPath(customerRef: string, resource: 'cards' | 'transactions' | 'address' | 'app-sessions/revoke' | 'emergency-cash'): string {
  return `/v1/customers/${encodeURIComponent(refusingCardNumber(customerRef))}/${resource}`;
}

function cardPath(cardRef: string, action: 'block' | 'unblock' | 'reissue' | 'wallet-tokens/revoke'): string {
  return `/v1/cards/${encodeURIComponent(refusingCardNumber(cardRef))}/${action}`;
}

/** A card's refusal is stored and shown: whatever core banking wrote in it, a card number is masked. */
function redactingRefusal<T extends object>(result: T | CardRefused): T | CardRefused {
  return 'refused' in result ? { ...result, refused: redactCardNumbers(result.refused) } : result;
}

/** A PAN must not reach core banking's URLs and access logs, so it is refused before any call. */
function refusingCardNumber(ref: string): string {
  if (containsCardNumber(ref)) throw new CoreBankingError('rejected', 'a full card number was given where a card ref belongs');
  return ref;
}
