import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { JsonObject } from '../common/json.js';

export type AuditRead = 'list' | 'export' | 'verify';

/** One read of the audit trail: who looked, when, from where, with which filters, and how many rows they got. */
@Entity('audit_access_log')
export class AuditAccessEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq: string;

  @Column('timestamptz')
  at: Date;

  @Column('text')
  actor: string;

  @Column('text')
  origin: string;

  @Column('text')
  read: AuditRead;

  @Column('jsonb')
  filters: JsonObject;

  @Column('integer', { name: 'row_count' })
  rowCount: number;
}
