import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { EffectHandlers } from './effect-handlers.js';
import { EffectQueue, queueConnection } from './effect-queue.js';
import { Outbox } from './outbox.js';
import { QueueName } from './queue-name.js';

/**
 * The outbox and the queues effects travel on, and the handlers every owning module registers with.
 * Global: a feature that owns an effect kind registers its handler without importing the core's wiring.
 * Every process enqueues; only workers consume (WorkersModule).
 */
@Global()
@Module({
  imports: [BullModule.forRootAsync({ inject: [AppConfig], useFactory: queueConnection }), BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name })))],
  providers: [EffectQueue, EffectHandlers, Outbox],
  exports: [EffectQueue, EffectHandlers, Outbox],
})
export class EffectsModule {}
