import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CardActionTrail } from './card-action-trail.js';
import { type RecordedEvent, type SendParticipant, SendParticipants } from '../incidents/send-participant.js';

/** Card actions go on the audit trail when they are asked for and when their job ends, in the change's transaction; last, so the chain lock is held as briefly as possible (see CardActionTrail). */
@Injectable()
export class CardActionsParticipant implements SendParticipant, OnModuleInit {
  readonly order = 100;

  constructor(
    private readonly participants: SendParticipants,
    private readonly trail: CardActionTrail,
  ) {}

  onModuleInit(): void {
    this.participants.register(this);
  }

  async take(m: EntityManager, recorded: RecordedEvent): Promise<void> {
    // An identity check goes first: the card actions it allowed name it as their evidence.
    if (recorded.kind === 'applied')
      await this.trail.recordOperatorEvent(m, recorded.incident, recorded.actor, recorded.event, recorded.incident.snapshot.context, recorded.context);
    await this.trail.recordRequested(m, recorded.incident, recorded.actor, recorded.effects);
    if (recorded.finished) await this.trail.recordOutcome(m, recorded.incident, recorded.actor, recorded.finished);
  }
}
