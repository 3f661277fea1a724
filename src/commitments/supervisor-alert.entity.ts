import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Localized } from '../playbooks/playbook.definition.js';

/** A commitment missed its due time, or a card's block or freeze was given up: a supervisor takes it from here. One per commitment or effect. */
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

  @Column('text')
  status: 'open' | 'acknowledged';

  @Column('timestamptz', { name: 'raised_at' })
  raisedAt: Date;

  @Column('timestamptz', { name: 'acknowledged_at', nullable: true })
  acknowledgedAt: Date | null;

  @Column('text', { name: 'acknowledged_by', nullable: true })
  acknowledgedBy: string | null;
}
