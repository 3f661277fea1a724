import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { LifelineError } from '../common/lifeline.error.js';
import { AppConfig } from '../config/app-config.js';
import { EffectEntity } from '../effects/effect.entity.js';
import type { RecordedEvent } from '../incidents/send-participant.js';
import { LiabilityRules } from '../liability/liability-rules.js';
import type { EffectDraft, EffectParams } from '../playbooks/catalog/effects.js';
import { CommitmentEntity, CommitmentKind } from './commitment.entity.js';
import { Outbox } from '../effects/outbox.js';
import { callbackWords, emergencyCashWords, newCardWords, paymentName, recoveryWords, refundDecisionWords, summaryWords } from './commitment-words.js';

/** The message that closes an incident whose customer we could not reach: a promise of its own, kept when it is delivered. */
export const UNREACHABLE_TEMPLATE = 'customer-unreachable';
/** Scores that open a recovery: the customer was unhappy. */
export const LOW_SCORE = 2;

/**
 * The events by which the bank keeps a callback promise: we called, whether or not the customer answered.
 * The card-search answers count too: a playbook whose callback comes due goes straight to them (lost-card).
 */
const CALLBACK_MADE = new Set(['CALLBACK_STARTED', 'CALLBACK_COMPLETED', 'CUSTOMER_UNREACHABLE', 'CARD_FOUND', 'CARD_NOT_FOUND', 'STILL_SEARCHING']);
/** The customer called us first: the callback is no longer needed. */
const CALLBACK_MOOT = new Set(['CUSTOMER_CALL_TAKEN']);
/** The written summary goes out at once; a quarter of an hour covers a slow channel. */
const SUMMARY_WITHIN_MS = 15 * 60_000;
/** What a fulfilling event names: the card a new card replaces, or the disputed payment. */
type Subject = 'card_ref' | 'transaction_id';

/**
 * The promises read to the customer, kept in the same transaction as the event that made or kept
 * them. Each new promise comes with a `checkCommitment` effect at its due time (plus the grace):
 * the outbox runs it, and the sweeper re-arms it if Redis loses it.
 */
@Injectable()
export class CommitmentBook {
  constructor(
    private readonly config: AppConfig,
    private readonly liability: LiabilityRules,
    private readonly outbox: Outbox,
  ) {}

  /** Marks what the event kept, records what it promised; returns the checks to schedule, and the news we promised to send. */
  async track(m: EntityManager, recorded: RecordedEvent): Promise<EffectDraft[]> {
    await this.keep(m, recorded);
    const news = this.news(recorded);
    const promised = await this.promised(m, recorded);
    if (promised.length === 0) return news;
    if (promised.some((c) => c.kind === 'callback')) await this.replaceCallback(m, recorded);
    const inserted = await m.createQueryBuilder().insert().into(CommitmentEntity).values(promised).orIgnore().returning('id').execute();
    const ids = new Set((inserted.raw as { id: string }[]).map((r) => r.id));
    const checks = promised
      .filter((c) => ids.has(c.id))
      .map((c): EffectDraft => ({ kind: 'checkCommitment', params: { commitmentId: c.id }, dueAt: new Date(c.dueBy.getTime() + this.config.COMMITMENT_GRACE_MS).toISOString() }));
    return [...news, ...checks];
  }

  /** "We will tell you when …": a promise kept is told to the customer, on the channel they chose, in the same transaction. */
  private news(r: RecordedEvent): EffectDraft[] {
    const { type, data } = r.event;
    const tell = (template: string, values: Record<string, string>): EffectDraft => ({ kind: 'notifyCustomer', params: { template, contactChannel: r.context.contactChannel, values } });
    if (type === 'REISSUE_DELIVERED') return [tell('reissue-delivered', { cardRef: String(data.cardRef) })];
    if (type === 'REFUND_DECIDED') {
      const ids = new Set(String(data.transactionIds).split(',').map((id) => id.trim()));
      return r.context.transactions
        .filter((t) => ids.has(t.id))
        .map((t) => tell('refund-decided', { payment: paymentName(t, r.context.cards, r.incident.locale, r.context.timeZone), decision: String(data.decision) }));
    }
    return [];
  }

  /** A new time replaces the old one: the old promise is withdrawn and its timer never fires (the watcher follows the new one). */
  private async replaceCallback(m: EntityManager, r: RecordedEvent): Promise<void> {
    const replaced: { effect_id: string | null }[] = await m.query(
      `WITH withdrawn AS (
         UPDATE commitments SET status = 'withdrawn', withdrawn_at = $2 WHERE incident_id = $1 AND kind = 'callback' AND status = 'open' RETURNING effect_id)
       SELECT effect_id FROM withdrawn`,
      [r.incident.id, r.event.at],
    );
    const timers = replaced.map((c) => c.effect_id).filter((id): id is string => id !== null);
    if (timers.length > 0) await this.outbox.cancelUnrun(m, r.incident.id, timers);
  }

