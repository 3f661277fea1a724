import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { currentRequestId } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { EffectHandlers } from './effect-handlers.js';
import type { EffectEntity } from './effect.entity.js';
import { QueueName } from './queue-name.js';

export { QueueName };

export type EnqueuedEffect = Pick<EffectEntity, 'id' | 'kind' | 'dueAt'>;

/** A request never waits long on Redis: the effect is already safe in Postgres. */
const ENQUEUE_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One Redis step: a job BullMQ holds as completed or failed is removed, and the caller that removed it
 * (or found none) takes a re-arm claim, so exactly one caller adds the replacement (then drops the claim). Answers
 * 'rearm' to that caller and 'live' to everyone else. A claim whose holder died expires; the sweeper tries again.
 */
const CLAIM_REARM = {
  name: 'lifelineClaimRearm',
  numberOfKeys: 4,
  lua: `
if redis.call('EXISTS', KEYS[3]) == 1 then
  if not (redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZSCORE', KEYS[2], ARGV[1])) then return 'live' end
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('DEL', KEYS[3], KEYS[3] .. ':logs')
end
if redis.call('SET', KEYS[4], '1', 'NX', 'PX', ARGV[2]) then return 'rearm' end
return 'live'`,
};
/** Longer than a re-arm may take (ENQUEUE_TIMEOUT_MS); a dead holder's claim is soon retried. */
const REARM_CLAIM_MS = 3 * ENQUEUE_TIMEOUT_MS;
const scripted = new WeakSet<object>();

/** A job carries the effect id only: Postgres holds everything else. */
export interface EffectJob {
  effectId: string;
  /** The request that caused the effect, so the job's log lines and core-banking calls carry its id. */
  requestId?: string;
}

const jobData = (effect: EnqueuedEffect): EffectJob => ({ effectId: effect.id, requestId: currentRequestId() });

/**
 * Puts effects on their queues. The job id is the effect id, so enqueueing the same
 * effect twice (relay and sweeper, or two replicas) adds one job.
 */
@Injectable()
export class EffectQueue implements OnModuleInit {
  private readonly logger = new Logger(EffectQueue.name);
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    private readonly config: AppConfig,
    private readonly handlers: EffectHandlers,
    @InjectQueue(QueueName.Protection) protection: Queue,
    @InjectQueue(QueueName.CardActions) cardActions: Queue,
    @InjectQueue(QueueName.Reissue) reissue: Queue,
    @InjectQueue(QueueName.Notifications) notifications: Queue,
    @InjectQueue(QueueName.Timers) timers: Queue,
    @InjectQueue(QueueName.Breach) breach: Queue,
  ) {
    this.queues = {
      [QueueName.Protection]: protection,
      [QueueName.CardActions]: cardActions,
      [QueueName.Reissue]: reissue,
      [QueueName.Notifications]: notifications,
      [QueueName.Timers]: timers,
      [QueueName.Breach]: breach,
    };
  }

  /** Redis must never evict jobs; an evicted job is an effect silently delayed until the sweeper finds it. */
  async onModuleInit(): Promise<void> {
    const client = await this.queues[QueueName.CardActions].getBackend().client;
    const policy = /maxmemory_policy:(\S+)/.exec(await client.info())?.[1] ?? 'unknown';
    if (policy === 'noeviction') return;
    const message = `Redis maxmemory-policy is "${policy}"; Lifeline needs "noeviction" so jobs are never evicted`;
    if (!this.config.REDIS_ALLOW_EVICTION) throw new Error(`${message} (set REDIS_ALLOW_EVICTION=true to start anyway)`);
    this.logger.warn(`${message}; starting anyway because REDIS_ALLOW_EVICTION=true`);
  }

  /**
   * Never throws: an effect that could not be enqueued stays in Postgres for the sweeper. One `addBulk`
   * per queue, so a transaction's effects (a wallet's blocks) reach Redis in one round trip, not one each.
   */
  async enqueue(effects: EnqueuedEffect[]): Promise<void> {
    const byQueue = new Map<QueueName, EnqueuedEffect[]>();
    for (const effect of effects) {
      const name = this.handlers.of(effect.kind).queue;
      byQueue.set(name, [...(byQueue.get(name) ?? []), effect]);
    }
    await Promise.all([...byQueue].map(([name, queued]) => this.addAll(name, queued)));
  }

  /**
   * Makes sure an unfinished effect has a live job (the sweeper, a supervisor's retry). A job BullMQ
   * has already finished or given up on is replaced; a waiting, delayed or active one is left alone.
   * Never throws and never waits long on Redis: the effect is safe in Postgres, and the sweeper tries again.
   */
  async ensureQueued(effect: EnqueuedEffect): Promise<'present' | 'enqueued' | 'unreachable'> {
    try {
      return await withTimeout(this.rearm(effect), ENQUEUE_TIMEOUT_MS);
    } catch (error) {
      this.logger.warn(`Effect ${effect.id} (${effect.kind}) not re-enqueued, left for the sweeper: ${(error as Error).message}`);
      return 'unreachable';
    }
  }

  /**
   * Atomic against other replicas (see CLAIM_REARM): two sweepers, or a sweeper and a supervisor's retry,
   * re-arming the same effect at once leave exactly one job, and only one of them counts a re-arm.
   * `add` with the effect id as job id is, besides, a no-op when the job exists.
   */
  private async rearm(effect: EnqueuedEffect): Promise<'present' | 'enqueued'> {
    const queue = this.queues[this.handlers.of(effect.kind).queue];
    const client = await queue.getBackend().client;
    if (!scripted.has(client)) client.defineCommand(CLAIM_REARM.name, CLAIM_REARM);
    scripted.add(client);
    const job = queue.toKey(effect.id);
    const outcome: 'rearm' | 'live' = await client.runCommand(CLAIM_REARM.name, [queue.keys.completed, queue.keys.failed, job, `${job}:rearm`, effect.id, REARM_CLAIM_MS]);
    if (outcome === 'live') return 'present';
    try {
      await queue.add(effect.kind, jobData(effect), jobOptions(effect, this.config));
    } finally {
      await client.del(`${job}:rearm`);
    }
    return 'enqueued';
  }

  private async addAll(name: QueueName, effects: EnqueuedEffect[]): Promise<void> {
    try {
      const jobs = effects.map((effect) => ({ name: effect.kind, data: jobData(effect), opts: jobOptions(effect, this.config) }));
      await withTimeout(this.queues[name].addBulk(jobs), ENQUEUE_TIMEOUT_MS);
    } catch (error) {
      const which = effects.map((effect) => `${effect.id} (${effect.kind})`).join(', ');
      this.logger.warn(`Effects ${which} not enqueued, left for the sweeper: ${(error as Error).message}`);
    }
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }
}

/**
 * The one place job options are decided. BullMQ's attempts match the effect's own count in
 * Postgres, where the runner decides when an effect is given up.
 */
export function jobOptions(effect: Pick<EffectEntity, 'id' | 'dueAt'>, config: AppConfig): JobsOptions {
  return {
    jobId: effect.id,
    delay: Math.max(0, effect.dueAt.getTime() - Date.now()),
    attempts: config.EFFECT_MAX_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.EFFECT_BACKOFF_MS },
    removeOnComplete: { age: 3600 },
    removeOnFail: { age: 24 * 3600 },
  };
}

export function queueConnection(config: AppConfig) {
  return { connection: { url: config.REDIS_URL, maxRetriesPerRequest: null }, prefix: config.QUEUE_PREFIX };
}
