import type { EntityManager } from 'typeorm';
import type { BlockResult, CardRefused, ReissueResult } from '../core-banking/core-banking.port.js';
import type { BreachCounts } from '../playbooks/catalog/incident-context.js';
import { type BreachCard, type BreachedCustomer, type BreachPlan, planMoreCards } from './breach-plan.js';

/** Rows per INSERT statement when a breach is opened. */
const INSERT_CHUNK = 10_000;

/** A card whose row a stage has just changed, with what the audit trail records about it. */
export interface SettledCard extends BreachCard {
  ok: boolean;
  coreRef: string | null;
  failure: string | null;
}

type Sql = Pick<EntityManager, 'query'>;

/**
 * The cards of merchant breaches (`mass_compromise_cards`), bound to a connection or a transaction.
 * Every write is one statement per batch (unnest), and each stage changes a row only once, so the
 * rows it returns are exactly the cards to put on the audit trail.
 */
export class BreachCards {
  constructor(private readonly sql: Sql) {}

  /** Writes the breach's cards, a few statements for 100,000; the next chunk is prepared while the last one is written. */
  async insert(incidentId: string, { cards, cardBatch, customerBatch }: BreachPlan): Promise<void> {
    let writing: Promise<unknown> = Promise.resolve();
    for (let start = 0; start < cards.length; start += INSERT_CHUNK) {
      const chunk = cards.slice(start, start + INSERT_CHUNK);
      const params = [
        incidentId,
        chunk.map((c) => c.cardRef),
        chunk.map((c) => c.last4),
        chunk.map((c) => c.customerRef),
        cardBatch.slice(start, start + INSERT_CHUNK),
        customerBatch.slice(start, start + INSERT_CHUNK),
      ];
      await writing;
      writing = this.sql.query(
        `INSERT INTO mass_compromise_cards (incident_id, card_ref, last4, customer_ref, card_batch, customer_batch)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[])`,
        params,
      );
    }
    await writing;
  }

  /**
   * A breach re-sent with more cards: the ones it does not hold yet are written in new batches after its own
   * (a batch that has run is never topped up); a customer already listed keeps their notice batch. Returns the
   * cards added and the breach's new size.
   */
  async add(incidentId: string, cards: BreachCard[]): Promise<{ added: BreachCard[]; counts: BreachCounts }> {
    const held: { cardRef: string }[] = await this.sql.query(`SELECT card_ref AS "cardRef" FROM mass_compromise_cards WHERE incident_id = $1 AND card_ref = ANY($2::text[])`, [
      incidentId,
      cards.map((c) => c.cardRef),
    ]);
    const heldRefs = new Set(held.map((c) => c.cardRef));
    const added = cards.filter((c) => !heldRefs.has(c.cardRef));
    const [size] = await this.sql.query(
      `SELECT count(*)::int AS cards, count(DISTINCT customer_ref)::int AS customers,
              COALESCE(max(card_batch) + 1, 0)::int AS "cardBatches", COALESCE(max(customer_batch) + 1, 0)::int AS "customerBatches"
         FROM mass_compromise_cards WHERE incident_id = $1`,
      [incidentId],
    );
    if (added.length === 0) return { added, counts: size };
    const known: { customerRef: string; batch: number }[] = await this.sql.query(
      `SELECT DISTINCT customer_ref AS "customerRef", customer_batch AS batch FROM mass_compromise_cards WHERE incident_id = $1 AND customer_ref = ANY($2::text[])`,
      [incidentId, [...new Set(added.map((c) => c.customerRef))]],
    );
    const plan = planMoreCards(added, size, new Map(known.map((k) => [k.customerRef, k.batch])));
    await this.insert(incidentId, plan);
    return { added, counts: plan.counts };
  }

  /** Every card of a block batch, always in the same order: a retried call must send core banking the same body. */
  async ofBlockBatch(incidentId: string, batch: number): Promise<BreachCard[]> {
    return this.sql.query(
      `SELECT card_ref AS "cardRef", last4, customer_ref AS "customerRef" FROM mass_compromise_cards
        WHERE incident_id = $1 AND card_batch = $2 ORDER BY card_ref`,
      [incidentId, batch],
    );
  }

