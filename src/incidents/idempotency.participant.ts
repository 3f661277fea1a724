import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { type RecordedEvent, type SendParticipant, SendParticipants } from './send-participant.js';

/** A request's Idempotency-Key is linked to its incident in the same transaction as the change it made. */
@Injectable()
export class IdempotencyParticipant implements SendParticipant, OnModuleInit {
  readonly order = 0;

  constructor(
    private readonly participants: SendParticipants,
    private readonly idempotency: IdempotencyService,
  ) {}

  onModuleInit(): void {
    this.participants.register(this);
  }

  async take(m: EntityManager, recorded: RecordedEvent): Promise<void> {
    if (recorded.kind === 'opened' || recorded.kind === 'applied') await this.idempotency.link(m, recorded.claim, recorded.incident.id, recorded.kind === 'opened' ? 201 : 200);
  }
}
