import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The open-incident card index without GIN's pending list. With `fastupdate` on, new entries wait in an
 * unsorted list that every lookup reads in full, and the planner, pricing that list, turned to reading every
 * open incident instead once a burst of incidents had opened. Each incident writes a few card entries, so
 * putting them straight into the index costs little and keeps the dedupe at open an index lookup.
 */
export class CardIndexWithoutPendingList1796070000000 implements MigrationInterface {
  name = 'CardIndexWithoutPendingList1796070000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER INDEX incidents_open_by_card SET (fastupdate = off)`);
    await db.query(`SELECT gin_clean_pending_list('incidents_open_by_card')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER INDEX incidents_open_by_card RESET (fastupdate)`);
  }
}
