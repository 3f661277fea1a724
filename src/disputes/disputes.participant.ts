import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { type RecordedEvent, type SendParticipant, SendParticipants } from '../incidents/send-participant.js';
import { DisputeEntity } from './dispute.entity.js';

/**
 * Each payment the operator marks as disputed becomes a dispute, with its card and its refund-decision
 * promise, in the event's transaction; the bank's decision closes it.
 */
@Injectable()
export class DisputesParticipant implements SendParticipant, OnModuleInit {
  /** After the promises (10), so the refund-decision promise it links to is already written. */
  readonly order = 15;

  constructor(private readonly participants: SendParticipants) {}

  onModuleInit(): void {
    this.participants.register(this);
  }

  async take(m: EntityManager, r: RecordedEvent): Promise<void> {
    if (r.kind !== 'applied' && r.kind !== 'ignored') return;
    if (r.event.type === 'TRANSACTIONS_REVIEWED') await this.open(m, r);
    if (r.event.type === 'REFUND_DECIDED') await this.decide(m, r);
  }

  private async open(m: EntityManager, r: RecordedEvent): Promise<void> {
    const disputed = new Set(r.context.disputedTransactions);
    const rows = r.context.transactions
      .filter((t) => disputed.has(t.id))
      .map((t): DisputeEntity =>
        Object.assign(new DisputeEntity(), {
          id: randomUUID(),
          incidentId: r.incident.id,
          transactionId: t.id,
          cardRef: t.cardRef,
          cardLast4: r.context.cards.find((c) => c.cardRef === t.cardRef)?.last4 ?? null,
          merchant: t.merchant,
          city: t.city,
          amount: t.amount.toFixed(2),
          currency: t.currency,
          transactionAt: new Date(t.at),
          status: 'open',
          disputedAt: new Date(r.event.at),
          disputedBy: r.actor.id,
          eventSeq: r.seq,
          commitmentId: null,
          decidedAt: null,
          decidedBy: null,
        }),
      );
    if (rows.length === 0) return;
    await m.createQueryBuilder().insert().into(DisputeEntity).values(rows).orIgnore().execute();
    await m.query(
      `UPDATE disputes d SET commitment_id = c.id FROM commitments c
        WHERE d.incident_id = $1 AND d.commitment_id IS NULL AND c.incident_id = d.incident_id AND c.kind = 'refund_decision' AND c.transaction_id = d.transaction_id`,
      [r.incident.id],
    );
  }

  /** The promises book has already refused a payment nothing was promised about. */
  private async decide(m: EntityManager, r: RecordedEvent): Promise<void> {
    const ids = String(r.event.data.transactionIds)
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    await m.query(`UPDATE disputes SET status = $3, decided_at = $4, decided_by = $5 WHERE incident_id = $1 AND transaction_id = ANY($2) AND status = 'open'`, [
      r.incident.id,
      ids,
      r.event.data.decision === 'refunded' ? 'refunded' : 'declined',
      r.event.at,
      r.actor.id,
    ]);
  }
}
