import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A message sent to a customer, as recorded by the default notification adapter. */
@Entity('notifications')
export class NotificationEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'effect_id' })
  effectId: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId: string;

  @Column('text', { name: 'customer_ref' })
  customerRef: string;

  @Column('text')
  channel: string;

  @Column('text')
  template: string;

  @Column('text')
  message: string;

  @Column('timestamptz', { name: 'sent_at' })
  sentAt: Date;
}
