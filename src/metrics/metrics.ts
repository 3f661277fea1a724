import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { poolLoad } from '../common/database-pool.js';
import type { CoreBankingCallObserver } from '../core-banking/http-core-banking.adapter.js';
import { EffectQueue, QueueName } from '../effects/effect-queue.js';
import { PROTECTIVE_EVENTS } from '../playbooks/catalog/events.js';

/** Job reports that mean a card can no longer be used. */
const BLOCK_EVENTS = new Set(['CARD_BLOCKED', 'CARD_FROZEN', 'CARD_BATCH_BLOCKED']);

/** Seconds from an incident opening to protection: the bank's promise is "within seconds". */
const PROTECTION_BUCKETS = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 900];

/**
 * Lifeline's Prometheus metrics, the one place they are defined. Counters and histograms are fed by a
 * few named hooks; counts of what is in Postgres and Redis (incidents, effects, commitments, queues)
 * are read when Prometheus scrapes, so every replica reports the same truth.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly logger = new Logger(Metrics.name);

  private readonly timeToFirstProtectiveAction = new Histogram({
    name: 'lifeline_time_to_first_protective_action_seconds',
    help: 'From an incident opening to its first protective action (a card blocked or frozen, app sessions or wallet tokens revoked)',
    labelNames: ['playbook'],
    buckets: PROTECTION_BUCKETS,
    registers: [this.registry],
  });

  private readonly timeToBlock = new Histogram({
    name: 'lifeline_time_to_block_seconds',
    help: 'From an incident opening to each card (or breach batch) blocked or frozen at core banking',
    labelNames: ['playbook'],
    buckets: PROTECTION_BUCKETS,
    registers: [this.registry],
  });

  private readonly operatorStep = new Histogram({
    name: 'lifeline_operator_step_seconds',
    help: 'How long the API took to answer an operator pressing a step (POST /v1/incidents/:id/events), from its turn (lifeline_step_wait_seconds is the wait before it)',
    labelNames: ['playbook', 'status'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  private readonly stepWait = new Histogram({
    name: 'lifeline_step_wait_seconds',
    help: 'How long an operator step waited for its turn under load (STEP_CONCURRENCY) before it was taken, or turned away with 503 after STEP_WAIT_MAX_MS; steps that block or freeze cards never wait',
    labelNames: ['outcome'],
    buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly sweeperRearms = new Counter({
    name: 'lifeline_sweeper_rearms_total',
    help: 'Effects the outbox sweeper gave a new job because theirs was lost',
    labelNames: ['kind'],
    registers: [this.registry],
  });

  private readonly readsShed = new Counter({
    name: 'lifeline_reads_shed_total',
    help: 'Reads answered 503 under overload: the event loop lagged past SHED_READS_AT_LOOP_DELAY_MS or SHED_READS_AT_POOL_WAITING queries waited for a connection (writes are never shed)',
    registers: [this.registry],
  });

  private readonly coreBankingCalls = new Histogram({
    name: 'lifeline_core_banking_call_seconds',
    help: 'Core-banking calls by route and outcome (ok, timeout, unavailable, rejected, not_found)',
    labelNames: ['route', 'outcome'],
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly coreBankingErrors = new Counter({
    name: 'lifeline_core_banking_errors_total',
    help: 'Core-banking calls that failed, by route and kind',
    labelNames: ['route', 'kind'],
    registers: [this.registry],
  });

  constructor(
    private readonly dataSource: DataSource,
    private readonly effectQueue: EffectQueue,
    private readonly config: AppConfig,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'lifeline_process_' });
    this.countedFromPostgres();
    this.countedFromQueues();
    this.countedFromPool();
  }

  /** Prometheus text format. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  // --- hooks ---

  /** The effect runner, after a job's report is recorded. Never throws: a metric must not fail an effect. */
  async effectReported(incidentId: string, event: string): Promise<void> {
    if (!PROTECTIVE_EVENTS.has(event)) return;
    await this.observeProtection(incidentId, event).catch((error: Error) => this.unreadable('the time to protection', error, undefined));
  }

  private async observeProtection(incidentId: string, event: string): Promise<void> {
    const [incident]: { playbook_id: string; opened_at: Date }[] = await this.dataSource.query('SELECT playbook_id, opened_at FROM incidents WHERE id = $1', [incidentId]);
    if (!incident) return;
    const seconds = (Date.now() - incident.opened_at.getTime()) / 1000;
    if (BLOCK_EVENTS.has(event)) this.timeToBlock.observe({ playbook: incident.playbook_id }, seconds);
    if (await this.isFirstProtection(incidentId)) this.timeToFirstProtectiveAction.observe({ playbook: incident.playbook_id }, seconds);
  }

  /** The HTTP interceptor, once an operator's step has been answered. Never throws. */
  async operatorStepAnswered(incidentId: string, status: number, seconds: number): Promise<void> {
    const playbook = await this.playbookOf(incidentId).catch(() => 'unknown');
    this.operatorStep.observe({ playbook, status: String(status) }, seconds);
  }

  /** An incident never changes playbook, so a bounded memory of recent ones saves a query per step. */
  private readonly playbooks = new Map<string, string>();

  private async playbookOf(incidentId: string): Promise<string> {
    const known = this.playbooks.get(incidentId);
    if (known) return known;
    const [row]: { playbook_id: string }[] = /^[0-9a-f-]{36}$/i.test(incidentId) ? await this.dataSource.query('SELECT playbook_id FROM incidents WHERE id = $1', [incidentId]) : [];
    if (!row) return 'unknown';
    if (this.playbooks.size >= 10_000) this.playbooks.delete(this.playbooks.keys().next().value!);
    this.playbooks.set(incidentId, row.playbook_id);
    return row.playbook_id;
  }

  /** The outbox sweeper, for each effect it re-armed. */
  sweeperRearmed(kind: string): void {
    this.sweeperRearms.inc({ kind });
  }

  /** Read shedding, for each read it turned away. */
  readShed(): void {
    this.readsShed.inc();
  }

  stepWaited(outcome: 'taken' | 'turned_away', seconds: number): void {
    this.stepWait.observe({ outcome }, seconds);
  }

  /** Given to the core-banking adapter. */
  readonly coreBankingCall: CoreBankingCallObserver = (route, outcome, seconds) => {
    this.coreBankingCalls.observe({ route, outcome }, seconds);
    if (outcome !== 'ok') this.coreBankingErrors.inc({ route, kind: outcome });
  };

  /**
   * Several protective jobs of one incident finish at once (every card of a stolen wallet), on any
   * worker; exactly one claims "first" (SET NX), so the histogram counts each incident once.
   */
  private async isFirstProtection(incidentId: string): Promise<boolean> {
    const redis = (await this.effectQueue.queue(QueueName.CardActions).getBackend().client) as unknown as Redis;
    const claimed = await redis.set(`${this.config.QUEUE_PREFIX}:metrics:first-protection:${incidentId}`, '1', 'EX', 7 * 24 * 3600, 'NX');
    return claimed === 'OK';
  }

  // --- read at scrape time ---

  private countedFromPostgres(): void {
    const counted = (name: string, help: string, labelNames: string[], sql: string) =>
      new Gauge({
        name,
        help,
        labelNames,
        registers: [this.registry],
        collect: async function (this: Gauge) {
          const rows: Record<string, string>[] = await metrics.dataSource.query(sql).catch((error: Error) => metrics.unreadable(name, error));
          this.reset();
          for (const { count, ...labels } of rows) this.set(labels, Number(count));
        },
      });
    const metrics = this;
    counted('lifeline_incidents', 'Incidents by playbook and status', ['playbook', 'status'], 'SELECT playbook_id AS playbook, status, count(*) FROM incidents GROUP BY 1, 2');
    counted('lifeline_effects', 'Effects by kind and status (pending, running, failed, succeeded, dead)', ['kind', 'status'], 'SELECT kind, status, count(*) FROM effects GROUP BY 1, 2');
    counted('lifeline_dead_effects', 'Effects Lifeline gave up on, by kind: each needs a person', ['kind'], `SELECT kind, count(*) FROM effects WHERE status = 'dead' GROUP BY 1`);
    counted(
      'lifeline_commitments',
      'Commitments read to customers: due (open, not yet late), overdue (open, past due), kept, broken, withdrawn',
      ['status'],
      `SELECT CASE status WHEN 'met' THEN 'kept' WHEN 'breached' THEN 'broken' WHEN 'open' THEN CASE WHEN due_by < now() THEN 'overdue' ELSE 'due' END ELSE status END AS status,
              count(*) FROM commitments GROUP BY 1`,
    );
  }

  private countedFromQueues(): void {
    const metrics = this;
    const names = Object.values(QueueName);
    new Gauge({
      name: 'lifeline_queue_jobs',
      help: 'Jobs in each queue by state (waiting, active, delayed, failed)',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const name of names) {
          const counts = await metrics.effectQueue.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed').catch((error: Error) => metrics.unreadable('lifeline_queue_jobs', error, {}));
          for (const [state, count] of Object.entries(counts)) this.set({ queue: name, state }, count);
        }
      },
    });
    new Gauge({
      name: 'lifeline_queue_oldest_job_age_seconds',
      help: 'Age of the oldest job waiting to run in each queue (0 when none waits): a stuck or starved queue',
      labelNames: ['queue'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const name of names) {
          const [oldest] = await metrics.effectQueue.queue(name).getJobs(['waiting'], 0, 0, true).catch((error: Error) => metrics.unreadable('lifeline_queue_oldest_job_age_seconds', error, []));
          this.set({ queue: name }, oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0);
        }
      },
    });
  }

  private countedFromPool(): void {
    const { dataSource } = this;
    new Gauge({
      name: 'lifeline_database_pool',
      help: "This process's Postgres connections (state=open) and the queries waiting for one (state=waiting)",
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const { connections, waiting } = poolLoad(dataSource);
        this.set({ state: 'open' }, connections);
        this.set({ state: 'waiting' }, waiting);
      },
    });
  }

  /** A scrape still answers when Postgres or Redis is down; the readiness probe says which. */
  private unreadable<T = never[]>(metric: string, error: Error, empty: T = [] as T): T {
    this.logger.warn(`Could not read ${metric}: ${error.message}`);
    return empty;
  }
}
