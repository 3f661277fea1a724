import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JOB_ACTOR } from '../auth/actor.js';
import { AppConfig } from '../config/app-config.js';
import { type Effect, type EffectHandler } from '../effects/effect-handler.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { QueueName } from '../effects/queue-name.js';
import { IncidentEntity } from '../incidents/incident.entity.js';
import type { EffectDraft } from '../playbooks/catalog/effects.js';
import type { EventInput } from '../playbooks/catalog/events.js';
import { SupervisorAlerts } from './supervisor-alerts.js';

/**
 * Runs a `checkUntouched` effect: an open incident that no person has acted on for INCIDENT_UNTOUCHED_ALERT_MS
 * (job reports do not count) alerts a supervisor, once while that alert is open. Its UNTOUCHED_CHECKED report
 * schedules the next look while the incident is open, so the watch lives in the outbox like a commitment's check.
 * The alert is committed before the report, as the commitment watcher's is: it is idempotent.
 */
@Injectable()
export class UntouchedWatcher implements EffectHandler<'checkUntouched'>, OnModuleInit {
  readonly kind = 'checkUntouched';
  readonly queue = QueueName.Timers;

  constructor(
    private readonly handlers: EffectHandlers,
    private readonly dataSource: DataSource,
    private readonly alerts: SupervisorAlerts,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  /** The first look, with the event that opens the incident. */
  firstCheck(openedAt: string): EffectDraft {
    return { kind: 'checkUntouched', params: { since: openedAt }, dueAt: new Date(Date.parse(openedAt) + this.config.INCIDENT_UNTOUCHED_ALERT_MS).toISOString() };
  }

  /** The next look a report asks for. */
  nextCheck(at: string): EffectDraft {
    return { kind: 'checkUntouched', params: { since: at }, dueAt: at };
  }

  async execute(effect: Effect<'checkUntouched'>): Promise<EventInput> {
    const incident = await this.dataSource.getRepository(IncidentEntity).findOneByOrFail({ id: effect.incidentId });
    if (incident.status !== 'open') return { type: 'UNTOUCHED_CHECKED', data: { verdict: 'closed' } };
    const [{ touched }]: { touched: Date }[] = await this.dataSource.query(`SELECT max(at) AS touched FROM incident_events WHERE incident_id = $1 AND actor <> $2`, [
      incident.id,
      JOB_ACTOR.id,
    ]);
    const limit = this.config.INCIDENT_UNTOUCHED_ALERT_MS;
    const now = Date.now();
    const lastTouched = touched?.getTime() ?? incident.openedAt.getTime();
    if (now - lastTouched < limit) return { type: 'UNTOUCHED_CHECKED', data: { verdict: 'touched', nextCheckAt: new Date(lastTouched + limit).toISOString() } };
    await this.alerts.raise(this.dataSource.manager, { incidentId: incident.id, reason: 'untouched' });
    return { type: 'UNTOUCHED_CHECKED', data: { verdict: 'untouched', nextCheckAt: new Date(now + limit).toISOString() } };
  }

  /** A look given up on schedules no next one; a supervisor's retry can run it again. */
  async giveUp(): Promise<EventInput> {
    return { type: 'UNTOUCHED_CHECKED', data: { verdict: 'given_up' } };
  }
}