  /** Every card of the given block batches, by batch: what the trail records as requested when a breach opens. */
  async ofBlockBatches(incidentId: string, batches: number[]): Promise<Map<number, BreachCard[]>> {
    const rows: (BreachCard & { batch: number })[] = await this.sql.query(
      `SELECT card_batch AS batch, card_ref AS "cardRef", last4, customer_ref AS "customerRef" FROM mass_compromise_cards
        WHERE incident_id = $1 AND card_batch = ANY($2::int[]) ORDER BY card_batch, card_ref`,
      [incidentId, batches],
    );
    const byBatch = new Map(batches.map((batch) => [batch, [] as BreachCard[]]));
    for (const { batch, ...card } of rows) byBatch.get(batch)!.push(card);
    return byBatch;
  }

  /**
   * Gives each reissue effect the blocked cards of its batch, once (a retried effect keeps its cards),
   * and returns them per effect. Only blocked cards get new ones; a card that failed to block is for a person to handle.
   */
  async assignReissues(incidentId: string, effects: { id: string; batch: number }[]): Promise<Map<string, BreachCard[]>> {
    // The second SELECT sees the rows as they were before the UPDATE: the cards a retried effect already had.
    const rows: (BreachCard & { effectId: string })[] = await this.sql.query(
      `WITH assigned AS (
         UPDATE mass_compromise_cards c SET reissue_effect_id = e.id, reissue_status = 'ordering'
           FROM unnest($2::uuid[], $3::int[]) AS e(id, batch)
          WHERE c.incident_id = $1 AND c.card_batch = e.batch AND c.block_status = 'blocked' AND c.reissue_effect_id IS NULL
            -- A retried effect keeps exactly the cards it first had: core banking sees the same call under its key.
            AND NOT EXISTS (SELECT 1 FROM mass_compromise_cards had WHERE had.incident_id = $1 AND had.reissue_effect_id = e.id)
          RETURNING c.reissue_effect_id AS "effectId", c.card_ref AS "cardRef", c.last4, c.customer_ref AS "customerRef")
       SELECT * FROM assigned
       UNION ALL
       SELECT reissue_effect_id, card_ref, last4, customer_ref FROM mass_compromise_cards
        WHERE incident_id = $1 AND card_batch = ANY($3::int[]) AND reissue_effect_id = ANY($2::uuid[])
       ORDER BY "cardRef"`,
      [incidentId, effects.map((e) => e.id), effects.map((e) => e.batch)],
    );
    const byEffect = new Map(effects.map((e) => [e.id, [] as BreachCard[]]));
    for (const { effectId, ...card } of rows) byEffect.get(effectId)!.push(card);
    return byEffect;
  }

  /** The cards a reissue effect orders, in a fixed order. */
  async ofReissue(incidentId: string, batch: number, effectId: string): Promise<BreachCard[]> {
    return this.sql.query(
      `SELECT card_ref AS "cardRef", last4, customer_ref AS "customerRef" FROM mass_compromise_cards
        WHERE incident_id = $1 AND card_batch = $2 AND reissue_effect_id = $3 ORDER BY card_ref`,
      [incidentId, batch, effectId],
    );
  }

  /** Records core banking's answer for each card of a block batch; returns the cards whose status changed. */
  async recordBlocks(incidentId: string, batch: number, results: (BlockResult | CardRefused)[]): Promise<SettledCard[]> {
    const blocked = results.map((r) => !('refused' in r));
    return this.settled(
      `UPDATE mass_compromise_cards c
          SET block_status = CASE WHEN r.ok THEN 'blocked' ELSE 'block_failed' END,
              blocked_at = r.at, block_core_ref = r.core_ref, failure = r.failure
         FROM unnest($3::text[], $4::bool[], $5::timestamptz[], $6::text[], $7::text[]) AS r(card_ref, ok, at, core_ref, failure)
        WHERE c.incident_id = $1 AND c.card_batch = $2 AND c.card_ref = r.card_ref
          AND (c.block_status = 'blocking' OR (c.block_status = 'block_failed' AND r.ok))
        RETURNING c.card_ref AS "cardRef", c.last4, c.customer_ref AS "customerRef", r.ok, r.core_ref AS "coreRef", r.failure`,
      [
        incidentId,
        batch,
        results.map((r) => r.cardRef),
        blocked,
        results.map((r) => ('refused' in r ? null : r.at)),
        results.map((r) => ('refused' in r ? null : r.coreRef)),
        results.map((r) => ('refused' in r ? r.refused : null)),
      ],
    );
  }

