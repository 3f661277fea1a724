import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CardActionTrail } from '../audit/card-action-trail.js';
import { CoreBankingPort } from '../core-banking/core-banking.port.js';
import type { Effect } from '../effects/effect-handler.js';
import { JOB_ACTOR } from '../auth/actor.js';
import { IncidentEntity } from '../incidents/incident.entity.js';
import { NotificationPort } from '../notifications/notification.port.js';
import type { EventInput } from '../playbooks/catalog/events.js';
import { BreachCards, type SettledCard } from './breach-cards.js';
import { breachNotice } from './breach-notice.js';

/** What a batch job reports to its incident: one small event per batch, never one per card. */
type BatchReport = EventInput;

/**
 * Runs a merchant breach's batch effects for the effect runner. Core banking gets the whole batch in one
 * call under the effect's Idempotency-Key; then each card's row and its line on the audit trail change
 * together, in one transaction, and only for cards whose status really changed, so a repeated job adds nothing.
 * Those rows are committed before the batch's report goes through send() (a documented exception, like the
 * commitment watcher's verdict): 100,000 card rows do not fit one incident event, and a rerun changes no row twice.
 * A worker that dies in between leaves the effect unfinished; the sweeper re-arms it and the rerun reports
 * (test/write-before-report.e2e.spec.ts; README, "Two writes before their report").
 */
@Injectable()
export class BreachBatches {
  constructor(
    private readonly dataSource: DataSource,
    private readonly coreBanking: CoreBankingPort,
    private readonly notifications: NotificationPort,
    private readonly cardActions: CardActionTrail,
  ) {}

  async block(effect: Effect<'blockCardBatch'>): Promise<BatchReport> {
    const { batch, reason } = effect.params;
    const cards = await this.cards().ofBlockBatch(effect.incidentId, batch);
    const results = await this.coreBanking.blockCards({ cardRefs: cards.map((c) => c.cardRef), reason, mode: 'block', idempotencyKey: effect.id });
    await this.settle(effect, (breach) => breach.recordBlocks(effect.incidentId, batch, results));
    const failed = results.filter((r) => 'refused' in r).length;
    return { type: 'CARD_BATCH_BLOCKED', data: { batch, blocked: results.length - failed, failed } };
  }

  async reissue(effect: Effect<'reissueCardBatch'>): Promise<BatchReport> {
    const { batch, express } = effect.params;
    const cards = await this.cards().ofReissue(effect.incidentId, batch, effect.id);
    // A batch whose cards all failed to block has nothing to replace.
    const results = cards.length === 0 ? [] : await this.coreBanking.reissueCards({ cardRefs: cards.map((c) => c.cardRef), express, idempotencyKey: effect.id });
    await this.settle(effect, (breach) => breach.recordReissues(effect.incidentId, batch, effect.id, results));
    const failed = results.filter((r) => 'refused' in r).length;
    return { type: 'CARD_BATCH_REISSUED', data: { batch, ordered: results.length - failed, failed } };
  }

  /** One message per customer of the batch, naming all their exposed cards. */
  async notify(effect: Effect<'notifyCustomersBatch'>): Promise<BatchReport> {
    const { batch, template, contactChannel } = effect.params;
    const incident = await this.dataSource.getRepository(IncidentEntity).findOneByOrFail({ id: effect.incidentId });
    const customers = await this.cards().customersOf(incident.id, batch);
    const { sent } = await this.notifications.sendMany(
      customers.map((customer) => ({
        effectId: effect.id,
        incidentId: incident.id,
        customerRef: customer.customerRef,
        channel: contactChannel,
        template,
        message: breachNotice(template, customer, incident.locale),
      })),
    );
    return { type: 'CUSTOMER_BATCH_NOTIFIED', data: { batch, customers: customers.length, sent } };
  }

  /** The block batch was given up: the cards still waiting on it are failed, on their rows and on the trail. */
  async giveUpBlocks(effect: Effect<'blockCardBatch'>, reason: string): Promise<void> {
    await this.settle(effect, (breach) => breach.recordBlocksGivenUp(effect.incidentId, effect.params.batch, reason));
  }

  async giveUpReissues(effect: Effect<'reissueCardBatch'>, reason: string): Promise<void> {
    await this.settle(effect, (breach) => breach.recordReissuesGivenUp(effect.incidentId, effect.params.batch, effect.id, reason));
  }

  private cards(): BreachCards {
    return new BreachCards(this.dataSource.manager);
  }

  private async settle(effect: Effect, change: (breach: BreachCards) => Promise<SettledCard[]>): Promise<void> {
    const incident = await this.dataSource.getRepository(IncidentEntity).findOneByOrFail({ id: effect.incidentId });
    await this.dataSource.transaction(async (m) => {
      const settled = await change(new BreachCards(m));
      const lines = settled.map(({ ok, ...card }) => ({ ...card, result: ok ? ('succeeded' as const) : ('failed' as const) }));
      await this.cardActions.recordBatchOutcomes(m, incident, JOB_ACTOR, effect, lines);
    });
  }
}