  private async keep(m: EntityManager, r: RecordedEvent): Promise<void> {
    const { type, data } = r.event;
    // Cancelled: nothing more is promised; what was already kept stays on the record.
    if (r.outcome === 'cancelled') {
      await m.query(`UPDATE commitments SET status = 'withdrawn', withdrawn_at = $2 WHERE incident_id = $1 AND status = 'open'`, [r.incident.id, r.event.at]);
      return;
    }
    // The written summary is kept when its message is delivered.
    if (type === 'CUSTOMER_NOTIFIED' && r.reportedEffectId) {
      await m.query(`UPDATE commitments SET status = CASE WHEN status = 'open' THEN 'met' ELSE status END, met_at = $2 WHERE effect_id = $1 AND kind = 'summary' AND met_at IS NULL`, [r.reportedEffectId, r.event.at]);
    }
    // A supervisor who takes up a recovery alert is the one contacting the customer.
    if (type === 'ALERT_ACKNOWLEDGED' && typeof data.commitmentId === 'string') {
      await m.query(`UPDATE commitments SET status = CASE WHEN status = 'open' THEN 'met' ELSE status END, met_at = $2 WHERE id = $1 AND kind = 'recovery' AND met_at IS NULL`, [data.commitmentId, r.event.at]);
    }
    // The customer chose another way to hear from us: every promise not yet kept follows.
    if (r.context.contactChannel !== r.incident.snapshot.context.contactChannel) {
      await m.query(`UPDATE commitments SET channel = $2 WHERE incident_id = $1 AND status IN ('open', 'breached') AND met_at IS NULL`, [r.incident.id, r.context.contactChannel]);
    }
    if (CALLBACK_MADE.has(type)) await this.meet(m, r, 'callback');
    if (CALLBACK_MOOT.has(type)) await this.withdraw(m, r, 'callback');
    if (type === 'EMERGENCY_CASH_COLLECTED') {
      const [promised]: unknown[] = await m.query(`SELECT 1 FROM commitments WHERE incident_id = $1 AND kind = 'emergency_cash'`, [r.incident.id]);
      if (!promised) throw new LifelineError('event_not_allowed', 'No emergency cash was ordered on this incident', { reference: data.reference });
      await this.meet(m, r, 'emergency_cash');
    }
    if (type === 'REISSUE_DELIVERED') {
      const cardRefs = [String(data.cardRef)];
      if ((await this.unpromised(m, r, 'reissue', 'card_ref', cardRefs)).length > 0) {
        throw new LifelineError('event_not_allowed', 'No new card was promised on this incident to replace that card', { cardRef: data.cardRef });
      }
      await this.meet(m, r, 'reissue', { column: 'card_ref', values: cardRefs });
    }
    if (type === 'REFUND_DECIDED') {
      const ids = [...new Set(String(data.transactionIds).split(',').map((id) => id.trim()).filter(Boolean))];
      const unknown = await this.unpromised(m, r, 'refund_decision', 'transaction_id', ids);
      if (unknown.length > 0) throw new LifelineError('event_not_allowed', 'No refund decision was promised on this incident for some of these transactions', { unknown });
      await this.meet(m, r, 'refund_decision', { column: 'transaction_id', values: ids });
    }
  }

  /** Kept at the event's time: an open promise is met; a late one stays breached, with when it was kept after all. */
  private async meet(m: EntityManager, r: RecordedEvent, kind: CommitmentKind, subject?: { column: Subject; values: string[] }): Promise<void> {
    await m.query(
      `UPDATE commitments SET status = CASE WHEN status = 'open' THEN 'met' ELSE status END, met_at = $3
        WHERE incident_id = $1 AND kind = $2 AND status IN ('open', 'breached') AND met_at IS NULL
          ${subject ? `AND ${subject.column} = ANY($4)` : ''}`,
      [r.incident.id, kind, r.event.at, ...(subject ? [subject.values] : [])],
    );
  }

  /** No longer needed: only a promise still open can be withdrawn; a late one stays on the record as late. */
  private async withdraw(m: EntityManager, r: RecordedEvent, kind: CommitmentKind): Promise<void> {
    await m.query(`UPDATE commitments SET status = 'withdrawn', withdrawn_at = $3 WHERE incident_id = $1 AND kind = $2 AND status = 'open'`, [r.incident.id, kind, r.event.at]);
  }