  /** A block batch core banking never confirmed: its cards still waiting are failed. */
  async recordBlocksGivenUp(incidentId: string, batch: number, reason: string): Promise<SettledCard[]> {
    return this.settled(
      `UPDATE mass_compromise_cards c SET block_status = 'block_failed', failure = $3
        WHERE c.incident_id = $1 AND c.card_batch = $2 AND c.block_status = 'blocking'
        RETURNING c.card_ref AS "cardRef", c.last4, c.customer_ref AS "customerRef", false AS ok, NULL AS "coreRef", $3 AS failure`,
      [incidentId, batch, reason],
    );
  }

  async recordReissues(incidentId: string, batch: number, effectId: string, results: (ReissueResult | CardRefused)[]): Promise<SettledCard[]> {
    return this.settled(
      `UPDATE mass_compromise_cards c
          SET reissue_status = CASE WHEN r.ok THEN 'ordered' ELSE 'reissue_failed' END,
              reissue_core_ref = r.core_ref, new_last4 = r.new_last4, reissue_eta = r.eta, failure = r.failure
         FROM unnest($3::text[], $4::bool[], $5::text[], $6::text[], $7::timestamptz[], $8::text[]) AS r(card_ref, ok, core_ref, new_last4, eta, failure)
        WHERE c.incident_id = $1 AND c.card_batch = $9 AND c.reissue_effect_id = $2 AND c.card_ref = r.card_ref
          AND (c.reissue_status = 'ordering' OR (c.reissue_status = 'reissue_failed' AND r.ok))
        RETURNING c.card_ref AS "cardRef", c.last4, c.customer_ref AS "customerRef", r.ok, r.core_ref AS "coreRef", r.failure`,
      [
        incidentId,
        effectId,
        results.map((r) => r.cardRef),
        results.map((r) => !('refused' in r)),
        results.map((r) => ('refused' in r ? null : r.coreRef)),
        results.map((r) => ('refused' in r ? null : r.newLast4)),
        results.map((r) => ('refused' in r ? null : r.eta)),
        results.map((r) => ('refused' in r ? r.refused : null)),
        batch,
      ],
    );
  }

  async recordReissuesGivenUp(incidentId: string, batch: number, effectId: string, reason: string): Promise<SettledCard[]> {
    return this.settled(
      `UPDATE mass_compromise_cards c SET reissue_status = 'reissue_failed', failure = $3
        WHERE c.incident_id = $1 AND c.card_batch = $4 AND c.reissue_effect_id = $2 AND c.reissue_status = 'ordering'
        RETURNING c.card_ref AS "cardRef", c.last4, c.customer_ref AS "customerRef", false AS ok, NULL AS "coreRef", $3 AS failure`,
      [incidentId, effectId, reason, batch],
    );
  }

  /** The customers of a notice batch, each with their cards: one message per customer, however many cards. */
  async customersOf(incidentId: string, batch: number): Promise<BreachedCustomer[]> {
    const rows: { customerRef: string; last4s: string[]; blocked: boolean[]; newCardsBy: Date | null }[] = await this.sql.query(
      `SELECT customer_ref AS "customerRef", array_agg(last4 ORDER BY card_ref) AS last4s,
              array_agg(block_status = 'blocked' ORDER BY card_ref) AS blocked, max(reissue_eta) AS "newCardsBy"
         FROM mass_compromise_cards WHERE incident_id = $1 AND customer_batch = $2
        GROUP BY customer_ref ORDER BY customer_ref`,
      [incidentId, batch],
    );
    return rows.map((r) => ({
      customerRef: r.customerRef,
      cards: r.last4s.map((last4, i) => ({ last4, blocked: r.blocked[i] })),
      newCardsBy: r.newCardsBy?.toISOString() ?? null,
    }));
  }

  /** UPDATE … RETURNING through TypeORM, which hands back `[rows, count]` for writes. */
  private async settled(sql: string, params: unknown[]): Promise<SettledCard[]> {
    const answer: unknown = await this.sql.query(`WITH settled AS (${sql}) SELECT * FROM settled`, params);
    return answer as SettledCard[];
  }
}
