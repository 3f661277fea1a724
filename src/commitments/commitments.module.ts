import { Module } from '@nestjs/common';
import { CommitmentsParticipant } from './commitments.participant.js';
import { ScheduleCallbackHandler } from './schedule-callback.handler.js';
import { CommitmentsSection } from './commitments.section.js';
import { LiabilityModule } from '../liability/liability.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { AlertsController } from './alerts.controller.js';
import { CommitmentBook } from './commitment-book.js';
import { CommitmentWatcher } from './commitment-watcher.js';
import { SupervisorAlerts } from './supervisor-alerts.js';
import { UntouchedWatcher } from './untouched-watcher.js';

/** Promises read to the customer: tracked with the incident, checked at their due time, alerts when missed. */
@Module({
  imports: [LiabilityModule, NotificationsModule],
  providers: [CommitmentsParticipant, CommitmentsSection, ScheduleCallbackHandler, CommitmentBook, CommitmentWatcher, SupervisorAlerts, UntouchedWatcher],
  controllers: [AlertsController],
  exports: [CommitmentBook, CommitmentWatcher, SupervisorAlerts],
})
export class CommitmentsModule {}
