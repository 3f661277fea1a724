import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { EffectJob, QueueName } from './effect-queue.js';
import { EffectRunner } from './effect-runner.js';

/** Workers only route: the effect id goes to the runner, the retry policy decides the rest. */
abstract class EffectProcessor extends WorkerHost {
  // Property injection: the queue-specific subclasses then need no constructors of their own.
  @Inject(EffectRunner) private readonly runner: EffectRunner;

  async process(job: Job<EffectJob>): Promise<void> {
    await this.runner.run(job.data.effectId);
  }
}

@Processor(QueueName.CardActions, { concurrency: 20 })
export class CardActionsProcessor extends EffectProcessor {}

@Processor(QueueName.Reissue, { concurrency: 10 })
export class ReissueProcessor extends EffectProcessor {}

@Processor(QueueName.Notifications, { concurrency: 10 })
export class NotificationsProcessor extends EffectProcessor {}

@Processor(QueueName.Timers, { concurrency: 10 })
export class TimersProcessor extends EffectProcessor {}
