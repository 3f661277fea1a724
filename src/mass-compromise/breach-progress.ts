import type { EntityManager } from 'typeorm';
import { BREACH_STAGES, breachBatches, type Breach, type BreachStage } from '../playbooks/catalog/incident-context.js';
import { BREACH_NOTICE } from './breach-notice.js';

/** What the incident view shows for a breach: cards and customers counted from the rows, batches from the incident. */
export interface BreachProgress {
  total: number;
  blocked: number;
  failed: number;
  reissued: number;
  reissueFailed: number;
  customers: number;
  customersNotified: number;
  /** Per stage, how many of its batches have reported; the step moves on once all of them have. */
  batches: Record<BreachStage, { reported: number; of: number }>;
}

/** The progress figures the incident itself holds: how many customers, and per stage the batches that have reported. */
export function breachFigures(breach: Breach): Pick<BreachProgress, 'customers' | 'batches'> {
  const batches = Object.fromEntries(BREACH_STAGES.map((stage) => [stage, { reported: breach.reported[stage].length, of: breachBatches(breach, stage) }]));
  return { customers: breach.customers, batches: batches as BreachProgress['batches'] };
}

/** One pass over the cards' rows; customers told are the breach notices recorded (one per customer, by a unique index). */
export async function countBreachCards(sql: Pick<EntityManager, 'query'>, incidentId: string): Promise<Omit<BreachProgress, 'customers' | 'batches'>> {
  const [row] = await sql.query(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE block_status = 'blocked')::int AS blocked,
            count(*) FILTER (WHERE block_status = 'block_failed')::int AS failed,
            count(*) FILTER (WHERE reissue_status = 'ordered')::int AS reissued,
            count(*) FILTER (WHERE reissue_status = 'reissue_failed')::int AS "reissueFailed",
            (SELECT count(*)::int FROM notifications WHERE incident_id = $1 AND template = $2) AS "customersNotified"
       FROM mass_compromise_cards WHERE incident_id = $1`,
    [incidentId, BREACH_NOTICE],
  );
  return row;
}
