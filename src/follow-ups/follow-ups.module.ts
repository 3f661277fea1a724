import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { FeedbackController } from './feedback.controller.js';
import { FollowUps } from './follow-ups.js';

/** Post-service follow-up: asked a while after resolution, answered through the API. */
@Module({
  imports: [NotificationsModule],
  providers: [FollowUps],
  controllers: [FeedbackController],
  exports: [FollowUps],
})
export class FollowUpsModule {}
