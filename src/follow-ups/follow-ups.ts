import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { redactCardNumbers } from '../common/card-number.js';
import { LifelineError } from '../common/lifeline.error.js';
import { AppConfig } from '../config/app-config.js';
import type { Effect } from '../effects/effect-handler.js';
import { EffectEntity } from '../effects/effect.entity.js';
import type { Actor } from '../auth/actor.js';
import { IncidentEntity } from '../incidents/incident.entity.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import type { RecordedEvent } from '../incidents/send-participant.js';
import { renderMessage } from '../notifications/message-templates.js';
import { NotificationPort } from '../notifications/notification.port.js';
import type { EffectDraft } from '../playbooks/catalog/effects.js';
import { MASS_COMPROMISE_PLAYBOOK } from '../playbooks/catalog/incident-context.js';
import type { EventInput } from '../playbooks/catalog/events.js';
import type { FeedbackDto } from './dto/feedback.dto.js';
import { FollowUpEntity } from './follow-up.entity.js';
import { describeFollowUp, FollowUpView } from './follow-up.view.js';

/**
 * Post-service follow-up: a while after an incident is resolved, the customer is asked how it went
 * (CSAT 1–5 and a comment), on the channel they chose. Asked once, answered at most once.
 */
@Injectable()
export class FollowUps {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly notifications: NotificationPort,
    private readonly incidents: IncidentsService,
  ) {}

  /** The follow-up effect, written in the same transaction as the event that resolved the incident. */
  onResolved({ incident, event, context }: RecordedEvent): EffectDraft[] {
    // A merchant breach is thousands of customers, each told on their own: there is no one customer to ask.
    if (incident.playbookId === MASS_COMPROMISE_PLAYBOOK) return [];
    return [{ kind: 'followUp', params: { contactChannel: context.contactChannel }, dueAt: new Date(Date.parse(event.at) + this.config.FOLLOW_UP_DELAY_MS).toISOString() }];
  }

  /** Runs the `followUp` effect. Safe to run again: the message is sent once per effect, the row written once. */
  async send(effect: Effect<'followUp'>): Promise<EventInput> {
    const { contactChannel } = effect.params;
    const incident = await this.dataSource.getRepository(IncidentEntity).findOneByOrFail({ id: effect.incidentId });
    const message = renderMessage('follow-up', incident.locale, incident.snapshot.context);
    await this.notifications.send({ effectId: effect.id, incidentId: incident.id, customerRef: incident.customerRef, channel: contactChannel, template: 'follow-up', message });
    const asked = { incidentId: incident.id, effectId: effect.id, channel: contactChannel, sentAt: new Date(), score: null, comment: null, answeredAt: null, answeredBy: null };
    await this.dataSource.createQueryBuilder().insert().into(FollowUpEntity).values(asked).orIgnore().execute();
    return { type: 'FOLLOW_UP_SENT', data: { channel: contactChannel } };
  }

  /** Records the customer's answer once, as an event on the incident: 409 if already recorded, 422 before the follow-up has gone out. */
  async recordFeedback(incidentId: string, feedback: FeedbackDto, actor: Actor): Promise<FollowUpView> {
    // A comment is the customer's own words: a card number typed into it is masked before it is stored.
    // `null` passes @IsOptional like a comment left out, and means the same.
    const comment = feedback.comment === undefined || feedback.comment === null ? null : redactCardNumbers(feedback.comment);
    await this.incidents.send(incidentId, { type: 'FEEDBACK_RECORDED', data: { score: feedback.score, comment } }, actor);
    const sent = await this.dataSource.getRepository(FollowUpEntity).findOneByOrFail({ incidentId });
    return describeFollowUp(await this.dataSource.getRepository(EffectEntity).findOneByOrFail({ id: sent.effectId }), sent)!;
  }

  /** The answer, written in the transaction of its FEEDBACK_RECORDED event; refused (and the event with it) when it cannot be taken. */
  async answer(m: EntityManager, recorded: RecordedEvent): Promise<void> {
    const { score, comment } = recorded.event.data as { score: number; comment: string | null };
    const [answered]: unknown[] = await m.query(
      `WITH answered AS (
         UPDATE follow_ups SET score = $2, comment = $3, answered_at = $5, answered_by = $4
          WHERE incident_id = $1 AND score IS NULL
          RETURNING incident_id)
       SELECT incident_id FROM answered`,
      [recorded.incident.id, score, comment, recorded.actor.id, recorded.event.at],
    );
    if (answered) return;
    const sent = await m.findOneBy(FollowUpEntity, { incidentId: recorded.incident.id });
    if (sent) {
      const view = describeFollowUp(await m.findOneByOrFail(EffectEntity, { id: sent.effectId }), sent)!;
      throw new LifelineError('feedback_already_recorded', 'The customer has already answered this follow-up', { followUp: view });
    }
    if (recorded.incident.status !== 'resolved') {
      throw new LifelineError('feedback_not_expected', `The incident is ${recorded.incident.status}; the customer is asked how it went once it is resolved`);
    }
    throw new LifelineError('feedback_not_expected', 'The follow-up has not been sent to the customer yet');
  }
}
