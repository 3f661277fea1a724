import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { type Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { FeedbackDto } from './dto/feedback.dto.js';
import type { FollowUpView } from './follow-up.view.js';
import { FollowUps } from './follow-ups.js';

/** The customer's answer to the follow-up, from the survey channel or an operator (who may call: src/auth/access-matrix.ts). */
@Controller('v1/incidents')
export class FeedbackController {
  constructor(private readonly followUps: FollowUps) {}

  @Post(':id/feedback')
  record(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string, @Body() body: FeedbackDto, @CurrentActor() actor: Actor): Promise<FollowUpView> {
    return this.followUps.recordFeedback(id, body, actor);
  }
}
