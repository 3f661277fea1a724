import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Why a supervisor is alerted: a promise missed its due time, an open incident nobody touched, a customer who scored us 1–2. */
export type AlertReason = 'commitment_late' | 'untouched' | 'low_score';

/** Something a supervisor takes from here. One per commitment; one open untouched alert per incident. */
@Entity('supervisor_alerts')
export class SupervisorAlertEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId: string;

  /** The promise at stake; none for an untouched incident. */
  @Column('uuid', { name: 'commitment_id', nullable: true })
  commitmentId: string | null;

  @Column('text', { default: 'commitment_late' })
  reason: AlertReason;

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
