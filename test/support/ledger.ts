import type { LedgerEntry } from '../../src/simulator/ledger.js';

export async function ledger(simulatorUrl: string): Promise<LedgerEntry[]> {
  const response = await fetch(`${simulatorUrl}/ledger`);
  return ((await response.json()) as { entries: LedgerEntry[] }).entries;
}

/** Blocks that core banking actually executed for a card (replays of an idempotency key do not count). */
export async function executedBlocks(simulatorUrl: string, cardRef: string): Promise<LedgerEntry[]> {
  return (await ledger(simulatorUrl)).filter(
    (e) => e.method === 'POST' && e.path.endsWith(`/cards/${cardRef}/block`) && !e.replayed && e.status === 200,
  );
}
