import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EntityJson } from '../common/entity-json.js';
import type { Locale } from '../playbooks/playbook.definition.js';
import type { IncidentSnapshot } from '../playbooks/playbook.engine.js';

export const INCIDENT_CHANNELS = ['phone', 'chat', 'branch', 'api'] as const;
export type IncidentChannel = (typeof INCIDENT_CHANNELS)[number];
export type IncidentStatus = 'open' | 'resolved' | 'cancelled';

@Entity('incidents')
export class IncidentEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'playbook_id' })
  playbookId: string;

  @Column('integer', { name: 'playbook_version' })
  playbookVersion: number;

  @Column('text', { name: 'playbook_hash' })
  playbookHash: string;

  @Column('text')
  status: IncidentStatus;

  @Column('text')
  state: string;

  @Column('jsonb')
  snapshot: IncidentSnapshot;

  /** Compare-and-set guard: every change is `UPDATE … WHERE version = $expected`. */
  @Column('integer')
  version: number;

  @Column('text', { name: 'customer_ref' })
  customerRef: string;

  @Column('text')
  channel: IncidentChannel;

  @Column('text')
  locale: Locale;

  @Column('text', { name: 'opened_by' })
  openedBy: string;

  /** When the customer told the bank: the legal clock for their liability. */
  @Column('timestamptz', { name: 'notified_at' })
  notifiedAt: Date;

  /** Whose rules the liability clock follows (US, EU, RU, …; see src/liability/jurisdiction-rules.yaml). */
  @Column('text')
  jurisdiction: string;

  @Column('timestamptz', { name: 'opened_at' })
  openedAt: Date;

  @Column('timestamptz', { name: 'first_protective_action_at', nullable: true })
  firstProtectiveActionAt: Date | null;

  @Column('timestamptz', { name: 'resolved_at', nullable: true })
  resolvedAt: Date | null;

  /** The operator who owns the incident now (its callbacks); set by INCIDENT_ASSIGNED. */
  @Column('text', { name: 'assigned_to', nullable: true })
  assignedTo: string | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

/** Incident rows read as JSON, with no hydration (the view's one statement, the step's locked read). */
export const INCIDENT_JSON = new EntityJson(IncidentEntity);
