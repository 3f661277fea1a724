import { MigrationInterface, QueryRunner } from 'typeorm';

/** The card-action audit trail (hash-chained) and the log of who read it; the database refuses to rewrite either. */
export class CardActionTrail1795440484000 implements MigrationInterface {
  name = 'CardActionTrail1795440484000';

  async up(db: QueryRunner): Promise<void> {
    // Millisecond precision: the time is hashed as JavaScript reads it back, so no digit can hide from the chain.
    await db.query(`
      CREATE TABLE card_actions (
        seq             bigserial PRIMARY KEY,
        id              uuid NOT NULL UNIQUE,
        at              timestamptz(3) NOT NULL,
        actor           text NOT NULL,
        origin          text NOT NULL,
        channel         text NOT NULL,
        action          text NOT NULL CHECK (action IN ('block', 'freeze', 'unblock', 'reissue')),
        result          text NOT NULL CHECK (result IN ('requested', 'succeeded', 'failed')),
        card_ref        text NOT NULL,
        last4           text NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
        customer_ref    text NOT NULL,
        incident_id     uuid NOT NULL,
        effect_id       uuid NOT NULL,
        reason          text,
        failure_reason  text,
        core_ref        text,
        prev_hash       text NOT NULL,
        hash            text NOT NULL UNIQUE
      )`);
    await db.query(`CREATE INDEX card_actions_by_card ON card_actions (card_ref, seq)`);
    await db.query(`CREATE INDEX card_actions_by_customer ON card_actions (customer_ref, seq)`);
    await db.query(`CREATE INDEX card_actions_by_incident ON card_actions (incident_id, seq)`);
    await db.query(`CREATE INDEX card_actions_by_actor ON card_actions (actor, seq)`);
    await db.query(`CREATE INDEX card_actions_by_time ON card_actions (at)`);

    await db.query(`
      CREATE TABLE audit_access_log (
        seq        bigserial PRIMARY KEY,
        at         timestamptz NOT NULL DEFAULT now(),
        actor      text NOT NULL,
        origin     text NOT NULL,
        read       text NOT NULL CHECK (read IN ('list', 'export', 'verify')),
        filters    jsonb NOT NULL,
        row_count  integer NOT NULL
      )`);
    await db.query(`CREATE INDEX audit_access_log_by_actor ON audit_access_log (actor, at)`);

    for (const table of ['card_actions', 'audit_access_log']) {
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
      await db.query(`
        CREATE TRIGGER ${table}_never_truncated BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_access_log`);
    await db.query(`DROP TABLE card_actions`);
  }
}
