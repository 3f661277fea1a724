import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JsonObject } from '../common/json.js';
import { PROTECTIVE_EVENTS } from '../playbooks/catalog/events.js';
import { type IncidentEvent, isUnlistedCard } from '../playbooks/catalog/incident-context.js';
import type { Transitioned } from '../playbooks/playbook.engine.js';
import { JOB_ACTOR } from '../auth/actor.js';
import { IncidentEventEntity } from './incident-event.entity.js';
import { announceIncidentChange } from './live/incident-changes.js';
import type { IncidentEntity } from './incident.entity.js';

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

  /** Compare-and-set the incident, append the event, announce the change (on commit). Returns the event's sequence number. */
  async record(m: EntityManager, incident: IncidentEntity, event: IncidentEvent, from: string | null, next: Transitioned, outcome: 'applied' | 'ignored' = 'applied'): Promise<number> {
    const seq = from === null ? 1 : incident.version + 1;
    if (from !== null) {
      const status = next.outcome ?? incident.status;
      const updated: unknown[] = await m.query(
        `WITH changed AS (
           UPDATE incidents
              SET snapshot = $3, state = $4, status = $5, version = version + 1, updated_at = now(),
                  first_protective_action_at = COALESCE(first_protective_action_at, CASE WHEN $6 THEN $7::timestamptz END),
                  resolved_at = CASE WHEN $5 = 'resolved' THEN COALESCE(resolved_at, $7::timestamptz) ELSE resolved_at END
            WHERE id = $1 AND version = $2
            RETURNING id)
         SELECT id FROM changed`,
        [incident.id, incident.version, next.snapshot, next.snapshot.value, status, outcome === 'applied' && PROTECTIVE_EVENTS.has(event.type), event.at],
      );
      if (updated.length === 0) throw new VersionConflict();
    }
    await m.insert(IncidentEventEntity, {
      incidentId: incident.id,
      seq,
      type: event.type,
      data: event.data as JsonObject,
      actor: event.actor,
      at: new Date(event.at),
      stateFrom: from,
      stateTo: next.snapshot.value,
      outcome,
    });
    const status = from === null ? incident.status : (next.outcome ?? incident.status);
    await announceIncidentChange(m, { id: incident.id, version: seq, status, state: next.snapshot.value, playbookId: incident.playbookId });
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
