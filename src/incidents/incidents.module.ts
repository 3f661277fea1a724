import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { EffectsModule } from '../effects/effects.module.js';
import { FollowUpsModule } from '../follow-ups/follow-ups.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { LiabilityModule } from '../liability/liability.module.js';
import { PlaybooksModule } from '../playbooks/playbooks.module.js';
import { IncidentJournal } from './incident-journal.js';
import { IncidentSearch } from './incident-search.js';
import { IncidentViews } from './incident-views.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsService } from './incidents.service.js';
import { IncidentChangeFeed } from './live/incident-change-feed.js';
import { IncidentStreams } from './live/incident-streams.js';

@Module({
  imports: [PlaybooksModule, EffectsModule, IdempotencyModule, AuditModule, CommitmentsModule, FollowUpsModule, LiabilityModule],
  providers: [IncidentsService, IncidentJournal, IncidentViews, IncidentSearch, IncidentChangeFeed, IncidentStreams],
  controllers: [IncidentsController],
  exports: [IncidentsService, IncidentViews, IncidentSearch],
})
export class IncidentsModule {}
