import { Global, Module } from '@nestjs/common';
import { EffectsModule } from '../effects/effects.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { PlaybooksModule } from '../playbooks/playbooks.module.js';
import { IdempotencyParticipant } from './idempotency.participant.js';
import { IncidentJournal } from './incident-journal.js';
import { IncidentSearch } from './incident-search.js';
import { IncidentViews } from './incident-views.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsService } from './incidents.service.js';
import { SendParticipants } from './send-participant.js';
import { ViewSections } from './view-section.js';
import { IncidentChangeFeed } from './live/incident-change-feed.js';
import { IncidentStreams } from './live/incident-streams.js';

/**
 * The incident lifecycle. Global: features take part in `send()` (SendParticipants) and in the incident view (ViewSections)
 * by registering, without this module importing them; the jurisdiction of a new incident comes from the liability module's JurisdictionChoice.
 */
@Global()
@Module({
  imports: [PlaybooksModule, EffectsModule, IdempotencyModule],
  providers: [IncidentsService, IncidentJournal, IncidentViews, IncidentSearch, IncidentChangeFeed, IncidentStreams, SendParticipants, ViewSections, IdempotencyParticipant],
  controllers: [IncidentsController],
  exports: [IncidentsService, IncidentViews, IncidentSearch, SendParticipants, ViewSections],
})
export class IncidentsModule {}
