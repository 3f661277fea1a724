import { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency keys for the write API (Stripe semantics), scoped to the caller. */
export class IdempotencyKeys1795424400000 implements MigrationInterface {
  name = 'IdempotencyKeys1795424400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE idempotency_keys (
        principal        text NOT NULL,
        key              text NOT NULL,
        request_hash     text NOT NULL,
        status           text NOT NULL CHECK (status IN ('in_progress', 'done')),
        locked_until     timestamptz NOT NULL,
        incident_id      uuid,
        response_status  integer,
        response_body    jsonb,
        created_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (principal, key)
      )`);
    await db.query(`CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE idempotency_keys`);
  }
}
