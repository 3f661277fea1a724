import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Localized } from '../playbooks/playbook.definition.js';

/** Why a supervisor is alerted: a promise late, a card's protection given up, an open incident nobody touched, a customer who scored us 1–2. */
export type AlertReason = 'commitment_late' | 'effect_given_up' | 'untouched' | 'low_score';

/** Something a supervisor takes from here. One per commitment or effect; one open untouched alert per incident. */
@Entity('supervisor_alerts')
export class SupervisorAlertEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId: string;

  @Column('uuid', { name: 'commitment_id', nullable: true })
  commitmentId: string | null;

  /** The effect given up on (a card block or freeze), for an alert about a failure rather than a promise. */
  @Column('uuid', { name: 'effect_id', nullable: true })
  effectId: string | null;

  /** What failed, in both languages, as the operator was told it; only with `effectId`. */
  @Column('jsonb', { nullable: true })
  what: Localized | null;

  /** Set for what is about neither one promise nor one effect; null: the commitment is late, or the effect was given up. */
  @Column('text', { nullable: true })
  reason: 'untouched' | 'low_score' | null;

  /** What the supervisor needs to read first (the customer's comment with a low score). */
  @Column('text', { nullable: true })
  note: string | null;

  @Column('text')
  status: 'open' | 'acknowledged';

  @Column('timestamptz', { name: 'raised_at' })
  raisedAt: Date;

  @Column('timestamptz', { name: 'acknowledged_at', nullable: true })
  acknowledgedAt: Date | null;

  @Column('text', { name: 'acknowledged_by', nullable: true })
  acknowledgedBy: string | null;
}
