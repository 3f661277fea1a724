import { appendFile, readFile } from 'node:fs/promises';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../playbooks/playbook.compiler.js';
import type { AuditKeys } from './audit-keys.js';
import { ACCESS_LOG_LOCK, CHAINS, SHARDS_OF, type ChainName, type ChainProblem } from './hash-chain.js';

/** A signed statement of a chain's head: how many rows, the last one's place and hash, and when. */
export interface Checkpoint {
  chain: ChainName;
  /** Which of the trail's chains; 0 on the access log, which is one. */
  shard: number;
  count: number;
  lastSeq: string;
  headHash: string;
  at: string;
  /** Ed25519 over the canonical JSON of the fields above, base64. */
  signature: string;
}

/** What is signed; chain 0 signs no shard, so checkpoints from before the trail had chains keep their signatures. */
const payload = ({ chain, shard, count, lastSeq, headHash, at }: Omit<Checkpoint, 'signature'>) =>
  canonicalJson({ chain, shard: shard === 0 ? undefined : shard, count, lastSeq, headHash, at });

type Head = Pick<Checkpoint, 'shard' | 'count' | 'lastSeq' | 'headHash'>;

/**
 * Each chain's head as committed. The trail's heads are rows its appends move in the statement that inserts,
 * so one read gives them all, consistent and without waiting on an append; the access log is counted under its lock.
 */
async function headsOf(tx: EntityManager, chain: ChainName): Promise<Head[]> {
  if (chain === 'card_actions')
    return tx.query(`SELECT shard, length::int AS count, last_seq::text AS "lastSeq", hash AS "headHash" FROM card_action_chain_heads WHERE hash IS NOT NULL ORDER BY shard`);
  await tx.query('SELECT pg_advisory_xact_lock($1)', [ACCESS_LOG_LOCK]);
  const [head] = await tx.query(`SELECT c.seq::text AS seq, c.hash FROM audit_access_log c WHERE c.hash IS NOT NULL ORDER BY c.seq DESC LIMIT 1`);
  if (!head) return [];
  const [{ count }] = await tx.query(`SELECT count(*)::int AS count FROM audit_access_log`);
  return [{ shard: 0, count, lastSeq: head.seq, headHash: head.hash }];
}

/**
 * Signs the head of each of a chain's shards that moved since its latest checkpoint, and writes the checkpoints
 * to the database and, when configured, to the append-only file. Nothing is written for an empty chain.
 */
export async function writeCheckpoints(manager: EntityManager, keys: AuditKeys, chain: ChainName, file: string | undefined): Promise<Checkpoint[]> {
  const checkpoints = await manager.transaction(async (tx) => {
    const latest: { shard: number; lastSeq: string; count: number }[] = await tx.query(
      `SELECT DISTINCT ON (shard) shard, last_seq::text AS "lastSeq", count::int AS count FROM audit_checkpoints WHERE chain = $1 ORDER BY shard, last_seq DESC, seq DESC`,
      [chain],
    );
    const moved = (await headsOf(tx, chain)).filter((head) => !latest.some((l) => l.shard === head.shard && l.lastSeq === head.lastSeq && l.count === head.count));
    const at = new Date().toISOString();
    const signed = moved.map((head): Checkpoint => {
      const unsigned = { chain, ...head, at };
      return { ...unsigned, signature: keys.sign(payload(unsigned)) };
    });
    if (signed.length > 0)
      await tx.query(
        `INSERT INTO audit_checkpoints (chain, shard, count, last_seq, head_hash, at, signature)
         SELECT $1, * FROM unnest($2::smallint[], $3::bigint[], $4::bigint[], $5::text[], $6::timestamptz[], $7::text[])`,
        [chain, ...(['shard', 'count', 'lastSeq', 'headHash', 'at', 'signature'] as const).map((key) => signed.map((c) => c[key]))],
      );
    return signed;
  });
  if (checkpoints.length > 0 && file) await appendFile(file, checkpoints.map((c) => `${JSON.stringify(c)}\n`).join(''), { flag: 'a' });
  return checkpoints;
}

/** Every checkpoint of an exported file: one JSON object per line (a verify answer's checkpoint saved as is will do). */
export async function readCheckpointFile(file: string): Promise<unknown[]> {
  const text = await readFile(file, 'utf8');
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
}

export async function checkpointsInDatabase(manager: EntityManager): Promise<Checkpoint[]> {
  const rows: Checkpoint[] = await manager.query(
    `SELECT chain, shard, count::int AS count, last_seq::text AS "lastSeq", head_hash AS "headHash", at, signature FROM audit_checkpoints ORDER BY seq`,
  );
  return rows.map((row) => ({ ...row, at: new Date(row.at).toISOString() }));
}

/** The latest validly signed checkpoint of each shard of each chain, by chain then shard; null where there is none. */
export type LatestCheckpoints = Record<ChainName, (Checkpoint | null)[]>;

/**
 * The latest validly signed checkpoint of each chain's shards among those given (from the database, the file,
 * an export); a checkpoint whose signature does not verify is itself reported as forged.
 */
export function latestCheckpoints(keys: AuditKeys, candidates: unknown[]): { latest: LatestCheckpoints; problems: ChainProblem[] } {
  const latest = Object.fromEntries(CHAINS.map((chain) => [chain, Array.from({ length: SHARDS_OF[chain] }, () => null)])) as LatestCheckpoints;
  const problems: ChainProblem[] = [];
  for (const candidate of candidates) {
    const checkpoint = asCheckpoint(candidate);
    if (!checkpoint || !keys.verifies(payload(checkpoint), checkpoint.signature)) {
      const of = checkpoint ? ` of ${checkpoint.chain}${checkpoint.chain === 'card_actions' ? ` chain ${checkpoint.shard}` : ''} at ${checkpoint.at}` : '';
      problems.push({ kind: 'forged-checkpoint', shard: checkpoint?.shard ?? 0, seq: checkpoint?.lastSeq ?? null, id: null, message: `a checkpoint${of} is not validly signed by the audit signing key` });
      continue;
    }
    const current = latest[checkpoint.chain][checkpoint.shard];
    if (!current || BigInt(checkpoint.lastSeq) > BigInt(current.lastSeq) || (checkpoint.lastSeq === current.lastSeq && checkpoint.count > current.count))
      latest[checkpoint.chain][checkpoint.shard] = checkpoint;
  }
  return { latest, problems };
}

/** A checkpoint as read from anywhere; one without a shard (written before the trail had chains) is of chain 0. */
function asCheckpoint(value: unknown): Checkpoint | null {
  const c = value as Partial<Checkpoint> | null;
  if (c === null || typeof c !== 'object' || !(CHAINS as readonly unknown[]).includes(c.chain)) return null;
  const shard = c.shard ?? 0;
  const ok = Number.isInteger(shard) && shard >= 0 && shard < SHARDS_OF[c.chain!] && Number.isInteger(c.count)
    && typeof c.lastSeq === 'string' && /^\d{1,19}$/.test(c.lastSeq) && typeof c.headHash === 'string' && typeof c.at === 'string' && typeof c.signature === 'string';
  return ok ? { chain: c.chain!, shard, count: c.count!, lastSeq: c.lastSeq!, headHash: c.headHash!, at: c.at!, signature: c.signature! } : null;
}
