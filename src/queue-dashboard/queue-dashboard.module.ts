import { Module } from '@nestjs/common';
import { EffectsModule } from '../effects/effects.module.js';
import { QueueDashboardController } from './queue-dashboard.controller.js';

/** The supervisors' read-only view of the queues (Bull Board). */
@Module({ imports: [EffectsModule], controllers: [QueueDashboardController] })
export class QueueDashboardModule {}
