import { MigrationInterface, QueryRunner } from 'typeorm';

/** Who owns an incident now (callbacks need a person), and the indexes the console's incident list reads by. */
export class IncidentAssignment1796040000000 implements MigrationInterface {
  name = 'IncidentAssignment1796040000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE incidents ADD COLUMN assigned_to text`);
    await db.query(`CREATE INDEX incidents_assigned_open ON incidents (assigned_to) WHERE status = 'open'`);
    await db.query(`CREATE INDEX incidents_opened_at ON incidents (opened_at, id)`);
    await db.query(`CREATE INDEX incidents_updated_at ON incidents (updated_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX incidents_updated_at`);
    await db.query(`DROP INDEX incidents_opened_at`);
    await db.query(`DROP INDEX incidents_assigned_open`);
    await db.query(`ALTER TABLE incidents DROP COLUMN assigned_to`);
  }
}
