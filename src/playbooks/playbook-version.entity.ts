import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PlaybookDefinition } from './playbook.definition.js';

/** Every playbook version ever loaded, by content hash: incidents in flight keep their exact definition. */
@Entity('playbook_versions')
export class PlaybookVersionEntity {
  @PrimaryColumn('text')
  hash: string;

  @Column('text', { name: 'playbook_id' })
  playbookId: string;

  @Column('integer')
  version: number;

  @Column('jsonb')
  definition: PlaybookDefinition;

  @Column('timestamptz', { name: 'loaded_at' })
  loadedAt: Date;
}
