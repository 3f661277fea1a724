import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FollowUps } from './follow-ups.js';
import { type RecordedEvent, type SendParticipant, SendParticipants } from '../incidents/send-participant.js';
import type { EffectDraft } from '../playbooks/catalog/effects.js';

/** The follow-up is scheduled with the event that resolves the incident, and the customer's answer recorded with its event. */
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

  async take(m: EntityManager, recorded: RecordedEvent): Promise<EffectDraft[]> {
    if (recorded.kind !== 'applied') return [];
    if (recorded.event.type === 'FEEDBACK_RECORDED') await this.followUps.answer(m, recorded);
    return recorded.outcome === 'resolved' ? this.followUps.onResolved(recorded) : [];
  }
}
