import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ways out (issue 9): an effect can be cancelled before it runs; alerts are raised for an incident left
 * untouched (about no one promise or effect) and for a low follow-up score (with the customer's comment);
 * promises include a written summary and a supervisor's recovery contact.
 */
export class WaysOut1796080000000 implements MigrationInterface {
  name = 'WaysOut1796080000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE effects DROP CONSTRAINT effects_status_check`);
    await db.query(`ALTER TABLE effects ADD CONSTRAINT effects_status_check CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'dead', 'cancelled'))`);
    await db.query(`ALTER TABLE commitments DROP CONSTRAINT commitments_kind_check`);
    await db.query(
      `ALTER TABLE commitments ADD CONSTRAINT commitments_kind_check CHECK (kind IN ('reissue', 'callback', 'refund_decision', 'emergency_cash', 'summary', 'recovery'))`,
    );
    // Null: the alert is about its commitment (late) or its effect (given up); otherwise it says why.
    await db.query(`ALTER TABLE supervisor_alerts ADD COLUMN reason text CHECK (reason IN ('untouched', 'low_score'))`);
    await db.query(`ALTER TABLE supervisor_alerts ADD COLUMN note text`);
    await db.query(`ALTER TABLE supervisor_alerts DROP CONSTRAINT supervisor_alerts_about_something`);
    await db.query(
      `ALTER TABLE supervisor_alerts ADD CONSTRAINT supervisor_alerts_about_something CHECK (
         CASE WHEN reason = 'untouched' THEN commitment_id IS NULL AND effect_id IS NULL ELSE (commitment_id IS NULL) <> (effect_id IS NULL) END
         AND (effect_id IS NULL) = (what IS NULL))`,
    );
    // One open untouched-incident alert per incident: a watcher that looks again raises nothing new.
    await db.query(`CREATE UNIQUE INDEX supervisor_alerts_one_untouched ON supervisor_alerts (incident_id) WHERE reason = 'untouched' AND status = 'open'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX supervisor_alerts_one_untouched`);
    await db.query(`DELETE FROM supervisor_alerts WHERE reason = 'untouched'`);
    await db.query(`ALTER TABLE supervisor_alerts DROP CONSTRAINT supervisor_alerts_about_something`);
    await db.query(
      `ALTER TABLE supervisor_alerts ADD CONSTRAINT supervisor_alerts_about_something CHECK ((commitment_id IS NULL) <> (effect_id IS NULL) AND (effect_id IS NULL) = (what IS NULL))`,
    );
    await db.query(`ALTER TABLE supervisor_alerts DROP COLUMN note`);
    await db.query(`ALTER TABLE supervisor_alerts DROP COLUMN reason`);
    await db.query(`DELETE FROM commitments WHERE kind IN ('summary', 'recovery')`);
    await db.query(`ALTER TABLE commitments DROP CONSTRAINT commitments_kind_check`);
    await db.query(`ALTER TABLE commitments ADD CONSTRAINT commitments_kind_check CHECK (kind IN ('reissue', 'callback', 'refund_decision', 'emergency_cash'))`);
    await db.query(`ALTER TABLE effects DROP CONSTRAINT effects_status_check`);
    await db.query(`ALTER TABLE effects ADD CONSTRAINT effects_status_check CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'dead'))`);
  }
}
