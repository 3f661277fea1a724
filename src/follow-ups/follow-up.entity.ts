import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The post-service follow-up: asked once per resolved incident, answered at most once. */
@Entity('follow_ups')
export class FollowUpEntity {
  @PrimaryColumn('uuid', { name: 'incident_id' })
  incidentId: string;

  @Column('uuid', { name: 'effect_id' })
  effectId: string;

  @Column('text')
  channel: string;

  @Column('timestamptz', { name: 'sent_at' })
  sentAt: Date;

  /** CSAT, 1 (very unhappy) to 5 (very happy). */
  @Column('smallint', { nullable: true })
  score: number | null;

  @Column('text', { nullable: true })
  comment: string | null;

  @Column('timestamptz', { name: 'answered_at', nullable: true })
  answeredAt: Date | null;

  @Column('text', { name: 'answered_by', nullable: true })
  answeredBy: string | null;
}
