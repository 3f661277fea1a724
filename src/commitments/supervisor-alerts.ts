import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LifelineError } from '../common/lifeline.error.js';
import type { Actor } from '../auth/actor.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import type { RecordedEvent } from '../incidents/send-participant.js';
import type { Locale, Localized } from '../playbooks/playbook.definition.js';
import type { CommitmentKind, CommitmentOwner } from './commitment.entity.js';
import { OWNERS } from './commitment-words.js';
import type { AlertQueryDto } from './dto/alert-query.dto.js';

/** A broken promise, as a supervisor reads it: who, what was promised, by when, how the customer hears. */
export interface SupervisorAlertView {
  id: string;
  status: 'open' | 'acknowledged';
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  incident: { id: string; playbook: string; customerRef: string };
  commitment: { id: string; kind: CommitmentKind; what: string; dueBy: string; owner: string; channel: string; keptAt: string | null };
}

interface AlertRow {
  id: string;
  status: 'open' | 'acknowledged';
  raised_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  incident_id: string;
  playbook_id: string;
  customer_ref: string;
  locale: Locale;
  commitment_id: string;
  kind: CommitmentKind;
  what: Localized;
  due_by: Date;
  owner: CommitmentOwner;
  channel: string;
  met_at: Date | null;
}

const SELECT_ALERTS = `
  SELECT a.id, a.status, a.raised_at, a.acknowledged_at, a.acknowledged_by,
         i.id AS incident_id, i.playbook_id, i.customer_ref, i.locale,
         c.id AS commitment_id, c.kind, c.what, c.due_by, c.owner, c.channel, c.met_at
    FROM supervisor_alerts a
    JOIN commitments c ON c.id = a.commitment_id
    JOIN incidents i ON i.id = a.incident_id`;

/** Someone acknowledged the alert first: the event is not recorded twice. */
class AlreadyAcknowledged extends Error {}

/** The supervisors' queue of broken promises. */
@Injectable()
export class SupervisorAlerts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly incidents: IncidentsService,
  ) {}

  async list(query: AlertQueryDto): Promise<SupervisorAlertView[]> {
    const rows: AlertRow[] = await this.dataSource.query(`${SELECT_ALERTS} WHERE ($1::text IS NULL OR a.status = $1) ORDER BY a.raised_at, a.id LIMIT $2`, [
      query.status ?? null,
      query.limit ?? 100,
    ]);
    return rows.map(toView);
  }

  /**
   * A supervisor takes the alert up: an ALERT_ACKNOWLEDGED event on its incident, which writes the acknowledgement
   * in its transaction. Idempotent: a second acknowledgement keeps the first one's name and time, and records nothing.
   */
  async acknowledge(id: string, actor: Actor): Promise<SupervisorAlertView> {
    const [found]: AlertRow[] = await this.dataSource.query(`${SELECT_ALERTS} WHERE a.id = $1`, [id]);
    if (!found) throw new LifelineError('not_found', `No alert ${id}`);
    if (found.status === 'open') {
      await this.incidents.send(found.incident_id, { type: 'ALERT_ACKNOWLEDGED', data: { alertId: id, commitmentId: found.commitment_id } }, actor).catch((error: unknown) => {
        if (!(error instanceof AlreadyAcknowledged)) throw error;
      });
    }
    const [row]: AlertRow[] = await this.dataSource.query(`${SELECT_ALERTS} WHERE a.id = $1`, [id]);
    return toView(row);
  }

  /** Inside the ALERT_ACKNOWLEDGED event's transaction; another supervisor's acknowledgement first refuses the event. */
  async recordAcknowledgement(m: EntityManager, recorded: RecordedEvent): Promise<void> {
    const { alertId } = recorded.event.data as { alertId: string };
    const acknowledged: unknown[] = await m.query(
      `WITH acknowledged AS (
         UPDATE supervisor_alerts SET status = 'acknowledged', acknowledged_at = $3, acknowledged_by = $2 WHERE id = $1 AND status = 'open' RETURNING id)
       SELECT id FROM acknowledged`,
      [alertId, recorded.actor.id, recorded.event.at],
    );
    if (acknowledged.length === 0) throw new AlreadyAcknowledged();
  }
}

function toView(r: AlertRow): SupervisorAlertView {
  return {
    id: r.id,
    status: r.status,
    raisedAt: r.raised_at.toISOString(),
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: r.acknowledged_by,
    incident: { id: r.incident_id, playbook: r.playbook_id, customerRef: r.customer_ref },
    commitment: {
      id: r.commitment_id,
      kind: r.kind,
      what: r.what[r.locale],
      dueBy: r.due_by.toISOString(),
      owner: OWNERS[r.owner][r.locale],
      channel: r.channel,
      keptAt: r.met_at?.toISOString() ?? null,
    },
  };
}
