import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { JsonObject } from '../common/json.js';

export type AuditRead = 'list' | 'export' | 'verify' | 'case-file' | 'disputes';

/** One read of the audit trail: who looked, when, from where, with which filters, and how many rows they got. Append-only and chained. */
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

  /** Chained like the trail; null on reads logged before the access log was chained. */
  @Column('text', { name: 'key_id', nullable: true })
  keyId: string | null;

  @Column('text', { name: 'prev_hash', nullable: true })
  prevHash: string | null;

  @Column('text', { nullable: true })
  hash: string | null;
}
