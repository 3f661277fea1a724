import type { EntityManager } from 'typeorm';
import type { IncidentStatus } from '../incident.entity.js';

/** The PostgreSQL channel every committed change to an incident is announced on. */
export const INCIDENT_CHANGED = 'incident_changed';

export interface IncidentChange {
  id: string;
  version: number;
  status: IncidentStatus;
  state: string;
  playbookId: string;
}

/**
 * Announces a change inside the transaction that makes it: PostgreSQL delivers the notification
 * on commit only, to every API replica listening, and never for a change rolled back.
 */
export async function announceIncidentChange(m: EntityManager, change: IncidentChange): Promise<void> {
  await m.query(`SELECT pg_notify($1, $2)`, [INCIDENT_CHANGED, JSON.stringify(change)]);
}
