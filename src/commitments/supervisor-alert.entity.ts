import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A commitment missed its due time: a supervisor takes it from here. One per commitment. */
@Entity('supervisor_alerts')
export class SupervisorAlertEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId: string;

  @Column('uuid', { name: 'commitment_id' })
  commitmentId: string;

  @Column('text')
  status: 'open' | 'acknowledged';

  @Column('timestamptz', { name: 'raised_at' })
  raisedAt: Date;

  @Column('timestamptz', { name: 'acknowledged_at', nullable: true })
  acknowledgedAt: Date | null;

  @Column('text', { name: 'acknowledged_by', nullable: true })
  acknowledgedBy: string | null;
}
