import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../playbooks/playbook.compiler.js';
import { AuditAccessEntity } from './audit-access.entity.js';
import type { AuditKeys } from './audit-keys.js';
import { CardActionEntity, chainedJson } from './card-action.entity.js';
import type { Checkpoint } from './checkpoints.js';
import { ADVISORY_LOCKS } from '../common/advisory-locks.js';

/** The previous hash of the first row of the access log and of the trail's chain 0 (which holds every row from before the shards). */
export const GENESIS_HASH = '0'.repeat(64);

/** Appenders to the access log take its transaction lock before reading its head, so two rows never claim the same predecessor. */
export const ACCESS_LOG_LOCK = ADVISORY_LOCKS.accessLogChain;

export const CHAINS = ['card_actions', 'audit_access_log'] as const;
export type ChainName = (typeof CHAINS)[number];

/**
 * The card-action trail is this many chains, each with its own head and lock, so appends to different chains
 * never wait on each other. A card's rows all go on one chain (by a hash of its ref), and so do an incident's
 * identity checks (by its id): one card's whole story is one chain. Fixed: changing it would move cards.
 */
export const TRAIL_SHARDS = 16;
export const SHARDS_OF: Record<ChainName, number> = { card_actions: TRAIL_SHARDS, audit_access_log: 1 };

/** The trail chain a card (by its ref) or an action on no card (by its incident's id) belongs to. */
export function trailShard(key: string): number {
  return createHash('sha256').update(key).digest().readUInt16BE(0) % TRAIL_SHARDS;
}

/**
 * The previous hash of the first row of a trail chain: each chain starts from its own, so a row moved to
 * another chain breaks both, and no two chains can share a row.
 */
export function genesisOf(shard: number): string {
  return shard === 0 ? GENESIS_HASH : createHash('sha256').update(`lifeline card_actions chain ${shard}`).digest('hex');
}

/** Rows read per query while verifying: few round trips, flat memory. */
const VERIFY_BATCH = 5000;
const MAX_PROBLEMS = 100;

/** What verify found wrong, pinpointed: which row, or which stretch of rows. */
export interface ChainProblem {
  kind: 'forged' | 'gap' | 'cut' | 'rewritten' | 'forged-checkpoint';
  /** Which of the trail's chains; 0 on the access log, which is one. */
  shard: number;
  seq: string | null;
  id: string | null;
  message: string;
}

export interface ChainReport {
  chain: ChainName;
  shard: number;
  ok: boolean;
  checked: number;
  /** The first row named by a problem; null when the chain is intact. */
  firstBrokenId: string | null;
  problems: ChainProblem[];
  /** The checkpoint the chain was held against (the latest validly signed one), or null when there is none yet. */
  checkpoint: Checkpoint | null;
}

/** A row as the chain sees it: its place, its link and the canonical content its link covers. */
export interface ChainRow {
  seq: string;
  id: string;
  keyId: string | null;
  prevHash: string | null;
  hash: string | null;
  content: string;
}

/** sha256 over the previous row's hash and this row's canonical content: the unkeyed link of rows written before AUDIT_KEYS. */
export function rowHash(prevHash: string, row: Parameters<typeof chainedJson>[0]): string {
  return legacyLink(prevHash, chainedJson(row));
}

const legacyLink = (prevHash: string, content: string) => createHash('sha256').update(prevHash).update(content).digest('hex');

/** What an access-log row's link covers. */
export function accessContent(row: Pick<AuditAccessEntity, 'at' | 'actor' | 'origin' | 'read' | 'filters' | 'rowCount'>): string {
  return canonicalJson({ at: row.at.toISOString(), actor: row.actor, origin: row.origin, read: row.read, filters: row.filters, rowCount: row.rowCount });
}

/** The rows of a chain after a position, oldest first; plain SQL, as a merchant breach puts hundreds of thousands of rows on the trail. */
async function rowsAfter(manager: EntityManager, chain: ChainName, shard: number, after: string): Promise<ChainRow[]> {
  if (chain === 'card_actions') {
    const rows = await manager.query(
      `SELECT seq::text AS seq, id, at, actor, origin, channel, action, result, card_ref AS "cardRef", last4, customer_ref AS "customerRef", incident_id AS "incidentId",
              effect_id AS "effectId", reason, reason_code AS "reasonCode", evidence, failure_reason AS "failureReason", core_ref AS "coreRef", key_id AS "keyId", prev_hash AS "prevHash", hash
         FROM card_actions WHERE shard = $1 AND seq > $2 ORDER BY card_actions.seq LIMIT ${VERIFY_BATCH}`,
      [shard, after],
    );
    return rows.map((row: CardActionEntity) => ({ seq: row.seq, id: row.id, keyId: row.keyId, prevHash: row.prevHash, hash: row.hash, content: chainedJson(row) }));
  }
  const rows = await manager.query(
    `SELECT seq::text AS seq, at, actor, origin, read, filters, row_count AS "rowCount", key_id AS "keyId", prev_hash AS "prevHash", hash
       FROM audit_access_log WHERE seq > $1 ORDER BY audit_access_log.seq LIMIT ${VERIFY_BATCH}`,
    [after],
  );
  return rows.map((row: AuditAccessEntity) => ({ seq: row.seq, id: `access-${row.seq}`, keyId: row.keyId, prevHash: row.prevHash, hash: row.hash, content: accessContent(row) }));
}

