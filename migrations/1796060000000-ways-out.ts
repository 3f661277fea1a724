import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ways out (issue 9): an effect can be cancelled before it runs; alerts are raised for more than late
 * promises (an incident left untouched, a low follow-up score, with the customer's comment); promises
 * include a written summary and a supervisor's recovery call.
 */
export class WaysOut1796060000000 implements MigrationInterface {
  name = 'WaysOut1796060000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE effects DROP CONSTRAINT effects_status_check`);
    await db.query(`ALTER TABLE effects ADD CONSTRAINT effects_status_check CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'dead', 'cancelled'))`);
    await db.query(`ALTER TABLE commitments DROP CONSTRAINT commitments_kind_check`);
    await db.query(`ALTER TABLE commitments ADD CONSTRAINT commitments_kind_check CHECK (kind IN ('reissue', 'callback', 'refund_decision', 'summary', 'recovery'))`);
    await db.query(`ALTER TABLE supervisor_alerts ALTER COLUMN commitment_id DROP NOT NULL`);
    await db.query(`ALTER TABLE supervisor_alerts ADD COLUMN reason text NOT NULL DEFAULT 'commitment_late' CHECK (reason IN ('commitment_late', 'untouched', 'low_score'))`);
    await db.query(`ALTER TABLE supervisor_alerts ADD COLUMN note text`);
    // One open untouched-incident alert per incident: a watcher that looks again raises nothing new.
    await db.query(`CREATE UNIQUE INDEX supervisor_alerts_one_untouched ON supervisor_alerts (incident_id) WHERE reason = 'untouched' AND status = 'open'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX supervisor_alerts_one_untouched`);
    await db.query(`DELETE FROM supervisor_alerts WHERE commitment_id IS NULL`);
    await db.query(`ALTER TABLE supervisor_alerts DROP COLUMN note`);
    await db.query(`ALTER TABLE supervisor_alerts DROP COLUMN reason`);
    await db.query(`ALTER TABLE supervisor_alerts ALTER COLUMN commitment_id SET NOT NULL`);
    await db.query(`ALTER TABLE commitments DROP CONSTRAINT commitments_kind_check`);
    await db.query(`ALTER TABLE commitments ADD CONSTRAINT commitments_kind_check CHECK (kind IN ('reissue', 'callback', 'refund_decision'))`);
    await db.query(`ALTER TABLE effects DROP CONSTRAINT effects_status_check`);
    await db.query(`ALTER TABLE effects ADD CONSTRAINT effects_status_check CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'dead'))`);
  }
}
