import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PROTECTIVE_EVENTS } from '../playbooks/catalog/events.js';
import { type IncidentEvent, isUnlistedCard } from '../playbooks/catalog/incident-context.js';
import type { Transitioned } from '../playbooks/playbook.engine.js';
import { JOB_ACTOR } from '../auth/actor.js';
import { INCIDENT_CHANGED, type IncidentChange } from './live/incident-changes.js';
import { INCIDENT_JSON, type IncidentEntity } from './incident.entity.js';

/** $1 the incident; $2–$9 the event (seq, type, data, actor, at, state from, state to, outcome); $10, $11 its announcement. */
const EVENT_COLUMNS = 'incident_id, seq, type, data, actor, at, state_from, state_to, outcome';
const EVENT_VALUES = '$2::int, $3, $4::jsonb, $5, $6::timestamptz, $7, $8, $9';

/** An incident's first event: nothing to compare yet. */
const RECORD_FIRST_EVENT = `WITH recorded AS (
  INSERT INTO incident_events (${EVENT_COLUMNS}) VALUES ($1, ${EVENT_VALUES}) RETURNING seq)
SELECT pg_notify($10, $11) FROM recorded`;

/** Every later event: written (and announced) only if the incident moves from the version read ($12) to the next. */
const RECORD_CHANGE = `WITH changed AS (
  UPDATE incidents
     SET snapshot = $13, state = $8, status = $14, version = version + 1, updated_at = now(),
         first_protective_action_at = COALESCE(first_protective_action_at, CASE WHEN $15 THEN $6::timestamptz END),
         resolved_at = CASE WHEN $14 = 'resolved' THEN COALESCE(resolved_at, $6::timestamptz) ELSE resolved_at END
   WHERE id = $1 AND version = $12
   RETURNING id),
recorded AS (
  INSERT INTO incident_events (${EVENT_COLUMNS}) SELECT id, ${EVENT_VALUES} FROM changed RETURNING seq)
SELECT pg_notify($10, $11) FROM recorded`;

/**
 * The incident, locked as it is read: the reports of one wallet's three blocks then take turns instead of losing the
 * compare-and-set to each other and starting over (which stays the guarantee). No key update: the event and effect
 * rows that reference the incident are not held up.
 */
const READ_FOR_CHANGE = `SELECT ${INCIDENT_JSON.object('i')} AS incident FROM ${INCIDENT_JSON.table} i WHERE i.id = $1 FOR NO KEY UPDATE`;

/** Lost a compare-and-set race: reload and try again. */
export class VersionConflict extends Error {}

/**
 * The writes behind every change to an incident, always inside the caller's transaction:
 * compare-and-set on the incident and the append-only event (the effects go to the Outbox).
 * (Writes are wrapped in `WITH … SELECT` so TypeORM returns plain rows, not `[rows, count]`.)
 */
@Injectable()
export class IncidentJournal {
  /**
   * The open incident of this playbook for the customer or any of the cards, checked under a lock per customer.
   * Two lookups, each answered by its own index (incidents_open_by_customer, incidents_open_by_card): one query
   * ORing them leaves the planner only indexes that answer neither, and it reads every open incident.
   */
  async openIncidentFor(m: EntityManager, playbookId: string, customerRef: string, cardRefs: string[]): Promise<string | null> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`open-incident:${playbookId}:${customerRef}`]);
    const [row] = await m.query(
      `SELECT id FROM (
         (SELECT id, opened_at FROM incidents WHERE status = 'open' AND customer_ref = $2 AND playbook_id = $1)
         UNION
         (SELECT id, opened_at FROM incidents WHERE status = 'open' AND playbook_id = $1 AND snapshot->'context'->'cards' @> ANY($3::jsonb[]))
       ) candidates ORDER BY opened_at LIMIT 1`,
      // A stand-in ref (a card known only by its last 4) names no particular card: it never matches another incident.
      [playbookId, customerRef, cardRefs.filter((cardRef) => !isUnlistedCard(cardRef)).map((cardRef) => JSON.stringify([{ cardRef }]))],
    );
    return row?.id ?? null;
  }

  /** The incident as it stands, locked for the change about to be made to it; null when there is none. */
  async readForChange(m: EntityManager, incidentId: string): Promise<IncidentEntity | null> {
    const [row] = await m.query(READ_FOR_CHANGE, [incidentId]);
    return row ? INCIDENT_JSON.revive(row.incident) : null;
  }

  /**
   * Compare-and-set the incident, append the event, announce the change (on commit), in one round trip: the event
   * is written, and the change announced, only when the incident was still at the version read. Returns the
   * event's sequence number.
   */
  async record(m: EntityManager, incident: IncidentEntity, event: IncidentEvent, from: string | null, next: Transitioned, outcome: 'applied' | 'ignored' = 'applied'): Promise<number> {
    const seq = from === null ? 1 : incident.version + 1;
    const status = from === null ? incident.status : (next.outcome ?? incident.status);
    const change: IncidentChange = { id: incident.id, version: seq, status, state: next.snapshot.value, playbookId: incident.playbookId };
    const eventRow = [seq, event.type, JSON.stringify(event.data), event.actor, event.at, from, next.snapshot.value, outcome, INCIDENT_CHANGED, JSON.stringify(change)];
    if (from === null) {
      await m.query(RECORD_FIRST_EVENT, [incident.id, ...eventRow]);
      return seq;
    }
    const changed: unknown[] = await m.query(RECORD_CHANGE, [
      incident.id,
      ...eventRow,
      incident.version,
      next.snapshot,
      status,
      outcome === 'applied' && PROTECTIVE_EVENTS.has(event.type),
    ]);
    if (changed.length === 0) throw new VersionConflict();
    return seq;
  }

  /**
   * The operator's view is stale when, since the version they saw, someone else acted or the step moved.
   * Job reports that leave the step where it was (a card blocked, transactions loaded) do not count.
   */
  async isStale(m: EntityManager, incident: IncidentEntity, expectedVersion: number): Promise<boolean> {
    if (expectedVersion === incident.version) return false;
    if (expectedVersion > incident.version) return true;
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM incident_events
        WHERE incident_id = $1 AND seq > $2 AND (actor <> $3 OR state_from IS DISTINCT FROM state_to)
        LIMIT 1`,
      [incident.id, expectedVersion, JOB_ACTOR.id],
    );
    return rows.length > 0;
  }
}