/**
 * Walks a chain in order, recomputing every link, and holds its head against the checkpoint: a row whose
 * link does not match is forged (altered, or written without the key), a link to anything but the row before
 * is a gap (rows deleted), and a head short of or different from the signed checkpoint is a cut or rewritten tail.
 * Unkeyed rows (before AUDIT_KEYS) are accepted only as the start of the chain.
 */
export async function verifyChain(manager: EntityManager, keys: AuditKeys, chain: ChainName, shard: number, checkpoint: Checkpoint | null): Promise<ChainReport> {
  const problems: ChainProblem[] = [];
  const named = (message: string) => (chain === 'card_actions' ? `chain ${shard} of the trail: ${message}` : message);
  const flag = (problem: Omit<ChainProblem, 'shard'>) => problems.length < MAX_PROBLEMS && problems.push({ ...problem, shard, message: named(problem.message) });
  let expectedPrev = chain === 'card_actions' ? genesisOf(shard) : GENESIS_HASH;
  let previous: ChainRow | null = null;
  let keyed = false;
  let checked = 0;
  let upToCheckpoint = 0;
  let atCheckpoint: ChainRow | null = null;
  for (let after = '0'; ; ) {
    const batch = await rowsAfter(manager, chain, shard, after);
    for (const row of batch) {
      checked += 1;
      if (checkpoint && BigInt(row.seq) <= BigInt(checkpoint.lastSeq)) upToCheckpoint += 1;
      if (checkpoint && row.seq === checkpoint.lastSeq) atCheckpoint = row;
      if (row.hash === null || row.prevHash === null) {
        // An access-log read from before the log was chained: nothing to check, but only before the first chained one.
        if (keyed || previous?.hash) flag({ kind: 'forged', seq: row.seq, id: row.id, message: `row ${row.seq} has no link, after linked rows: it was written without the audit key` });
        previous = row;
        continue;
      }
      if (row.prevHash !== expectedPrev) {
        const where = previous ? `between row ${previous.seq} and row ${row.seq}` : `before row ${row.seq}, the first one left`;
        flag({ kind: 'gap', seq: row.seq, id: row.id, message: `rows are missing ${where}: row ${row.seq} links to a row that is not there` });
      }
      const expected = row.keyId === null ? (keyed ? null : legacyLink(row.prevHash, row.content)) : keys.link(row.keyId, row.prevHash, row.content);
      if (row.hash !== expected) {
        const why = row.keyId === null ? (keyed ? 'an unkeyed row after keyed ones: written without the audit key' : 'its content no longer matches its hash')
          : expected === null ? `linked with key id ${row.keyId}, which AUDIT_KEYS does not hold` : 'its content or link was changed, or it was written without the audit key';
        flag({ kind: 'forged', seq: row.seq, id: row.id, message: `row ${row.seq} is forged: ${why}` });
      }
      keyed ||= row.keyId !== null;
      expectedPrev = row.hash;
      previous = row;
    }
    if (batch.length < VERIFY_BATCH) break;
    after = batch[batch.length - 1].seq;
  }
  if (checkpoint) checkAgainst(checkpoint, { previous, atCheckpoint, upToCheckpoint }, problems, flag);
  const firstBroken = problems.find((p) => p.id !== null);
  return { chain, shard, ok: problems.length === 0, checked, firstBrokenId: firstBroken?.id ?? null, problems, checkpoint };
}

function checkAgainst(
  checkpoint: Checkpoint,
  seen: { previous: ChainRow | null; atCheckpoint: ChainRow | null; upToCheckpoint: number },
  problems: ChainProblem[],
  flag: (problem: Omit<ChainProblem, 'shard'>) => void,
): void {
  const signed = `the checkpoint of ${checkpoint.at} signed ${checkpoint.count} rows up to row ${checkpoint.lastSeq}`;
  const last = seen.previous;
  if (!last || BigInt(last.seq) < BigInt(checkpoint.lastSeq)) {
    const left = last ? `the chain now ends at row ${last.seq}` : 'no rows are left';
    flag({ kind: 'cut', seq: checkpoint.lastSeq, id: null, message: `the newest rows were cut: ${signed}; ${left} (${checkpoint.count - seen.upToCheckpoint} rows missing)` });
  } else if (seen.atCheckpoint && seen.atCheckpoint.hash !== checkpoint.headHash) {
    flag({ kind: 'rewritten', seq: checkpoint.lastSeq, id: seen.atCheckpoint.id, message: `the tail was rewritten: row ${checkpoint.lastSeq} no longer has the hash ${signed}` });
  } else if (seen.upToCheckpoint < checkpoint.count && !problems.some((p) => p.kind === 'gap')) {
    flag({ kind: 'gap', seq: checkpoint.lastSeq, id: null, message: `${checkpoint.count - seen.upToCheckpoint} rows are missing: ${signed}` });
  }
}
