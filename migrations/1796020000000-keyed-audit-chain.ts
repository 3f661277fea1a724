import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail linked with a keyed MAC (HMAC-SHA-256, key id on each row), the access log chained the
 * same way, and signed checkpoints of both heads. Rows written before this migration keep their unkeyed
 * SHA-256 links (key_id NULL) and are verified as such, only as the start of a chain.
 */
export class KeyedAuditChain1796020000000 implements MigrationInterface {
  name = 'KeyedAuditChain1796020000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE card_actions ADD COLUMN key_id text`);
    await db.query(`ALTER TABLE audit_access_log ADD COLUMN key_id text, ADD COLUMN prev_hash text, ADD COLUMN hash text`);
    await db.query(`ALTER TABLE audit_access_log ALTER COLUMN at TYPE timestamptz(3)`);
    await db.query(`CREATE UNIQUE INDEX audit_access_log_one_successor ON audit_access_log (prev_hash) WHERE prev_hash IS NOT NULL`);
    await db.query(`ALTER TABLE audit_access_log DROP CONSTRAINT audit_access_log_read_check`);
    await db.query(`ALTER TABLE audit_access_log ADD CONSTRAINT audit_access_log_read_check CHECK (read IN ('list', 'export', 'verify', 'case-file'))`);
    await db.query(`
      CREATE TABLE audit_checkpoints (
        seq        bigserial PRIMARY KEY,
        chain      text NOT NULL CHECK (chain IN ('card_actions', 'audit_access_log')),
        count      bigint NOT NULL,
        last_seq   bigint NOT NULL,
        head_hash  text NOT NULL,
        at         timestamptz(3) NOT NULL,
        signature  text NOT NULL
      )`);
    await db.query(`CREATE INDEX audit_checkpoints_latest ON audit_checkpoints (chain, last_seq DESC)`);
    await db.query(`CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await db.query(`CREATE TRIGGER audit_checkpoints_never_truncated BEFORE TRUNCATE ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_checkpoints`);
    await db.query(`ALTER TABLE audit_access_log DROP CONSTRAINT audit_access_log_read_check`);
    await db.query(`ALTER TABLE audit_access_log ADD CONSTRAINT audit_access_log_read_check CHECK (read IN ('list', 'export', 'verify'))`);
    await db.query(`DROP INDEX audit_access_log_one_successor`);
    await db.query(`ALTER TABLE audit_access_log ALTER COLUMN at TYPE timestamptz`);
    await db.query(`ALTER TABLE audit_access_log DROP COLUMN key_id, DROP COLUMN prev_hash, DROP COLUMN hash`);
    await db.query(`ALTER TABLE card_actions DROP COLUMN key_id`);
  }
}
