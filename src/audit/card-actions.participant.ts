import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CardActionTrail } from './card-action-trail.js';
import { type RecordedEvent, type SendParticipant, SendParticipants } from '../incidents/send-participant.js';

/** Card actions go on the audit trail when they are asked for and when their job ends, in the change's transaction; last, so the chains' heads are held as briefly as possible (see CardActionTrail). */
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
    const event = recorded.kind === 'applied' ? { ...recorded.event, before: recorded.incident.snapshot.context, after: recorded.context } : undefined;
    await this.trail.recordChange(m, recorded.incident, recorded.actor, { event, effects: recorded.effects, finished: recorded.finished });
  }
}
