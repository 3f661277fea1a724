import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CommitmentBook } from './commitment-book.js';
import { SupervisorAlerts } from './supervisor-alerts.js';
import { type RecordedEvent, type SendParticipant, SendParticipants } from '../incidents/send-participant.js';
import type { EffectDraft } from '../playbooks/catalog/effects.js';

/** The promises an event made or kept, tracked in its transaction (their checks go to the outbox like any effect), and alerts taken up. */
@Injectable()
export class CommitmentsParticipant implements SendParticipant, OnModuleInit {
  readonly order = 10;

  constructor(
    private readonly participants: SendParticipants,
    private readonly book: CommitmentBook,
    private readonly alerts: SupervisorAlerts,
  ) {}

  onModuleInit(): void {
    this.participants.register(this);
  }

  async take(m: EntityManager, recorded: RecordedEvent): Promise<EffectDraft[]> {
    // A retried effect was asked for before: whatever it promised is already on the book.
    if (recorded.kind === 'retried') return [];
    if (recorded.event.type === 'ALERT_ACKNOWLEDGED') await this.alerts.recordAcknowledgement(m, recorded);
    await this.alerts.raiseForGivenUp(m, recorded);
    return this.book.track(m, recorded);
  }
}
