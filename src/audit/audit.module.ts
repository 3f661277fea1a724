import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';
import { CardActionTrail } from './card-action-trail.js';
import { CardActionsParticipant } from './card-actions.participant.js';

/** The card-action audit trail: written by the incident lifecycle, read by risk teams. */
@Module({
  providers: [CardActionTrail, CardActionsParticipant, AuditService],
  controllers: [AuditController],
  exports: [CardActionTrail],
})
export class AuditModule {}
