import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { CommitmentWatcher } from '../commitments/commitment-watcher.js';
import { CoreBankingError, CoreBankingPort } from '../core-banking/core-banking.port.js';
import { FollowUps } from '../follow-ups/follow-ups.js';
import { JOB_ACTOR } from '../incidents/actor.js';
import { BreachBatches } from '../mass-compromise/breach-batches.js';
import { IncidentEntity } from '../incidents/incident.entity.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import { Metrics } from '../metrics/metrics.js';
import { renderMessage } from '../notifications/message-templates.js';
import { NotificationPort } from '../notifications/notification.port.js';
import type { EffectKind, EffectParams } from '../playbooks/catalog/effects.js';
import { EffectEntity } from './effect.entity.js';

interface Outcome {
  event: string;
  data: Record<string, unknown>;
}

const FAILURE_EVENT: Record<EffectKind, string> = {
  blockCard: 'CARD_BLOCK_FAILED',
  unblockCard: 'CARD_UNFREEZE_FAILED',
  revokeAppSessions: 'SESSIONS_REVOKE_FAILED',
  revokeWalletTokens: 'WALLET_TOKENS_REVOKE_FAILED',
  scheduleReissue: 'REISSUE_FAILED',
  loadTransactions: 'TRANSACTIONS_UNAVAILABLE',
  notifyCustomer: 'NOTIFICATION_FAILED',
  scheduleCallback: 'CALLBACK_DUE',
  checkCommitment: 'COMMITMENT_CHECK_FAILED',
  followUp: 'FOLLOW_UP_FAILED',
  blockCardBatch: 'CARD_BATCH_BLOCK_FAILED',
  reissueCardBatch: 'CARD_BATCH_REISSUE_FAILED',
  notifyCustomersBatch: 'CUSTOMER_BATCH_NOTIFY_FAILED',
};

/** A freeze that failed is reported apart from a block that failed: the playbook handles them differently. */
function failureEvent(effect: EffectEntity): string {
  const freeze = effect.kind === 'blockCard' && (effect.params as EffectParams['blockCard']).mode === 'freeze';
  return freeze ? 'CARD_FREEZE_FAILED' : FAILURE_EVENT[effect.kind];
}

/**
 * Runs one effect. Safe to call any number of times for the same effect: a finished effect
 * is skipped, and core banking sees the effect id as the idempotency key of every write.
 */
@Injectable()
export class EffectRunner {
  private readonly logger = new Logger(EffectRunner.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly incidents: IncidentsService,
    private readonly coreBanking: CoreBankingPort,
    private readonly notifications: NotificationPort,
    private readonly commitments: CommitmentWatcher,
    private readonly followUps: FollowUps,
    private readonly breach: BreachBatches,
    private readonly metrics: Metrics,
  ) {}

  async run(effectId: string): Promise<void> {
    const effect = await this.claim(effectId);
    if (!effect) return;
    let outcome: Outcome;
    try {
      outcome = await this.execute(effect);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const retryable = !(error instanceof CoreBankingError) || error.retryable;
      if (retryable && effect.attempts < this.config.EFFECT_MAX_ATTEMPTS) {
        await this.dataSource.query(`UPDATE effects SET status = 'failed', last_error = $2, updated_at = now() WHERE id = $1 AND status = 'running'`, [effect.id, reason]);
        throw error; // BullMQ retries after its backoff
      }
      this.logger.warn(`Effect ${effect.id} (${effect.kind}) given up after ${effect.attempts} attempt(s): ${reason}`);
      const params = effect.params as { cardRef?: string; batch?: number };
      await this.breach.giveUp(effect, reason);
      await this.incidents.report(effect.incidentId, { type: failureEvent(effect), data: { cardRef: params.cardRef, batch: params.batch, reason } }, JOB_ACTOR, {
        effectId: effect.id,
        status: 'dead',
        error: reason,
      });
      return;
    }
    await this.incidents.report(effect.incidentId, { type: outcome.event, data: outcome.data }, JOB_ACTOR, { effectId: effect.id, status: 'succeeded', result: outcome.data });
    await this.metrics.effectReported(effect.incidentId, outcome.event);
  }

