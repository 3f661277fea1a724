import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { EffectQueue, queueConnection, QueueName } from './effect-queue.js';

/** The queues effects travel on. Every process enqueues; only workers consume (WorkersModule). */
@Module({
  imports: [
    BullModule.forRootAsync({ inject: [AppConfig], useFactory: queueConnection }),
    BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
  ],
  providers: [EffectQueue],
  exports: [EffectQueue],
})
export class EffectsModule {}
