import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EffectHandlers } from '../effects/effect-handlers.js';
import type { EffectKind } from '../playbooks/catalog/effects.js';
import { failureWords } from '../playbooks/words/reasons.js';
import { DataSource, type EntityManager } from 'typeorm';
import { LifelineError } from '../common/lifeline.error.js';
import type { Actor } from '../auth/actor.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import type { RecordedEvent } from '../incidents/send-participant.js';
import type { Locale, Localized } from '../playbooks/playbook.definition.js';
import type { EffectDraft } from '../playbooks/catalog/effects.js';
import { formatTime } from '../playbooks/guidance.js';
import { type CommitmentKind, type CommitmentOwner, CommitmentEntity } from './commitment.entity.js';
import { type AlertReason, SupervisorAlertEntity } from './supervisor-alert.entity.js';
import { OWNERS } from './commitment-words.js';
import type { AlertQueryDto } from './dto/alert-query.dto.js';

/** A broken promise, as a supervisor reads it: who, what was promised, by when, how the customer hears. */
export interface SupervisorAlertView {
  id: string;
  /** Why: a promise late, a card's protection given up, an incident nobody touched, or a customer who scored us 1–2. */
  reason: AlertReason;
  /** The customer's comment with a low score. */
  note: string | null;
  status: 'open' | 'acknowledged';
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  incident: { id: string; playbook: string; customerRef: string; state: string; updatedAt: string };
  /** The broken promise; null for an alert about a failure. */
  commitment: { id: string; kind: CommitmentKind; what: string; dueBy: string; owner: string; channel: string; keptAt: string | null } | null;
  /** What Lifeline gave up on (a card's block or freeze), in the incident's language; null for a broken promise. */
  failure: { effectId: string; what: string } | null;
}

interface AlertRow {
  id: string;
  reason: 'untouched' | 'low_score' | null;
  note: string | null;
  state: string;
  updated_at: Date;
  status: 'open' | 'acknowledged';
  raised_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  incident_id: string;
  playbook_id: string;
  customer_ref: string;
  locale: Locale;
  commitment_id: string | null;
  kind: CommitmentKind | null;
  what: Localized | null;
  due_by: Date | null;
  owner: CommitmentOwner | null;
  channel: string | null;
  met_at: Date | null;
  effect_id: string | null;
  failure: Localized | null;
}

const SELECT_ALERTS = `
  SELECT a.id, a.reason, a.note, i.state, i.updated_at, a.status, a.raised_at, a.acknowledged_at, a.acknowledged_by,
         i.id AS incident_id, i.playbook_id, i.customer_ref, i.locale,
         c.id AS commitment_id, c.kind, c.what, c.due_by, c.owner, c.channel, c.met_at,
         a.effect_id, a.what AS failure
    FROM supervisor_alerts a
    LEFT JOIN commitments c ON c.id = a.commitment_id
    JOIN incidents i ON i.id = a.incident_id`;

/** The reports of a card left unprotected. */
const MONEY_AT_RISK = new Set(['CARD_BLOCK_FAILED', 'CARD_FREEZE_FAILED']);

/** Someone acknowledged the alert first: the event is not recorded twice. */
class AlreadyAcknowledged extends Error {}

/** The supervisors' queue of broken promises. */
@Injectable()
export class SupervisorAlerts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly incidents: IncidentsService,
    private readonly handlers: EffectHandlers,
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

  /**
   * A card's block or freeze given up is money at risk: a supervisor is alerted at once, in the report's own
   * transaction, once per effect, with what failed in both languages.
   */
  /** Raises an alert in the caller's transaction; an alert already open for the same thing is not raised twice. */
  async raise(m: EntityManager, alert: { incidentId: string; reason: 'untouched' | 'low_score'; commitmentId?: string; note?: string | null }): Promise<boolean> {
    const row = { id: randomUUID(), incidentId: alert.incidentId, commitmentId: alert.commitmentId ?? null, effectId: null, what: null, reason: alert.reason, note: alert.note ?? null, status: 'open' as const, raisedAt: new Date(), acknowledgedAt: null, acknowledgedBy: null };
    const inserted = await m.createQueryBuilder().insert().into(SupervisorAlertEntity).values(row).orIgnore().returning('id').execute();
    return (inserted.raw as unknown[]).length > 0;
  }

  /**
   * A score of 1–2 (FEEDBACK_RECORDED's transaction, after the commitments book wrote the recovery promise): a supervisor is
   * alerted with the customer's comment, and the customer told who contacts them and by when.
   */
  async openRecovery(m: EntityManager, recorded: RecordedEvent): Promise<EffectDraft[]> {
    const promise = await m.findOneBy(CommitmentEntity, { incidentId: recorded.incident.id, eventSeq: recorded.seq, kind: 'recovery' });
    if (!promise) return [];
    const { comment } = recorded.event.data as { comment: string | null };
    await this.raise(m, { incidentId: recorded.incident.id, reason: 'low_score', commitmentId: promise.id, note: comment });
    const dueBy = formatTime(promise.dueBy.toISOString(), recorded.incident.locale, recorded.context.timeZone);
    return [{ kind: 'notifyCustomer', params: { template: 'recovery-promised', contactChannel: recorded.context.contactChannel, values: { dueBy } } }];
  }

  async raiseForGivenUp(m: EntityManager, recorded: RecordedEvent): Promise<void> {
    const given = recorded.finished;
    if (!MONEY_AT_RISK.has(recorded.event.type) || given?.status !== 'dead') return;
    const handler = this.handlers.of(given.kind as EffectKind);
    const reason = given.lastError ?? 'no answer';
    const what = (locale: Locale) => handler.attention?.(given.params as never, failureWords(reason, locale), locale, recorded.context).failed ?? reason;
    await m.query(
      `INSERT INTO supervisor_alerts (id, incident_id, effect_id, what, status, raised_at) VALUES ($1, $2, $3, $4, 'open', $5) ON CONFLICT (effect_id) DO NOTHING`,
      [randomUUID(), recorded.incident.id, given.id, { en: what('en'), ru: what('ru') }, recorded.event.at],
    );
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
    reason: r.reason ?? (r.effect_id ? 'effect_given_up' : 'commitment_late'),
    note: r.note,
    status: r.status,
    raisedAt: r.raised_at.toISOString(),
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: r.acknowledged_by,
    incident: { id: r.incident_id, playbook: r.playbook_id, customerRef: r.customer_ref, state: r.state, updatedAt: r.updated_at.toISOString() },
    commitment: r.commitment_id
      ? {
          id: r.commitment_id,
          kind: r.kind!,
          what: r.what![r.locale],
          dueBy: r.due_by!.toISOString(),
          owner: OWNERS[r.owner!][r.locale],
          channel: r.channel!,
          keptAt: r.met_at?.toISOString() ?? null,
        }
      : null,
    failure: r.effect_id ? { effectId: r.effect_id, what: r.failure![r.locale] } : null,
  };
}
