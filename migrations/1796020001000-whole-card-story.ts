import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trail holds every action on a card or a credential, and the evidence each rests on: wallet-token and
 * app-session revocations, identity checks (no card: card_ref, last4 and effect_id may be empty), a standard
 * reason code and the evidence itself. Rows from before have neither and verify as they did.
 */
export class WholeCardStory1796020001000 implements MigrationInterface {
  name = 'WholeCardStory1796020001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE card_actions DROP CONSTRAINT card_actions_action_check`);
    await db.query(`ALTER TABLE card_actions ADD CONSTRAINT card_actions_action_check CHECK (action IN ('block', 'freeze', 'unblock', 'reissue', 'revoke-wallet-tokens', 'revoke-app-sessions', 'identity-check'))`);
    await db.query(`ALTER TABLE card_actions ALTER COLUMN card_ref DROP NOT NULL, ALTER COLUMN last4 DROP NOT NULL, ALTER COLUMN effect_id DROP NOT NULL`);
    await db.query(`ALTER TABLE card_actions ADD COLUMN reason_code text, ADD COLUMN evidence jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE card_actions DROP COLUMN reason_code, DROP COLUMN evidence`);
    await db.query(`ALTER TABLE card_actions ALTER COLUMN card_ref SET NOT NULL, ALTER COLUMN last4 SET NOT NULL, ALTER COLUMN effect_id SET NOT NULL`);
    await db.query(`ALTER TABLE card_actions DROP CONSTRAINT card_actions_action_check`);
    await db.query(`ALTER TABLE card_actions ADD CONSTRAINT card_actions_action_check CHECK (action IN ('block', 'freeze', 'unblock', 'reissue'))`);
  }
}
