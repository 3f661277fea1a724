import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FollowUps } from './follow-ups.js';
import { type RecordedEvent, type SendParticipant, SendParticipants } from '../incidents/send-participant.js';
import type { EffectDraft } from '../playbooks/catalog/effects.js';

/** The follow-up is scheduled with the event that resolves the incident. */
@Injectable()
export class FollowUpsParticipant implements SendParticipant, OnModuleInit {
  readonly order = 20;

  constructor(
    private readonly participants: SendParticipants,
    private readonly followUps: FollowUps,
  ) {}

  onModuleInit(): void {
    this.participants.register(this);
  }

  async take(_m: EntityManager, recorded: RecordedEvent): Promise<EffectDraft[]> {
    return recorded.kind === 'applied' && recorded.outcome === 'resolved' ? this.followUps.onResolved(recorded) : [];
  }
}
