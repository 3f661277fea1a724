import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CommitmentBook } from './commitment-book.js';
import { SupervisorAlerts } from './supervisor-alerts.js';
import { UntouchedWatcher } from './untouched-watcher.js';
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
    private readonly untouched: UntouchedWatcher,
  ) {}

  onModuleInit(): void {
    this.participants.register(this);
  }

  async take(m: EntityManager, recorded: RecordedEvent): Promise<EffectDraft[]> {
    // A retried effect was asked for before: whatever it promised is already on the book.
    if (recorded.kind === 'retried') return [];
    if (recorded.event.type === 'ALERT_ACKNOWLEDGED') await this.alerts.recordAcknowledgement(m, recorded);
    await this.alerts.raiseForGivenUp(m, recorded);
    const checks = await this.book.track(m, recorded);
    const { type, data } = recorded.event;
    // An incident nobody touches is watched from its opening, a look at a time, while it stays open.
    if (recorded.kind === 'opened') checks.push(this.untouched.firstCheck(recorded.event.at));
    if (type === 'UNTOUCHED_CHECKED' && typeof data.nextCheckAt === 'string') checks.push(this.untouched.nextCheck(data.nextCheckAt));
    if (type === 'FEEDBACK_RECORDED') checks.push(...(await this.alerts.openRecovery(m, recorded)));
    return checks;
  }
}
