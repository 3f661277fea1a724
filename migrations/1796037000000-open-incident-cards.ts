import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Opening an incident checks whether one of the cards already has an open incident of the playbook.
 * Without an index that reads the snapshot of every open incident; this one indexes the cards of open
 * incidents only, so a containment test (`cards @> '[{"cardRef": …}]'`) is an index lookup.
 */
export class OpenIncidentCards1796037000000 implements MigrationInterface {
  name = 'OpenIncidentCards1796037000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX incidents_open_by_card ON incidents USING gin ((snapshot->'context'->'cards') jsonb_path_ops) WHERE status = 'open'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX incidents_open_by_card`);
  }
}
