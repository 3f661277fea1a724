import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { EffectsModule } from '../effects/effects.module.js';
import { FollowUpsModule } from '../follow-ups/follow-ups.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { LiabilityModule } from '../liability/liability.module.js';
import { PlaybooksModule } from '../playbooks/playbooks.module.js';
import { IncidentJournal } from './incident-journal.js';
import { IncidentViews } from './incident-views.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsService } from './incidents.service.js';

@Module({
  imports: [PlaybooksModule, EffectsModule, IdempotencyModule, AuditModule, CommitmentsModule, FollowUpsModule, LiabilityModule],
  providers: [IncidentsService, IncidentJournal, IncidentViews],
  controllers: [IncidentsController],
  exports: [IncidentsService, IncidentViews],
})
export class IncidentsModule {}
