import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import type { EffectKind } from '../playbooks/catalog/effects.js';
import { EffectQueue } from './effect-queue.js';
import { EffectObserver } from './effect-reporter.js';
import { ADVISORY_LOCKS } from '../common/advisory-locks.js';

const BATCH = 500;
/** Session advisory lock held by the one worker sweeping right now; Postgres frees it if that worker dies. */
export const SWEEPER_LOCK = ADVISORY_LOCKS.outboxSweeper;

/**
 * Postgres is the truth, Redis only runs jobs. Every few seconds the sweeper looks for effects
 * that are unfinished and untouched for a while, and gives any that lost its job (Redis flushed,
 * crash between commit and enqueue, BullMQ gave up early) a new one. Runs in worker processes.
 */
@Injectable()
export class OutboxSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly effectQueue: EffectQueue,
    private readonly observer: EffectObserver,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.SWEEP_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass, by one worker at a time across all replicas; returns how many effects were given a new job. */
  async sweep(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ leader }] = await runner.query('SELECT pg_try_advisory_lock($1) AS leader', [SWEEPER_LOCK]);
      if (!leader) return 0; // another worker is sweeping
      try {
        return await this.rearmStale();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [SWEEPER_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  private async rearmStale(): Promise<number> {
    const stale: { id: string; kind: EffectKind; due_at: Date }[] = await this.dataSource.query(
      `SELECT id, kind, due_at FROM effects
        WHERE status IN ('pending', 'running', 'failed') AND updated_at < now() - make_interval(secs => $1::float / 1000)
          -- Effects due far ahead (a follow-up tomorrow) are re-armed as their time nears, not on every pass.
          AND due_at < now() + interval '1 hour'
        ORDER BY due_at
        LIMIT $2`,
      [this.config.SWEEP_AFTER_MS, BATCH],
    );
    let enqueued = 0;
    for (const row of stale) {
      const outcome = await this.effectQueue.ensureQueued({ id: row.id, kind: row.kind, dueAt: row.due_at });
      if (outcome !== 'enqueued') continue;
      enqueued += 1;
      this.observer.sweeperRearmed(row.kind);
    }
    if (enqueued > 0) this.logger.warn(`Re-enqueued ${enqueued} effect(s) that had lost their job`);
    return enqueued;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.sweep().catch((error: unknown) => {
      this.logger.error(`Sweep failed, will try again: ${(error as Error).message}`);
      return 0;
    });
    await this.running;
    this.running = undefined;
  }
}
