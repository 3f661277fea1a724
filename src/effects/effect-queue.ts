import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config.js';
import type { EffectKind } from '../playbooks/catalog/effects.js';
import type { EffectEntity } from './effect.entity.js';

/** The BullMQ queues, one per kind of outside party, so a slow one never holds up another. */
export enum QueueName {
  CardActions = 'card-actions',
  Reissue = 'reissue',
  Notifications = 'notifications',
  Timers = 'timers',
}

export const QUEUE_OF: Record<EffectKind, QueueName> = {
  blockCard: QueueName.CardActions,
  loadTransactions: QueueName.CardActions,
  scheduleReissue: QueueName.Reissue,
  notifyCustomer: QueueName.Notifications,
  scheduleCallback: QueueName.Timers,
};

/** A job carries the effect id only: Postgres holds everything else. */
export interface EffectJob {
  effectId: string;
}

/**
 * Puts effects on their queues. The job id is the effect id, so enqueueing the same
 * effect twice (relay and sweeper, or two replicas) adds one job.
 */
@Injectable()
export class EffectQueue {
  private readonly logger = new Logger(EffectQueue.name);
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    private readonly config: AppConfig,
    @InjectQueue(QueueName.CardActions) cardActions: Queue,
    @InjectQueue(QueueName.Reissue) reissue: Queue,
    @InjectQueue(QueueName.Notifications) notifications: Queue,
    @InjectQueue(QueueName.Timers) timers: Queue,
  ) {
    this.queues = {
      [QueueName.CardActions]: cardActions,
      [QueueName.Reissue]: reissue,
      [QueueName.Notifications]: notifications,
      [QueueName.Timers]: timers,
    };
  }

  /** Never throws: an effect that could not be enqueued stays pending in Postgres for the sweeper. */
  async enqueue(effects: Pick<EffectEntity, 'id' | 'kind' | 'dueAt'>[]): Promise<void> {
    await Promise.all(
      effects.map(async (effect) => {
        try {
          await this.queues[QUEUE_OF[effect.kind]].add(effect.kind, { effectId: effect.id } satisfies EffectJob, jobOptions(effect, this.config));
        } catch (error) {
          this.logger.warn(`Effect ${effect.id} (${effect.kind}) not enqueued, left for the sweeper: ${(error as Error).message}`);
        }
      }),
    );
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
