import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A merchant breach (mass-compromise) lists up to 100,000 cards: they live here, one row each, never in
 * the incident's snapshot. Notifications go out a batch of customers at a time, so one effect may send many.
 */
export class MassCompromise1795471000000 implements MigrationInterface {
  name = 'MassCompromise1795471000000';

  async up(db: QueryRunner): Promise<void> {
    // Rows are rewritten as each stage reports; room left on every page keeps those updates HOT (no index churn).
    await db.query(`
      CREATE TABLE mass_compromise_cards (
        incident_id        uuid NOT NULL REFERENCES incidents (id),
        card_ref           text NOT NULL,
        last4              text NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
        customer_ref       text NOT NULL,
        card_batch         integer NOT NULL,
        customer_batch     integer NOT NULL,
        block_status       text NOT NULL DEFAULT 'blocking' CHECK (block_status IN ('blocking', 'blocked', 'block_failed')),
        blocked_at         timestamptz,
        block_core_ref     text,
        reissue_effect_id  uuid,
        reissue_status     text CHECK (reissue_status IN ('ordering', 'ordered', 'reissue_failed')),
        reissue_core_ref   text,
        new_last4          text,
        reissue_eta        timestamptz,
        failure            text,
        PRIMARY KEY (incident_id, card_ref)
      ) WITH (fillfactor = 50)`);
    await db.query(`CREATE INDEX mass_compromise_cards_by_batch ON mass_compromise_cards (incident_id, card_batch)`);
    await db.query(`CREATE INDEX mass_compromise_cards_by_customer_batch ON mass_compromise_cards (incident_id, customer_batch)`);

    // One message per customer per effect replaces one per effect; a breach notice goes to a customer once per incident.
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_effect_id_key`);
    await db.query(`CREATE UNIQUE INDEX notifications_one_per_customer_and_effect ON notifications (effect_id, customer_ref)`);
    await db.query(`CREATE UNIQUE INDEX notifications_one_breach_notice ON notifications (incident_id, customer_ref) WHERE template = 'breach-notice'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX notifications_one_breach_notice`);
    await db.query(`DROP INDEX notifications_one_per_customer_and_effect`);
    await db.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_effect_id_key UNIQUE (effect_id)`);
    await db.query(`DROP TABLE mass_compromise_cards`);
  }
}