  /** Marks the effect running and counts the attempt; null when it has already finished. */
  private async claim(effectId: string): Promise<EffectEntity | null> {
    const [row] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE effects SET status = 'running', attempts = attempts + 1, updated_at = now()
          WHERE id = $1 AND status IN ('pending', 'running', 'failed')
          RETURNING id)
       SELECT id FROM claimed`,
      [effectId],
    );
    return row ? this.dataSource.getRepository(EffectEntity).findOneByOrFail({ id: effectId }) : null;
  }

  private async execute(effect: EffectEntity): Promise<Outcome> {
    const key = effect.id;
    switch (effect.kind) {
      case 'blockCard': {
        const p = effect.params as EffectParams['blockCard'];
        const r = await this.coreBanking.blockCard({ cardRef: p.cardRef, reason: p.reason, mode: p.mode, idempotencyKey: key });
        // What core banking now holds decides the report: a freeze asked of a blocked card comes back blocked.
        return { event: r.status === 'frozen' ? 'CARD_FROZEN' : 'CARD_BLOCKED', data: { cardRef: r.cardRef, coreRef: r.coreRef, blockedAt: r.at } };
      }
      case 'unblockCard': {
        const p = effect.params as EffectParams['unblockCard'];
        const r = await this.coreBanking.unblockCard({ cardRef: p.cardRef, idempotencyKey: key });
        return { event: 'CARD_UNFROZEN', data: { cardRef: r.cardRef, coreRef: r.coreRef, unfrozenAt: r.at } };
      }
      case 'revokeAppSessions': {
        const p = effect.params as EffectParams['revokeAppSessions'];
        const r = await this.coreBanking.revokeAppSessions({ customerRef: p.customerRef, idempotencyKey: key });
        return { event: 'SESSIONS_REVOKED', data: { revoked: r.revoked, coreRef: r.coreRef, revokedAt: r.at } };
      }
      case 'revokeWalletTokens': {
        const p = effect.params as EffectParams['revokeWalletTokens'];
        const r = await this.coreBanking.revokeWalletTokens({ cardRef: p.cardRef, idempotencyKey: key });
        return { event: 'WALLET_TOKENS_REVOKED', data: { cardRef: r.cardRef, revoked: r.revoked, coreRef: r.coreRef, revokedAt: r.at } };
      }
      case 'scheduleReissue': {
        const p = effect.params as EffectParams['scheduleReissue'];
        const r = await this.coreBanking.reissueCard({ cardRef: p.cardRef, delivery: p.delivery, express: p.express, idempotencyKey: key });
        return { event: 'REISSUE_ORDERED', data: { cardRef: r.cardRef, newLast4: r.newLast4, eta: r.eta, coreRef: r.coreRef } };
      }
      case 'loadTransactions': {
        const p = effect.params as EffectParams['loadTransactions'];
        const transactions = await this.coreBanking.recentTransactions(p.customerRef, 20);
        return { event: 'TRANSACTIONS_LOADED', data: { transactions } };
      }
      case 'scheduleCallback': {
        const p = effect.params as EffectParams['scheduleCallback'];
        return { event: 'CALLBACK_DUE', data: { at: p.at, contactChannel: p.contactChannel } };
      }
      case 'notifyCustomer': {
        const p = effect.params as EffectParams['notifyCustomer'];
        const incident = await this.dataSource.getRepository(IncidentEntity).findOneByOrFail({ id: effect.incidentId });
        const message = renderMessage(p.template, incident.locale, incident.snapshot.context);
        await this.notifications.send({ effectId: effect.id, incidentId: incident.id, customerRef: incident.customerRef, channel: p.contactChannel, template: p.template, message });
        return { event: 'CUSTOMER_NOTIFIED', data: { template: p.template, channel: p.contactChannel } };
      }
      case 'checkCommitment':
        return this.commitments.check(effect);
      case 'followUp':
        return this.followUps.send(effect);
      case 'blockCardBatch':
        return this.breach.block(effect);
      case 'reissueCardBatch':
        return this.breach.reissue(effect);
      case 'notifyCustomersBatch':
        return this.breach.notify(effect);
    }
  }
}
