import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { AuditChain } from './audit-chain.js';
import { AuditKeys } from './audit-keys.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';
import { CardActionTrail } from './card-action-trail.js';
import { CardActionsParticipant } from './card-actions.participant.js';

/** The card-action audit trail: written by the incident lifecycle, read by risk teams. */
@Module({
  providers: [{ provide: AuditKeys, inject: [AppConfig], useFactory: (config: AppConfig) => AuditKeys.from(config) }, AuditChain, CardActionTrail, CardActionsParticipant, AuditService],
  controllers: [AuditController],
  exports: [CardActionTrail],
})
export class AuditModule {}
