import { appendFile, readFile } from 'node:fs/promises';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../playbooks/playbook.compiler.js';
import type { AuditKeys } from './audit-keys.js';
import { CHAINS, LOCK_OF, type ChainName, type ChainProblem } from './hash-chain.js';

/** A signed statement of a chain's head: how many rows, the last one's place and hash, and when. */
export interface Checkpoint {
  chain: ChainName;
  count: number;
  lastSeq: string;
  headHash: string;
  at: string;
  /** Ed25519 over the canonical JSON of the fields above, base64. */
  signature: string;
}

const payload = ({ chain, count, lastSeq, headHash, at }: Omit<Checkpoint, 'signature'>) => canonicalJson({ chain, count, lastSeq, headHash, at });

/**
 * Signs the head of a chain, under the chain's lock so no row is half-appended, and writes the checkpoint to
 * the database and, when configured, to the append-only file. Nothing is written for an empty chain or one
 * whose head the latest checkpoint already names.
 */
export async function writeCheckpoint(manager: EntityManager, keys: AuditKeys, chain: ChainName, file: string | undefined): Promise<Checkpoint | null> {
  const checkpoint = await manager.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_OF[chain]]);
    const [head] = await tx.query(`SELECT c.seq::text AS seq, c.hash FROM ${chain} c WHERE c.hash IS NOT NULL ORDER BY c.seq DESC LIMIT 1`);
    if (!head) return null;
    const [{ count }] = await tx.query(`SELECT count(*)::int AS count FROM ${chain}`);
    const [latest] = await tx.query(`SELECT last_seq::text AS "lastSeq", count::int AS count FROM audit_checkpoints WHERE chain = $1 ORDER BY last_seq DESC, seq DESC LIMIT 1`, [chain]);
    if (latest && latest.lastSeq === head.seq && latest.count === count) return null;
    const unsigned = { chain, count, lastSeq: head.seq as string, headHash: head.hash as string, at: new Date().toISOString() };
    const signed: Checkpoint = { ...unsigned, signature: keys.sign(payload(unsigned)) };
    await tx.query(`INSERT INTO audit_checkpoints (chain, count, last_seq, head_hash, at, signature) VALUES ($1, $2, $3, $4, $5, $6)`, [
      chain, signed.count, signed.lastSeq, signed.headHash, signed.at, signed.signature,
    ]);
    return signed;
  });
  if (checkpoint && file) await appendFile(file, `${JSON.stringify(checkpoint)}\n`, { flag: 'a' });
  return checkpoint;
}

/** Every checkpoint of an exported file: one JSON object per line (a verify answer's checkpoint saved as is will do). */
export async function readCheckpointFile(file: string): Promise<unknown[]> {
  const text = await readFile(file, 'utf8');
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
}

export async function checkpointsInDatabase(manager: EntityManager): Promise<Checkpoint[]> {
  const rows: Checkpoint[] = await manager.query(
    `SELECT chain, count::int AS count, last_seq::text AS "lastSeq", head_hash AS "headHash", at, signature FROM audit_checkpoints ORDER BY seq`,
  );
  return rows.map((row) => ({ ...row, at: new Date(row.at).toISOString() }));
}

/**
 * The latest validly signed checkpoint of each chain among those given (from the database, the file, an
 * export); a checkpoint whose signature does not verify is itself reported as forged.
 */
export function latestCheckpoints(keys: AuditKeys, candidates: unknown[]): { latest: Record<ChainName, Checkpoint | null>; problems: ChainProblem[] } {
  const latest: Record<ChainName, Checkpoint | null> = { card_actions: null, audit_access_log: null };
  const problems: ChainProblem[] = [];
  for (const candidate of candidates) {
    const checkpoint = asCheckpoint(candidate);
    if (!checkpoint || !keys.verifies(payload(checkpoint), checkpoint.signature)) {
      problems.push({ kind: 'forged-checkpoint', seq: checkpoint?.lastSeq ?? null, id: null, message: `a checkpoint${checkpoint ? ` of ${checkpoint.chain} at ${checkpoint.at}` : ''} is not validly signed by the audit signing key` });
      continue;
    }
    const current = latest[checkpoint.chain];
    if (!current || BigInt(checkpoint.lastSeq) > BigInt(current.lastSeq) || (checkpoint.lastSeq === current.lastSeq && checkpoint.count > current.count)) latest[checkpoint.chain] = checkpoint;
  }
  return { latest, problems };
}

function asCheckpoint(value: unknown): Checkpoint | null {
  const c = value as Partial<Checkpoint> | null;
  const ok = c !== null && typeof c === 'object' && (CHAINS as readonly unknown[]).includes(c.chain) && Number.isInteger(c.count)
    && typeof c.lastSeq === 'string' && /^\d{1,19}$/.test(c.lastSeq) && typeof c.headHash === 'string' && typeof c.at === 'string' && typeof c.signature === 'string';
  return ok ? { chain: c.chain!, count: c.count!, lastSeq: c.lastSeq!, headHash: c.headHash!, at: c.at!, signature: c.signature! } : null;
}
