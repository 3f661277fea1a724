import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { EffectRunner } from './effect-runner.js';
import { CardActionsProcessor, NotificationsProcessor, ReissueProcessor, TimersProcessor } from './effect.processors.js';
import { EffectsModule } from './effects.module.js';
import { OutboxSweeper } from './outbox-sweeper.js';

/** Consumes the effect queues; loaded when ROLE is `worker` or `all`. */
@Module({
  imports: [EffectsModule, IncidentsModule, NotificationsModule],
  providers: [EffectRunner, OutboxSweeper, CardActionsProcessor, ReissueProcessor, NotificationsProcessor, TimersProcessor],
})
export class WorkersModule {}
