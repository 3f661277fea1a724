import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EntityJson } from '../common/entity-json.js';
import type { JsonObject } from '../common/json.js';

/** One line of an incident's history; the database refuses updates and deletes. */
@Entity('incident_events')
export class IncidentEventEntity {
  @PrimaryColumn('uuid', { name: 'incident_id' })
  incidentId: string;

  @PrimaryColumn('integer')
  seq: number;

  @Column('text')
  type: string;

  @Column('jsonb')
  data: JsonObject;

  @Column('text')
  actor: string;

  @Column('timestamptz')
  at: Date;

  @Column('text', { name: 'state_from', nullable: true })
  stateFrom: string | null;

  @Column('text', { name: 'state_to' })
  stateTo: string;

  /** `ignored`: a job report that arrived when the playbook no longer needed it; kept for the record. */
  @Column('text')
  outcome: 'applied' | 'ignored';
}

/** Event rows read as JSON (the incident view). */
export const EVENT_JSON = new EntityJson(IncidentEventEntity);
