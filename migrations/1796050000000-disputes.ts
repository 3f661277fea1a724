import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each payment a customer disputes, with its card, tracked until the bank decides on it: the row risk reads. */
export class Disputes1796050000000 implements MigrationInterface {
  name = 'Disputes1796050000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE disputes (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incidents (id),
        transaction_id text NOT NULL,
        card_ref text NOT NULL,
        card_last4 text,
        merchant text NOT NULL,
        city text NOT NULL,
        amount numeric(18, 2) NOT NULL,
        currency text NOT NULL,
        transaction_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'refunded', 'declined')),
        disputed_at timestamptz NOT NULL,
        disputed_by text NOT NULL,
        event_seq integer NOT NULL,
        commitment_id uuid REFERENCES commitments (id),
        decided_at timestamptz,
        decided_by text,
        UNIQUE (incident_id, transaction_id)
      )`);
    await db.query(`CREATE INDEX disputes_disputed_at ON disputes (disputed_at, id)`);
    // Reading the disputes is an audit read like any other: it goes on the access log.
    await db.query(`ALTER TABLE audit_access_log DROP CONSTRAINT audit_access_log_read_check`);
    await db.query(`ALTER TABLE audit_access_log ADD CONSTRAINT audit_access_log_read_check CHECK (read IN ('list', 'export', 'verify', 'case-file', 'disputes'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE audit_access_log DROP CONSTRAINT audit_access_log_read_check`);
    await db.query(`ALTER TABLE audit_access_log ADD CONSTRAINT audit_access_log_read_check CHECK (read IN ('list', 'export', 'verify', 'case-file'))`);
    await db.query(`DROP TABLE disputes`);
  }
}
