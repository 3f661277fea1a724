import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { MassCompromiseController } from './mass-compromise.controller.js';

/** Merchant breaches: one incident for up to 100,000 cards. Their batch jobs run in the workers (BreachBatches). */
@Module({
  imports: [IncidentsModule, IdempotencyModule],
  controllers: [MassCompromiseController],
})
export class MassCompromiseModule {}
