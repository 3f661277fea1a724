import { redactCardNumbersIn } from '../common/card-number.js';
/** One call as core banking received it; the ledger is how tests and the demo see double blocks and retries. */
export interface LedgerEntry {
  seq: number;
  method: string;
  /** The path as called, with anything card-number-like masked. */
  path: string;
  cardRef: string | null;
  /** The cards a batch call named. */
  cardRefs?: string[];
  idempotencyKey: string | null;
  at: string;
  /** HTTP status answered, or 'timeout' for a call the simulator held on purpose. */
  status: number | 'timeout';
  replayed: boolean;
  answer: unknown;
}

export class Ledger {
  private entries: LedgerEntry[] = [];
  private seq = 0;

  /** Whatever a caller sent, a card number never lands in the ledger: every path, key and answer is masked. */
  record(entry: Omit<LedgerEntry, 'seq'>): void {
    this.seq += 1;
    this.entries.push({ seq: this.seq, ...redactCardNumbersIn(entry) });
  }

  list(cardRef?: string): LedgerEntry[] {
    return cardRef === undefined ? [...this.entries] : this.entries.filter((entry) => entry.cardRef === cardRef || entry.cardRefs?.includes(cardRef));
  }

  /** Sequence numbers keep counting, so an entry seen before a clear is never confused with a later one. */
  clear(): void {
    this.entries = [];
  }
}
