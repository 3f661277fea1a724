import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The card-action trail as sixteen chains (issue 13): one lock per chain instead of one for the whole bank,
 * so a merchant breach's batches and a contact centre's blocks no longer queue behind each other.
 *
 * Rows already written stay as they are, as chain 0: their links and the checkpoints signed over them hold
 * unchanged. Each chain's head (its newest hash, place and length) is a row of `card_action_chain_heads`;
 * an append locks the rows of the chains it extends and moves them in the statement that inserts.
 * Stop every process of an older version before this runs: an older appender reads the head from the rows.
 */
export class TrailShards1796090000000 implements MigrationInterface {
  name = 'TrailShards1796090000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE card_actions ADD COLUMN shard smallint NOT NULL DEFAULT 0 CHECK (shard BETWEEN 0 AND 15)`);
    await db.query(`ALTER TABLE card_actions ALTER COLUMN shard DROP DEFAULT`);
    // Verify walks each chain in order.
    await db.query(`CREATE INDEX card_actions_by_shard ON card_actions (shard, seq)`);
    await db.query(`
      CREATE TABLE card_action_chain_heads (
        shard     smallint PRIMARY KEY CHECK (shard BETWEEN 0 AND 15),
        hash      text,
        last_seq  bigint,
        length    bigint NOT NULL DEFAULT 0
      )`);
    await db.query(`INSERT INTO card_action_chain_heads (shard) SELECT generate_series(0, 15)`);
    await db.query(`
      UPDATE card_action_chain_heads h
         SET hash = last.hash, last_seq = last.seq, length = (SELECT count(*) FROM card_actions)
        FROM (SELECT seq, hash FROM card_actions ORDER BY seq DESC LIMIT 1) last
       WHERE h.shard = 0`);
    await db.query(`ALTER TABLE audit_checkpoints ADD COLUMN shard smallint NOT NULL DEFAULT 0`);
    await db.query(`DROP INDEX audit_checkpoints_latest`);
    await db.query(`CREATE INDEX audit_checkpoints_latest ON audit_checkpoints (chain, shard, last_seq DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    if ((await db.query(`SELECT 1 FROM card_actions WHERE shard <> 0 LIMIT 1`)).length > 0)
      throw new Error('The trail has rows on chains other than chain 0: they cannot be put back on one chain without breaking their links');
    await db.query(`DROP INDEX audit_checkpoints_latest`);
    await db.query(`ALTER TABLE audit_checkpoints DROP COLUMN shard`);
    await db.query(`CREATE INDEX audit_checkpoints_latest ON audit_checkpoints (chain, last_seq DESC)`);
    await db.query(`DROP TABLE card_action_chain_heads`);
    await db.query(`DROP INDEX card_actions_by_shard`);
    await db.query(`ALTER TABLE card_actions DROP COLUMN shard`);
  }
}