  /** The subjects (cards, payments) named by an event that no promise of this kind was made about. */
  private async unpromised(m: EntityManager, r: RecordedEvent, kind: CommitmentKind, column: Subject, values: string[]): Promise<string[]> {
    const found: { subject: string }[] = await m.query(`SELECT ${column} AS subject FROM commitments WHERE incident_id = $1 AND kind = $2 AND ${column} = ANY($3)`, [
      r.incident.id,
      kind,
      values,
    ]);
    return values.filter((v) => !found.some((f) => f.subject === v));
  }

  private async promised(m: EntityManager, r: RecordedEvent): Promise<CommitmentEntity[]> {
    const made = (c: Pick<CommitmentEntity, 'kind' | 'what' | 'dueBy' | 'owner' | 'channel'> & Partial<CommitmentEntity>): CommitmentEntity =>
      Object.assign(new CommitmentEntity(), {
        id: randomUUID(),
        incidentId: r.incident.id,
        status: 'open',
        cardRef: null,
        transactionId: null,
        effectId: null,
        eventSeq: r.seq,
        createdAt: new Date(r.event.at),
        metAt: null,
        breachedAt: null,
        withdrawnAt: null,
        ...c,
      });

    const callbacks = r.effects
      .filter((e) => e.kind === 'scheduleCallback')
      .map((e) => {
        const p = e.params as EffectParams['scheduleCallback'];
        return made({ kind: 'callback', what: callbackWords(), dueBy: new Date(p.at), owner: 'contactCentre', channel: p.contactChannel, effectId: e.id });
      });

    const summaries = r.effects
      .filter((e) => e.kind === 'notifyCustomer' && (e.params as EffectParams['notifyCustomer']).template === UNREACHABLE_TEMPLATE)
      .map((e) =>
        made({ kind: 'summary', what: summaryWords(), dueBy: new Date(Date.parse(r.event.at) + SUMMARY_WITHIN_MS), owner: 'contactCentre', channel: r.context.contactChannel, effectId: e.id }),
      );

    // An unhappy score: a supervisor contacts the customer, by a time they are told.
    const score = r.event.type === 'FEEDBACK_RECORDED' ? Number(r.event.data.score) : NaN;
    const recovery =
      score <= LOW_SCORE
        ? [made({ kind: 'recovery', what: recoveryWords(), dueBy: new Date(Date.parse(r.event.at) + this.config.RECOVERY_CONTACT_WITHIN_MS), owner: 'supervisors', channel: r.context.contactChannel })]
        : [];

    const orders: CommitmentEntity[] = [];
    // Core banking's answer to the order carries the delivery date: from then on, the new card is a promise with a due time.
    if (r.event.type === 'REISSUE_ORDERED' && r.reportedEffectId && typeof r.event.data.eta === 'string') {
      const order = await m.findOneByOrFail(EffectEntity, { id: r.reportedEffectId });
      const p = order.params as EffectParams['scheduleReissue'];
      orders.push(made({ kind: 'reissue', what: newCardWords(p), dueBy: new Date(r.event.data.eta), owner: 'cards', channel: r.context.contactChannel, cardRef: p.cardRef, effectId: order.id }));
    }

    // Core banking's confirmation of emergency cash says from when it can be collected: a promise with a due time.
    if (r.event.type === 'EMERGENCY_CASH_ORDERED' && r.reportedEffectId && typeof r.event.data.readyAt === 'string') {
      const order = await m.findOneByOrFail(EffectEntity, { id: r.reportedEffectId });
      const p = order.params as EffectParams['orderEmergencyCash'];
      orders.push(made({ kind: 'emergency_cash', what: emergencyCashWords(), dueBy: new Date(r.event.data.readyAt), owner: 'emergencyCash', channel: p.contactChannel, effectId: order.id }));
    }

    // Each payment the customer disputes is owed a decision by the jurisdiction's deadline.
    const refundDecisions =
      r.event.type === 'TRANSACTIONS_REVIEWED'
        ? r.context.transactions
            .filter((t) => r.context.disputedTransactions.includes(t.id))
            .map((t) =>
              made({
                kind: 'refund_decision',
                what: refundDecisionWords(t, r.context.cards, r.context.timeZone),
                dueBy: this.liability.refundDecisionDue(r.incident.jurisdiction, r.incident.notifiedAt),
                owner: 'disputes',
                channel: r.context.contactChannel,
                transactionId: t.id,
              }),
            )
        : [];

    return [...callbacks, ...summaries, ...recovery, ...orders, ...refundDecisions];
  }
}
