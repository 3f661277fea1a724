import { Global, Module } from '@nestjs/common';
import { EffectsModule } from '../effects/effects.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { LiabilityModule } from '../liability/liability.module.js';
import { PlaybooksModule } from '../playbooks/playbooks.module.js';
import { IncidentJournal } from './incident-journal.js';
import { IncidentSearch } from './incident-search.js';
import { IncidentViews } from './incident-views.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsService } from './incidents.service.js';
import { SendParticipants } from './send-participant.js';
import { IncidentChangeFeed } from './live/incident-change-feed.js';
import { IncidentStreams } from './live/incident-streams.js';

/** The incident lifecycle. Global: features take part in `send()` by registering with SendParticipants, without this module importing them. */
@Global()
@Module({
  imports: [PlaybooksModule, EffectsModule, IdempotencyModule, LiabilityModule],
  providers: [IncidentsService, IncidentJournal, IncidentViews, IncidentSearch, IncidentChangeFeed, IncidentStreams, SendParticipants],
  controllers: [IncidentsController],
  exports: [IncidentsService, IncidentViews, IncidentSearch, SendParticipants],
})
export class IncidentsModule {}
