import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Emergency cash is a promise with a due time (when it can be collected); a card block or freeze given up
 * raises a supervisor alert at once, about the effect rather than a promise.
 */
export class EmergencyCashAndFailureAlerts1796060000000 implements MigrationInterface {
  name = 'EmergencyCashAndFailureAlerts1796060000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commitments DROP CONSTRAINT commitments_kind_check`);
    await db.query(`ALTER TABLE commitments ADD CONSTRAINT commitments_kind_check CHECK (kind IN ('reissue', 'callback', 'refund_decision', 'emergency_cash'))`);

    await db.query(`ALTER TABLE supervisor_alerts ALTER COLUMN commitment_id DROP NOT NULL`);
    // One alert per given-up effect; `what` is its failure in both languages, as the operator was told it.
    await db.query(`ALTER TABLE supervisor_alerts ADD COLUMN effect_id uuid UNIQUE REFERENCES effects (id)`);
    await db.query(`ALTER TABLE supervisor_alerts ADD COLUMN what jsonb`);
    await db.query(
      `ALTER TABLE supervisor_alerts ADD CONSTRAINT supervisor_alerts_about_something CHECK ((commitment_id IS NULL) <> (effect_id IS NULL) AND (effect_id IS NULL) = (what IS NULL))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM supervisor_alerts WHERE effect_id IS NOT NULL`);
    await db.query(`ALTER TABLE supervisor_alerts DROP CONSTRAINT supervisor_alerts_about_something`);
    await db.query(`ALTER TABLE supervisor_alerts DROP COLUMN what`);
    await db.query(`ALTER TABLE supervisor_alerts DROP COLUMN effect_id`);
    await db.query(`ALTER TABLE supervisor_alerts ALTER COLUMN commitment_id SET NOT NULL`);
    await db.query(`DELETE FROM commitments WHERE kind = 'emergency_cash'`);
    await db.query(`ALTER TABLE commitments DROP CONSTRAINT commitments_kind_check`);
    await db.query(`ALTER TABLE commitments ADD CONSTRAINT commitments_kind_check CHECK (kind IN ('reissue', 'callback', 'refund_decision'))`);
  }
}
