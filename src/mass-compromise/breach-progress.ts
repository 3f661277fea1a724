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

/**
 * A breach's card counts as one JSON object, over the incident's row `i` (a column of the incident view's read): one
 * pass over the cards' rows; customers told are the breach notices recorded (one per customer, by a unique index).
 */
export const BREACH_CARD_COUNTS = `(SELECT json_build_object(
     'total', count(*)::int,
     'blocked', count(*) FILTER (WHERE block_status = 'blocked')::int,
     'failed', count(*) FILTER (WHERE block_status = 'block_failed')::int,
     'reissued', count(*) FILTER (WHERE reissue_status = 'ordered')::int,
     'reissueFailed', count(*) FILTER (WHERE reissue_status = 'reissue_failed')::int,
     'customersNotified', (SELECT count(*)::int FROM notifications n WHERE n.incident_id = i.id AND n.template = '${BREACH_NOTICE}'))
   FROM mass_compromise_cards WHERE incident_id = i.id)`;
