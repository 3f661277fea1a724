import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CardActionEntity, chainedJson } from './card-action.entity.js';

/** The previous hash of the first row in the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Appenders take this transaction lock before reading the chain's head, so two rows never claim the same predecessor. */
export const CHAIN_LOCK = 7_246_002;

const VERIFY_BATCH = 1000;

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** The first row whose content or link no longer matches its hash; null when the chain is intact. */
  firstBrokenId: string | null;
}

/** sha256 over the previous row's hash and this row's canonical content. */
export function rowHash(prevHash: string, row: Parameters<typeof chainedJson>[0]): string {
  return createHash('sha256').update(prevHash).update(chainedJson(row)).digest('hex');
}

/** Walks the card-action trail in chain order, a batch at a time, recomputing every hash. */
export async function verifyCardActionChain(manager: EntityManager): Promise<ChainReport> {
  const rows = manager.getRepository(CardActionEntity);
  let expectedPrev = GENESIS_HASH;
  let after = '0';
  let checked = 0;
  for (;;) {
    const batch = await rows.createQueryBuilder('a').where('a.seq > :after', { after }).orderBy('a.seq', 'ASC').limit(VERIFY_BATCH).getMany();
    for (const row of batch) {
      checked += 1;
      if (row.prevHash !== expectedPrev || row.hash !== rowHash(row.prevHash, row)) {
        return { ok: false, checked, firstBrokenId: row.id };
      }
      expectedPrev = row.hash;
    }
    if (batch.length < VERIFY_BATCH) return { ok: true, checked, firstBrokenId: null };
    after = batch[batch.length - 1].seq;
  }
}
