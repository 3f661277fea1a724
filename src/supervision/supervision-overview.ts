import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SupervisorAlerts, type SupervisorAlertView } from '../commitments/supervisor-alerts.js';
import { IncidentSearch, type Asker, type IncidentSummary } from '../incidents/incident-search.js';
import type { IncidentFiltersDto } from '../incidents/dto/incident-query.dto.js';

/** The most open incidents and dead effects one screen shows; the rest are found with the incident list. */
const SHOWN = 200;

export interface SupervisionOverview {
  openIncidents: (IncidentSummary & { ageMs: number })[];
  alerts: SupervisorAlertView[];
  deadEffects: { incidentId: string; effectId: string; kind: string; cardRef?: string; lastError: string | null; at: string }[];
  operators: { operator: string; openAssigned: number }[];
  today: {
    incidentsOpened: number;
    medianTimeToBlockMs: number | null;
    commitmentsDue: number;
    commitmentsKeptOnTime: number;
    csat: { responses: number; average: number | null };
  };
}

/** What is at risk now, for supervisors: open incidents, broken promises, what Lifeline gave up on, who carries what, the day's figures. */
@Injectable()
export class SupervisionOverviewReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly search: IncidentSearch,
    private readonly alerts: SupervisorAlerts,
  ) {}

  async read(asker: Asker, filters: IncidentFiltersDto = {}, now = new Date()): Promise<SupervisionOverview> {
    // "Today" is the server's UTC day.
    const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const tomorrow = new Date(today.getTime() + 24 * 3600_000);
    const [open, alerts, dead, operators, [figures], [median]] = await Promise.all([
      this.search.summaries({ ...filters, status: ['open'] }, asker, SHOWN),
      this.alerts.list({ status: 'open', limit: 500 }),
      this.dataSource.query(
        `SELECT incident_id AS "incidentId", id AS "effectId", kind, params->>'cardRef' AS "cardRef", last_error AS "lastError", updated_at AS at
           FROM effects WHERE status = 'dead' ORDER BY updated_at DESC, id LIMIT $1`,
        [SHOWN],
      ) as Promise<{ incidentId: string; effectId: string; kind: string; cardRef: string | null; lastError: string | null; at: Date }[]>,
      this.dataSource.query(
        `SELECT assigned_to AS operator, count(*)::int AS "openAssigned" FROM incidents
          WHERE status = 'open' AND assigned_to IS NOT NULL GROUP BY assigned_to ORDER BY count(*) DESC, assigned_to`,
      ) as Promise<{ operator: string; openAssigned: number }[]>,
      this.dataSource.query(
        `SELECT (SELECT count(*)::int FROM incidents WHERE opened_at >= $1 AND opened_at < $2) AS "incidentsOpened",
                (SELECT count(*)::int FROM commitments WHERE due_by >= $1 AND due_by < $2 AND status <> 'withdrawn') AS "commitmentsDue",
                (SELECT count(*)::int FROM commitments WHERE due_by >= $1 AND due_by < $2 AND status <> 'withdrawn' AND met_at <= due_by) AS "commitmentsKeptOnTime",
                (SELECT count(score)::int FROM follow_ups WHERE answered_at >= $1 AND answered_at < $2) AS responses,
                (SELECT avg(score)::float FROM follow_ups WHERE answered_at >= $1 AND answered_at < $2) AS average`,
        [today, tomorrow],
      ) as Promise<{ incidentsOpened: number; commitmentsDue: number; commitmentsKeptOnTime: number; responses: number; average: number | null }[]>,
      // Time to block: from opening until the last of its cards stopped working (blocked or frozen), as in the incident list.
      this.dataSource.query(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::float AS ms FROM (
           SELECT extract(epoch FROM max((card->>'blockedAt')::timestamptz) - i.opened_at) * 1000 AS ms
             FROM incidents i, jsonb_array_elements(i.snapshot->'context'->'cards') card
            WHERE i.opened_at >= $1 AND i.opened_at < $2
            GROUP BY i.id, i.opened_at
           HAVING bool_and(card->>'blockedAt' IS NOT NULL)) stopped`,
        [today, tomorrow],
      ) as Promise<{ ms: number | null }[]>,
    ]);
    return {
      openIncidents: open.map((i) => ({ ...i, ageMs: now.getTime() - Date.parse(i.openedAt) })),
      alerts,
      deadEffects: dead.map(({ cardRef, at, ...e }) => ({ ...e, ...(cardRef && { cardRef }), at: at.toISOString() })),
      operators,
      today: {
        incidentsOpened: figures.incidentsOpened,
        medianTimeToBlockMs: median.ms === null ? null : Math.round(median.ms),
        commitmentsDue: figures.commitmentsDue,
        commitmentsKeptOnTime: figures.commitmentsKeptOnTime,
        csat: { responses: figures.responses, average: figures.average },
      },
    };
  }
}
