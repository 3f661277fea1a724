import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { WorkerOptions } from 'bullmq';
import { withRequestId } from '../common/request-context.js';
import { EffectJob, QueueName } from './effect-queue.js';
import { EffectRunner } from './effect-runner.js';

/** Workers only route: the effect id goes to the runner, the retry policy decides the rest. */
abstract class EffectProcessor extends WorkerHost {
  // Property injection: the queue-specific subclasses then need no constructors of their own.
  @Inject(EffectRunner) private readonly runner: EffectRunner;

  async process(job: Job<EffectJob>): Promise<void> {
    await withRequestId(job.data.requestId ?? `job-${job.id}`, () => this.runner.run(job.data.effectId));
  }
}

/**
 * A worker that dies mid-job (kill -9, OOM) holds its jobs until the lock expires; a short lock
 * gets them running again within seconds. Our jobs are I/O-bound and idempotent, so an early
 * stall verdict costs at most a repeated (harmless) attempt.
 */
const workerOptions = (concurrency: number): Partial<WorkerOptions> => ({ concurrency, lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 });

/** Reserved for blocks and freezes: however busy the other queues, these workers are free for the next card. */
@Processor(QueueName.Protection, workerOptions(20))
export class ProtectionProcessor extends EffectProcessor {}

@Processor(QueueName.CardActions, workerOptions(20))
export class CardActionsProcessor extends EffectProcessor {}

@Processor(QueueName.Reissue, workerOptions(10))
export class ReissueProcessor extends EffectProcessor {}

@Processor(QueueName.Notifications, workerOptions(10))
export class NotificationsProcessor extends EffectProcessor {}

@Processor(QueueName.Timers, workerOptions(10))
export class TimersProcessor extends EffectProcessor {}

/** Few at a time: each job carries a thousand cards, and a batch's trail rows take their chains' heads for its whole transaction. */
@Processor(QueueName.Breach, workerOptions(4))
export class BreachProcessor extends EffectProcessor {}
