import { Module } from '@nestjs/common';
import { IdempotencyParticipant } from './idempotency.participant.js';
import { IdempotencyService } from './idempotency.service.js';

@Module({
  providers: [IdempotencyService, IdempotencyParticipant],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
