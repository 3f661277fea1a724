import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type Effect, type EffectHandler, givenUp } from '../effects/effect-handler.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { QueueName } from '../effects/queue-name.js';
import { IncidentEntity } from '../incidents/incident.entity.js';
import { renderMessage } from '../notifications/message-templates.js';
import { NotificationPort } from '../notifications/notification.port.js';
import type { EventInput } from '../playbooks/catalog/events.js';
import { formatTime } from '../playbooks/guidance.js';
import { cardList } from '../playbooks/words/spoken.js';
import { CommitmentEntity } from './commitment.entity.js';
import { paymentName } from './commitment-words.js';
import { SupervisorAlertEntity } from './supervisor-alert.entity.js';

/**
 * Runs a `checkCommitment` effect at a commitment's due time (plus the grace). A promise still open is
 * breached: a supervisor is alerted and the customer told, on the channel they chose. Safe to run again:
 * one alert per commitment, and the message is sent once per check effect (there is one per commitment).
 * The verdict and the alert are committed before the COMMITMENT_CHECKED report (a documented exception to
 * "every change goes through send()"): both are idempotent, and the report the runner sends next records the verdict;
 * after a crash in between, the sweeper re-arms the check and its rerun reports (test/write-before-report.e2e.spec.ts).
 */
@Injectable()
export class CommitmentWatcher implements EffectHandler<'checkCommitment'>, OnModuleInit {
  readonly kind = 'checkCommitment';
  readonly queue = QueueName.Timers;

  constructor(
    private readonly handlers: EffectHandlers,
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationPort,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  async giveUp(effect: Effect<'checkCommitment'>, reason: string): Promise<EventInput> {
    return givenUp('COMMITMENT_CHECK_FAILED', effect, reason);
  }

  async execute(effect: Effect<'checkCommitment'>): Promise<EventInput> {
    const { commitmentId } = effect.params;
    const commitment = await this.dataSource.transaction(async (m) => {
      await m.query(`UPDATE commitments SET status = 'breached', breached_at = now() WHERE id = $1 AND status = 'open'`, [commitmentId]);
      const checked = await m.findOneByOrFail(CommitmentEntity, { id: commitmentId });
      if (checked.status === 'breached') {
        const alert = { id: randomUUID(), incidentId: checked.incidentId, commitmentId, effectId: null, what: null, status: 'open' as const, raisedAt: new Date(), acknowledgedAt: null, acknowledgedBy: null };
        await m.createQueryBuilder().insert().into(SupervisorAlertEntity).values(alert).orIgnore().execute();
      }
      return checked;
    });
    const verdict = commitment.status === 'met' ? 'kept' : commitment.status === 'withdrawn' ? 'withdrawn' : 'broken';
    if (verdict !== 'broken') return { type: 'COMMITMENT_CHECKED', data: { commitmentId, kind: commitment.kind, verdict } };

    // Told where the customer wants to hear from us now, which may have changed since the promise.
    const incident = await this.dataSource.getRepository(IncidentEntity).findOneByOrFail({ id: commitment.incidentId });
    const { context } = incident.snapshot;
    const payment = context.transactions.find((t) => t.id === commitment.transactionId);
    const message = renderMessage('commitment-late', incident.locale, context, {
      kind: commitment.kind,
      dueBy: formatTime(commitment.dueBy.toISOString(), incident.locale, context.timeZone),
      card: cardList(context.cards.filter((c) => c.cardRef === commitment.cardRef), incident.locale),
      payment: payment ? paymentName(payment, context.cards, incident.locale, context.timeZone) : '',
    });
    const channel = context.contactChannel;
    await this.notifications.send({ effectId: effect.id, incidentId: incident.id, customerRef: incident.customerRef, channel, template: 'commitment-late', message });
    return { type: 'COMMITMENT_CHECKED', data: { commitmentId, kind: commitment.kind, verdict, channel } };
  }
}
