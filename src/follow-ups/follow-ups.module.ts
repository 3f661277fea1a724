import { Module } from '@nestjs/common';
import { FollowUpsParticipant } from './follow-ups.participant.js';
import { FollowUpHandler } from './follow-up.handler.js';
import { FollowUpSection } from './follow-up.section.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { FeedbackController } from './feedback.controller.js';
import { FollowUps } from './follow-ups.js';

/** Post-service follow-up: asked a while after resolution, answered through the API. */
@Module({
  imports: [NotificationsModule],
  providers: [FollowUpsParticipant, FollowUpHandler, FollowUpSection, FollowUps],
  controllers: [FeedbackController],
  exports: [FollowUps],
})
export class FollowUpsModule {}
