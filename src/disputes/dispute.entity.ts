import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `refunded` or `declined` once core banking (or an operator) reports the bank's decision (`REFUND_DECIDED`). */
export type DisputeStatus = 'open' | 'refunded' | 'declined';

/** A payment the customer disputed, with the card it was made with, as core banking reported it: what risk reads. */
@Entity('disputes')
export class DisputeEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId: string;

  @Column('text', { name: 'transaction_id' })
  transactionId: string;

  @Column('text', { name: 'card_ref' })
  cardRef: string;

  /** Null when the payment was made with a card the incident does not hold. */
  @Column('text', { name: 'card_last4', nullable: true })
  cardLast4: string | null;

  @Column('text')
  merchant: string;

  @Column('text')
  city: string;

  /** Postgres numeric comes back as text: exact, as money should be. */
  @Column('numeric', { precision: 18, scale: 2 })
  amount: string;

  @Column('text')
  currency: string;

  @Column('timestamptz', { name: 'transaction_at' })
  transactionAt: Date;

  @Column('text')
  status: DisputeStatus;

  @Column('timestamptz', { name: 'disputed_at' })
  disputedAt: Date;

  @Column('text', { name: 'disputed_by' })
  disputedBy: string;

  /** The incident event that recorded the dispute. */
  @Column('integer', { name: 'event_seq' })
  eventSeq: number;

  /** The refund-decision promise made for this payment. */
  @Column('uuid', { name: 'commitment_id', nullable: true })
  commitmentId: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @Column('text', { name: 'decided_by', nullable: true })
  decidedBy: string | null;
}
