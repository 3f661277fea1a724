import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { BlockCardBatchHandler } from './block-card-batch.handler.js';
import { BreachBatches } from './breach-batches.js';
import { BreachProgressSection } from './breach-progress.section.js';
import { MassCompromiseController } from './mass-compromise.controller.js';
import { NotifyCustomersBatchHandler } from './notify-customers-batch.handler.js';
import { ReissueCardBatchHandler } from './reissue-card-batch.handler.js';

/** Merchant breaches: one incident for up to 100,000 cards, and the handlers of its batch effects. */
@Module({
  imports: [IncidentsModule, IdempotencyModule, AuditModule, NotificationsModule],
  providers: [BreachBatches, BreachProgressSection, BlockCardBatchHandler, ReissueCardBatchHandler, NotifyCustomersBatchHandler],
  controllers: [MassCompromiseController],
})
export class MassCompromiseModule {}
