import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { FollowUpsModule } from '../follow-ups/follow-ups.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { BreachBatches } from '../mass-compromise/breach-batches.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { EffectRunner } from './effect-runner.js';
import { BreachProcessor, CardActionsProcessor, NotificationsProcessor, ReissueProcessor, TimersProcessor } from './effect.processors.js';
import { EffectsModule } from './effects.module.js';
import { OutboxSweeper } from './outbox-sweeper.js';

/** Consumes the effect queues; loaded when ROLE is `worker` or `all`. */
@Module({
  imports: [EffectsModule, IncidentsModule, NotificationsModule, CommitmentsModule, FollowUpsModule, AuditModule],
  providers: [EffectRunner, OutboxSweeper, BreachBatches, CardActionsProcessor, ReissueProcessor, NotificationsProcessor, TimersProcessor, BreachProcessor],
})
export class WorkersModule {}
