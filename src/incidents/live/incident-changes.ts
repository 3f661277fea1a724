import type { IncidentStatus } from '../incident.entity.js';

/**
 * The PostgreSQL channel every committed change to an incident is announced on: `pg_notify` in the statement
 * that records the change (IncidentJournal), so PostgreSQL delivers it on commit only, to every API replica
 * listening, and never for a change rolled back.
 */
export const INCIDENT_CHANGED = 'incident_changed';

export interface IncidentChange {
  id: string;
  version: number;
  status: IncidentStatus;
  state: string;
  playbookId: string;
}
