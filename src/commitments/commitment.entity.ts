import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Localized } from '../playbooks/playbook.definition.js';

/** `summary`: the written summary a customer we could not reach is sent; `recovery`: a supervisor contacts a customer who scored us 1–2. */
export type CommitmentKind = 'reissue' | 'callback' | 'refund_decision' | 'emergency_cash' | 'summary' | 'recovery';
/** `withdrawn`: no longer promised (replaced by a later callback, or the customer called us first). */
export type CommitmentStatus = 'open' | 'met' | 'breached' | 'withdrawn';
export type CommitmentOwner = 'cards' | 'contactCentre' | 'disputes' | 'emergencyCash' | 'supervisors';

/** A promise read to the customer, with its due time: watched until it is kept, and a supervisor alerted if it is not. */
@Entity('commitments')
export class CommitmentEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId: string;

  @Column('text')
  kind: CommitmentKind;

  /** The words the operator read, in both languages, as they were when the promise was made. */
  @Column('jsonb')
  what: Localized;

  @Column('timestamptz', { name: 'due_by' })
  dueBy: Date;

  @Column('text')
  owner: CommitmentOwner;

  /** How the customer will hear. */
  @Column('text')
  channel: string;

  /** `breached` stays breached when the promise is kept late: `metAt` then says when. */
  @Column('text')
  status: CommitmentStatus;

  /** The card a new card replaces (reissue). */
  @Column('text', { name: 'card_ref', nullable: true })
  cardRef: string | null;

  /** The disputed payment (refund decision). */
  @Column('text', { name: 'transaction_id', nullable: true })
  transactionId: string | null;

  /** The effect that made the promise (the callback, the reissue or emergency cash order); none for a refund decision. */
  @Column('uuid', { name: 'effect_id', nullable: true })
  effectId: string | null;

  /** The incident event that recorded the promise. */
  @Column('integer', { name: 'event_seq' })
  eventSeq: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'met_at', nullable: true })
  metAt: Date | null;

  @Column('timestamptz', { name: 'breached_at', nullable: true })
  breachedAt: Date | null;

  @Column('timestamptz', { name: 'withdrawn_at', nullable: true })
  withdrawnAt: Date | null;
}
