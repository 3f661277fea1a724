import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EntityJson } from '../common/entity-json.js';
import type { JsonObject } from '../common/json.js';
import type { EffectKind } from '../playbooks/catalog/effects.js';

/** `cancelled`: withdrawn before it ran (its incident was cancelled, or the promise it kept was replaced); never runs. */
export type EffectStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'dead' | 'cancelled';

/** The outbox: an effect is written with the state change that asked for it, then run by a worker. */
@Entity('effects')
export class EffectEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId: string;

  /** The incident event whose transition asked for this effect. */
  @Column('integer', { name: 'event_seq' })
  eventSeq: number;

  @Column('text')
  kind: EffectKind;

  @Column('jsonb')
  params: JsonObject;

  @Column('text')
  status: EffectStatus;

  @Column('integer')
  attempts: number;

  @Column('timestamptz', { name: 'due_at' })
  dueAt: Date;

  @Column('jsonb', { nullable: true })
  result: JsonObject | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

/** Effect rows read as JSON (the incident view). */
export const EFFECT_JSON = new EntityJson(EffectEntity);
