import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import type { JsonObject } from '../common/json.js';
import { AuditAccessEntity, type AuditRead } from './audit-access.entity.js';
import { AuditKeys } from './audit-keys.js';
import { checkpointsInDatabase, latestCheckpoints, readCheckpointFile, writeCheckpoints, type Checkpoint } from './checkpoints.js';
import { ACCESS_LOG_LOCK, accessContent, CHAINS, GENESIS_HASH, SHARDS_OF, verifyChain, type ChainName, type ChainProblem, type ChainReport } from './hash-chain.js';

/** One of the trail's chains, checked. */
export interface ShardVerification {
  shard: number;
  checked: number;
  checkpoint: Checkpoint | null;
}

/** Both chains checked: the trail (each of its chains) and the log of who read it. */
export interface AuditVerification {
  ok: boolean;
  /** Rows of the card-action trail checked, on all its chains. */
  checked: number;
  /** The first trail row named by a problem. */
  firstBrokenId: string | null;
  /** Every problem, each naming its chain (and the trail's chain by shard) and pinpointing the row or the stretch of rows. */
  problems: (ChainProblem & { chain: ChainName | 'checkpoints' })[];
  chains: {
    card_actions: { checked: number; shards: ShardVerification[] };
    audit_access_log: { checked: number; checkpoint: Checkpoint | null };
  };
}

/**
 * Holds every chain against its latest validly signed checkpoint among `checkpoints` (the database's and the
 * configured file's, or an exported file when verifying offline).
 */
export async function verifyAudit(manager: EntityManager, keys: AuditKeys, checkpoints: unknown[]): Promise<AuditVerification> {
  const { latest, problems: checkpointProblems } = latestCheckpoints(keys, checkpoints);
  const reports: ChainReport[] = [];
  for (const chain of CHAINS) for (let shard = 0; shard < SHARDS_OF[chain]; shard++) reports.push(await verifyChain(manager, keys, chain, shard, latest[chain][shard]));
  const trail = reports.filter((r) => r.chain === 'card_actions');
  const [log] = reports.filter((r) => r.chain === 'audit_access_log');
  const problems = [...checkpointProblems.map((p) => ({ ...p, chain: 'checkpoints' as const })), ...reports.flatMap((r) => r.problems.map((p) => ({ ...p, chain: r.chain })))];
  const checked = trail.reduce((sum, r) => sum + r.checked, 0);
  return {
    ok: problems.length === 0,
    checked,
    firstBrokenId: problems.find((p) => p.chain === 'card_actions' && p.id !== null)?.id ?? null,
    problems,
    chains: {
      card_actions: { checked, shards: trail.map(({ shard, checked, checkpoint }) => ({ shard, checked, checkpoint })) },
      audit_access_log: { checked: log.checked, checkpoint: log.checkpoint },
    },
  };
}

/** One read of the trail onto the access log, linked to the one before under the log's own lock. */
export async function recordAuditAccess(
  manager: EntityManager,
  keys: AuditKeys,
  read: { actor: string; origin: string; read: AuditRead; filters: JsonObject; rowCount: number },
): Promise<void> {
  await manager.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ACCESS_LOG_LOCK]);
    const [head] = await tx.query('SELECT hash FROM audit_access_log WHERE hash IS NOT NULL ORDER BY seq DESC LIMIT 1');
    const prevHash: string = head?.hash ?? GENESIS_HASH;
    const row = { ...read, at: new Date() };
    const hash = keys.link(keys.currentKeyId, prevHash, accessContent(row))!;
    await tx.getRepository(AuditAccessEntity).insert({ ...row, keyId: keys.currentKeyId, prevHash, hash });
  });
}

/** Verifies on request, and checkpoints both chains' heads every AUDIT_CHECKPOINT_INTERVAL_MS and when the process stops. */
@Injectable()
export class AuditChain implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditChain');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: AuditKeys,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.AUDIT_CHECKPOINT_INTERVAL_MS;
    if (every > 0) this.timer = setInterval(() => void this.checkpoint().catch((error: unknown) => this.logger.error(`Checkpoint failed: ${String(error)}`)), every).unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.checkpoint().catch((error: unknown) => this.logger.error(`Checkpoint at shutdown failed: ${String(error)}`));
  }

  /** Signs the head of each chain that moved since its last checkpoint. */
  async checkpoint(): Promise<Checkpoint[]> {
    const written: Checkpoint[] = [];
    for (const chain of CHAINS) written.push(...(await writeCheckpoints(this.dataSource.manager, this.keys, chain, this.config.AUDIT_CHECKPOINT_FILE)));
    return written;
  }

  async verify(): Promise<AuditVerification> {
    return verifyAudit(this.dataSource.manager, this.keys, await this.checkpoints());
  }

  /** The latest validly signed checkpoint of each of the trail's chains (null where there is none), without walking them. */
  async latestTrailCheckpoints(): Promise<(Checkpoint | null)[]> {
    return latestCheckpoints(this.keys, await this.checkpoints()).latest.card_actions;
  }

  private async checkpoints(): Promise<unknown[]> {
    const stored = await checkpointsInDatabase(this.dataSource.manager);
    const filed = this.config.AUDIT_CHECKPOINT_FILE ? await readCheckpointFile(this.config.AUDIT_CHECKPOINT_FILE).catch(() => []) : [];
    return [...stored, ...filed];
  }

  record(read: Parameters<typeof recordAuditAccess>[2]): Promise<void> {
    return recordAuditAccess(this.dataSource.manager, this.keys, read);
  }
}
