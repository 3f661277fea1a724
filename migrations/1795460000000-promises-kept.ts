import { MigrationInterface, QueryRunner } from 'typeorm';

/** Promises kept: tracked commitments and the alerts when one is missed, the follow-up, and each incident's jurisdiction. */
export class PromisesKept1795460000000 implements MigrationInterface {
  name = 'PromisesKept1795460000000';

  async up(db: QueryRunner): Promise<void> {
    // Incidents opened before jurisdictions were recorded ran under the bank's home rules.
    await db.query(`ALTER TABLE incidents ADD COLUMN jurisdiction text NOT NULL DEFAULT 'RU' CHECK (jurisdiction ~ '^[A-Z]{2}$')`);
    await db.query(`ALTER TABLE incidents ALTER COLUMN jurisdiction DROP DEFAULT`);

    await db.query(`
      CREATE TABLE commitments (
        id              uuid PRIMARY KEY,
        incident_id     uuid NOT NULL REFERENCES incidents (id),
        kind            text NOT NULL CHECK (kind IN ('reissue', 'callback', 'refund_decision')),
        what            jsonb NOT NULL,
        due_by          timestamptz NOT NULL,
        owner           text NOT NULL,
        channel         text NOT NULL,
        status          text NOT NULL CHECK (status IN ('open', 'met', 'breached', 'withdrawn')),
        card_ref        text,
        transaction_id  text,
        effect_id       uuid REFERENCES effects (id),
        event_seq       integer NOT NULL,
        created_at      timestamptz NOT NULL,
        met_at          timestamptz,
        breached_at     timestamptz,
        withdrawn_at    timestamptz
      )`);
    await db.query(`CREATE INDEX commitments_by_incident ON commitments (incident_id, created_at)`);
    // One promise per effect (a callback, a new card) and per disputed payment: a redelivered report adds nothing.
    await db.query(`CREATE UNIQUE INDEX commitments_one_per_effect ON commitments (effect_id) WHERE effect_id IS NOT NULL`);
    await db.query(`CREATE UNIQUE INDEX commitments_one_per_payment ON commitments (incident_id, transaction_id) WHERE transaction_id IS NOT NULL`);

    await db.query(`
      CREATE TABLE supervisor_alerts (
        id               uuid PRIMARY KEY,
        incident_id      uuid NOT NULL REFERENCES incidents (id),
        commitment_id    uuid NOT NULL UNIQUE REFERENCES commitments (id),
        status           text NOT NULL CHECK (status IN ('open', 'acknowledged')),
        raised_at        timestamptz NOT NULL,
        acknowledged_at  timestamptz,
        acknowledged_by  text
      )`);
    await db.query(`CREATE INDEX supervisor_alerts_by_status ON supervisor_alerts (status, raised_at)`);

    await db.query(`
      CREATE TABLE follow_ups (
        incident_id  uuid PRIMARY KEY REFERENCES incidents (id),
        effect_id    uuid NOT NULL UNIQUE REFERENCES effects (id),
        channel      text NOT NULL,
        sent_at      timestamptz NOT NULL,
        score        smallint CHECK (score BETWEEN 1 AND 5),
        comment      text,
        answered_at  timestamptz,
        answered_by  text,
        CHECK ((score IS NULL) = (answered_at IS NULL))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE follow_ups`);
    await db.query(`DROP TABLE supervisor_alerts`);
    await db.query(`DROP TABLE commitments`);
    await db.query(`ALTER TABLE incidents DROP COLUMN jurisdiction`);
  }
}
