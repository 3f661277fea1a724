import { MigrationInterface, QueryRunner } from 'typeorm';

/** A row has one successor at most: an append that forked the chain fails loudly instead of waiting for verify. */
export class CardActionChainLink1795440759000 implements MigrationInterface {
  name = 'CardActionChainLink1795440759000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE UNIQUE INDEX card_actions_one_successor ON card_actions (prev_hash)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX card_actions_one_successor`);
  }
}
