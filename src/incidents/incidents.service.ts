import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { LifelineError } from '../common/lifeline.error.js';
import { CardActionTrail } from '../audit/card-action-trail.js';
import { CommitmentBook, RecordedEvent } from '../commitments/commitment-book.js';
import { CoreBankingError, CoreBankingPort } from '../core-banking/core-banking.port.js';
import { EffectEntity } from '../effects/effect.entity.js';
import { EffectQueue } from '../effects/effect-queue.js';
import { FollowUps } from '../follow-ups/follow-ups.js';
import { IdempotencyClaim, IdempotencyService } from '../idempotency/idempotency.service.js';
import { LiabilityRules } from '../liability/liability-rules.js';
import { BreachCard, BreachCards, MASS_COMPROMISE_PLAYBOOK, planBreach } from '../mass-compromise/breach-cards.js';
import { EVENTS } from '../playbooks/catalog/events.js';
import { validateEventData } from '../playbooks/catalog/event-data.js';
import type { ContactChannel, IncidentEvent } from '../playbooks/catalog/incident-context.js';
import type { Locale } from '../playbooks/playbook.definition.js';
import { applyEvent, isRefusal, startIncident, Transitioned } from '../playbooks/playbook.engine.js';
import { PlaybookRegistry } from '../playbooks/playbook-registry.js';
import { AppConfig } from '../config/app-config.js';
import type { Actor } from './actor.js';
import { IncidentChannel, IncidentEntity } from './incident.entity.js';
import { EffectReport, IncidentJournal, VersionConflict } from './incident-journal.js';
import { IncidentViews } from './incident-views.js';
import type { IncidentView } from './incident.view.js';

export interface OpenIncident {
  playbook: string;
  customerRef: string;
  channel: IncidentChannel;
  locale?: Locale;
  contactChannel?: ContactChannel;
  notifiedAt?: string;
  /** Whose liability rules apply; the bank's DEFAULT_JURISDICTION when left out. */
  jurisdiction?: string;
  cards?: { cardRef: string; last4: string }[];
  /** The customer's IANA time zone, for times said to them; the bank's DEFAULT_TIME_ZONE when left out. */
  timeZone?: string;
  /** A merchant breach's cards (mass-compromise only): rows written with the incident, never in its snapshot. */
  breachCards?: BreachCard[];
}

export interface SendOptions {
  /** Operators pass the version they saw; a stale one gets 409 instead of acting on a changed incident. */
  expectedVersion?: number;
  report?: EffectReport;
  /** The request's Idempotency-Key, linked to the incident in the same transaction. */
  claim?: IdempotencyClaim;
}

const DEFAULT_CONTACT: Record<IncidentChannel, ContactChannel> = { phone: 'phone', chat: 'messenger', branch: 'phone', api: 'sms' };
const MAX_CONFLICT_RETRIES = 20;

/** The operator acted on a step that has since moved: they must look again (409). */
class StaleView extends Error {}

/**
 * The incident lifecycle. `send` is the one way an incident changes: compare-and-set on
 * `version`, snapshot + event + effects in one transaction, jobs enqueued after commit.
 */
@Injectable()
export class IncidentsService {
  private readonly logger = new Logger(IncidentsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly playbooks: PlaybookRegistry,
    private readonly coreBanking: CoreBankingPort,
    private readonly effectQueue: EffectQueue,
    private readonly idempotency: IdempotencyService,
    private readonly cardActions: CardActionTrail,
    private readonly commitments: CommitmentBook,
    private readonly followUps: FollowUps,
    private readonly liability: LiabilityRules,
    private readonly journal: IncidentJournal,
    private readonly views: IncidentViews,
    private readonly config: AppConfig,
  ) {}

  /**
   * Opens an incident, or returns the one already open for the same playbook and customer (or card):
   * a fraud engine that fires twice, or two operators on one case, never get two incidents.
   */
  async open(command: OpenIncident, actor: Actor, claim?: IdempotencyClaim): Promise<{ view: IncidentView; deduplicated: boolean }> {
    const playbook = this.playbooks.latest(command.playbook);
    const jurisdiction = this.liability.jurisdictionFor(command.jurisdiction);
    if (playbook.definition.id === MASS_COMPROMISE_PLAYBOOK && !command.breachCards) {
      throw new LifelineError('bad_request', 'A merchant breach is opened with POST /v1/incidents/mass-compromise, which takes its list of cards');
    }
    const breach = command.breachCards && planBreach(command.breachCards);
    if (!command.cards) {
      // A repeated trigger gets its open incident back even while core banking cannot list the cards.
      const already = await this.dataSource.transaction((m) => this.journal.openIncidentFor(m, playbook.definition.id, command.customerRef, []));
      if (already) return { view: await this.views.view(already), deduplicated: true };
    }
    const cards = command.cards ?? (await this.activeCards(command.customerRef));
    const locale = command.locale ?? 'en';
    const now = new Date();
    const started = startIncident(playbook, {
      customerRef: command.customerRef,
      locale,
      contactChannel: command.contactChannel ?? DEFAULT_CONTACT[command.channel],
      cards,
      openedAt: now.toISOString(),
      timeZone: command.timeZone ?? this.config.DEFAULT_TIME_ZONE,
      breach: breach?.counts,
    });
    const incident: IncidentEntity = Object.assign(new IncidentEntity(), {
      id: randomUUID(),
      playbookId: playbook.definition.id,
      playbookVersion: playbook.definition.version,
      playbookHash: playbook.hash,
      status: 'open',
      state: started.snapshot.value,
      snapshot: started.snapshot,
      version: 1,
      customerRef: command.customerRef,
      channel: command.channel,
      locale,
      openedBy: actor.id,
      notifiedAt: command.notifiedAt ? new Date(command.notifiedAt) : now,
      jurisdiction,
      openedAt: now,
      firstProtectiveActionAt: null,
      resolvedAt: null,
      assignedTo: null,
      updatedAt: now,
    });
    const opened = await this.dataSource.transaction(async (m) => {
      const existing = await this.journal.openIncidentFor(m, playbook.definition.id, command.customerRef, cards.map((c) => c.cardRef));
      if (existing) return { incidentId: existing, effects: [] as EffectEntity[] };
      await m.insert(IncidentEntity, incident);
      if (breach) await new BreachCards(m).insert(incident.id, breach);
      const event = { type: 'INCIDENT_OPENED', data: { channel: command.channel, cardCount: breach?.counts.cards ?? cards.length }, at: now.toISOString(), actor: actor.id };
      await this.journal.record(m, incident, event, null, started);
      await this.idempotency.link(m, claim, incident.id, 201);
      const effects = await this.journal.insertEffects(m, incident, 1, started.effects, now);
      const checks = await this.keepPromises(m, { incident, event, seq: 1, context: started.snapshot.context, effects }, null);
      // The audit chain's lock is always taken last, so it is held as briefly as possible (see CardActionTrail).
      await this.cardActions.recordRequested(m, incident, actor, effects);
      return { incidentId: incident.id, effects: [...effects, ...checks] };
    });
    await this.effectQueue.enqueue(opened.effects);
    return { view: await this.views.view(opened.incidentId), deduplicated: opened.incidentId !== incident.id };
  }

  /** Operator (or fraud engine) events over the API: only operator events, with their fields checked. */
  async sendFromApi(incidentId: string, type: string, data: Record<string, unknown>, actor: Actor, options: Pick<SendOptions, 'expectedVersion' | 'claim'> = {}): Promise<IncidentView> {
    const spec = EVENTS[type];
    if (!spec) throw new LifelineError('bad_request', `Unknown event ${type}`, { knownEvents: Object.keys(EVENTS).filter((e) => EVENTS[e].source === 'operator') });
    if (spec.source !== 'operator') throw new LifelineError('event_not_allowed', `${type} is reported by Lifeline's own jobs and cannot be sent over the API`);
    const checked = validateEventData(spec, data);
    if (checked.problems.length > 0) {
      throw new LifelineError('invalid_event_data', `Invalid data for ${type}: ${checked.problems.join('; ')}`, { problems: checked.problems, fields: spec.fields.map((f) => f.name) });
    }
    return this.send(incidentId, { type, data: checked.data }, actor, options);
  }

  async send(incidentId: string, input: { type: string; data: Record<string, unknown> }, actor: Actor, options: SendOptions = {}): Promise<IncidentView> {
    await this.change(incidentId, input, actor, options);
    return this.views.view(incidentId);
  }

  /** A job's report of how its effect ended: the same change as `send`, without the view nobody reads (a breach's counts 100,000 rows). */
  async report(incidentId: string, input: { type: string; data: Record<string, unknown> }, actor: Actor, report: EffectReport): Promise<void> {
    await this.change(incidentId, input, actor, { report });
  }

  private async change(incidentId: string, input: { type: string; data: Record<string, unknown> }, actor: Actor, options: SendOptions): Promise<void> {
    try {
      const effects = await this.retryOnConflict(() => this.dataSource.transaction((m) => this.sendOnce(m, incidentId, input, actor, options)));
      await this.effectQueue.enqueue(effects);
    } catch (error) {
      if (!(error instanceof StaleView)) throw error;
      const current = await this.views.view(incidentId);
      throw new LifelineError('version_conflict', `The incident changed (now version ${current.version}); review the current step and try again`, { currentVersion: current.version, incident: current });
    }
  }

  /** A lost compare-and-set race is not the caller's problem: reload and try again, a bounded number of times. */
  private async retryOnConflict<T>(attempt: () => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof VersionConflict)) throw error;
        if (tries >= MAX_CONFLICT_RETRIES) throw new LifelineError('service_unavailable', 'The incident is too busy right now; try again');
      }
    }
  }

  private async sendOnce(m: EntityManager, incidentId: string, input: { type: string; data: Record<string, unknown> }, actor: Actor, options: SendOptions): Promise<EffectEntity[]> {
    const incident = await m.findOneBy(IncidentEntity, { id: incidentId });
    if (!incident) throw new LifelineError('not_found', `No incident ${incidentId}`);
    if (options.expectedVersion !== undefined && (await this.journal.isStale(m, incident, options.expectedVersion))) throw new StaleView();
    const finished = options.report ? await this.journal.finishEffect(m, options.report) : null;
    if (options.report && !finished) return []; // a duplicate report: already recorded

    const playbook = await this.playbooks.version(incident.playbookHash);
    const event: IncidentEvent = { type: input.type, data: input.data, at: new Date().toISOString(), actor: actor.id };
    // Aftercare (a card delivered, a promise checked, the follow-up) is about the bank's word, not the call: it never moves the step, open or resolved.
    const unchanged: Transitioned = { snapshot: incident.snapshot, effects: [], outcome: null };
    const outcome = EVENTS[event.type]?.aftercare ? unchanged : incident.status === 'open' ? applyEvent(playbook, incident.snapshot, event) : null;
    if (!outcome || isRefusal(outcome)) {
      if (!options.report) {
        const allowed = outcome?.allowed ?? [];
        const message = outcome?.message ?? `The incident is ${incident.status}; it takes no more events`;
        throw new LifelineError('event_not_allowed', message, { state: incident.state, allowed });
      }
      // A job's report the playbook no longer needs: keep it on the record, change nothing else.
      const ignoredSeq = await this.journal.record(m, incident, event, incident.state, unchanged, 'ignored');
      // What it reports may still be a promise to the customer (a new card's delivery date).
      const checks = await this.keepPromises(m, { incident, event, seq: ignoredSeq, context: incident.snapshot.context, effects: [], reportedEffectId: options.report.effectId }, null);
      if (finished) await this.cardActions.recordOutcome(m, incident, actor, finished);
      return checks;
    }
    const seq = await this.journal.record(m, incident, event, incident.state, outcome);
    await this.idempotency.link(m, options.claim, incident.id, 200);
    const effects = await this.journal.insertEffects(m, incident, seq, outcome.effects, new Date(event.at));
    const recorded = { incident, event, seq, context: outcome.snapshot.context, effects, reportedEffectId: options.report?.effectId };
    const checks = await this.keepPromises(m, recorded, outcome.outcome);
    // The audit chain's lock is always taken last, so it is held as briefly as possible (see CardActionTrail).
    // An identity check goes first: the card actions it allowed name it as their evidence.
    await this.cardActions.recordOperatorEvent(m, incident, actor, event, incident.snapshot.context, outcome.snapshot.context);
    await this.cardActions.recordRequested(m, incident, actor, effects);
    if (finished) await this.cardActions.recordOutcome(m, incident, actor, finished);
    return [...effects, ...checks];
  }

  /**
   * The promises an event made or kept, tracked in its transaction, and the follow-up once it resolves the
   * incident: their checks go to the outbox like any effect, so the sweeper re-arms any Redis loses.
   */
  private async keepPromises(m: EntityManager, recorded: RecordedEvent, outcome: Transitioned['outcome']): Promise<EffectEntity[]> {
    const drafts = await this.commitments.track(m, recorded);
    if (outcome === 'resolved') drafts.push(...this.followUps.onResolved(recorded));
    return this.journal.insertEffects(m, recorded.incident, recorded.seq, drafts, new Date(recorded.event.at));
  }

  /**
   * A supervisor gives a dead effect another run: it goes back to pending with a fresh attempt
   * count, and the incident's history records who decided that.
   */
  async retryEffect(incidentId: string, effectId: string, actor: Actor): Promise<IncidentView> {
    const effect = await this.retryOnConflict(() => this.dataSource.transaction(async (m) => {
      const incident = await m.findOneBy(IncidentEntity, { id: incidentId });
      const effect = incident && (await m.findOneBy(EffectEntity, { id: effectId, incidentId }));
      if (!incident || !effect) throw new LifelineError('not_found', `No effect ${effectId} on incident ${incidentId}`);
      const reset: unknown[] = await m.query(
        `WITH reset AS (
           UPDATE effects SET status = 'pending', attempts = 0, last_error = NULL, due_at = now(), updated_at = now()
            WHERE id = $1 AND status = 'dead'
            RETURNING id)
         SELECT id FROM reset`,
        [effectId],
      );
      if (reset.length === 0) throw new LifelineError('event_not_allowed', `Effect ${effectId} is ${effect.status}; only a dead effect can be retried`);
      const event = { type: 'EFFECT_RETRIED', data: { effectId, kind: effect.kind, cardRef: effect.params.cardRef }, at: new Date().toISOString(), actor: actor.id };
      await this.journal.record(m, incident, event, incident.state, { snapshot: incident.snapshot, effects: [], outcome: null });
      await this.cardActions.recordRequested(m, incident, actor, [effect]);
      return Object.assign(effect, { dueAt: new Date() });
    }));
    await this.effectQueue.ensureQueued(effect);
    return this.views.view(incidentId);
  }

  /**
   * Gives the incident an owner (its callbacks then have a person): the caller themselves, or, for a
   * supervisor, a named operator. Recorded on the timeline with who decided it.
   */
  async assign(incidentId: string, operator: string | undefined, actor: Actor, bySupervisor: boolean): Promise<IncidentView> {
    const assignee = operator ?? actor.id;
    if (assignee !== actor.id && !bySupervisor) throw new LifelineError('forbidden', 'Only a supervisor can assign an incident to someone else; leave operator out to take it yourself');
    await this.retryOnConflict(() => this.dataSource.transaction(async (m) => {
      const incident = await m.findOneBy(IncidentEntity, { id: incidentId });
      if (!incident) throw new LifelineError('not_found', `No incident ${incidentId}`);
      const event = { type: 'INCIDENT_ASSIGNED', data: { operator: assignee, by: actor.id }, at: new Date().toISOString(), actor: actor.id };
      await this.journal.record(m, incident, event, incident.state, { snapshot: incident.snapshot, effects: [], outcome: null });
      await m.update(IncidentEntity, { id: incidentId }, { assignedTo: assignee });
    }));
    return this.views.view(incidentId);
  }

  private async activeCards(customerRef: string): Promise<{ cardRef: string; last4: string; product: string }[]> {
    try {
      const cards = await this.coreBanking.listCards(customerRef);
      return cards.filter((c) => c.status === 'active').map(({ cardRef, last4, product }) => ({ cardRef, last4, product }));
    } catch (error) {
      if (error instanceof CoreBankingError && error.kind === 'not_found') {
        throw new LifelineError('not_found', `Core banking does not know customer ${customerRef}`);
      }
      this.logger.warn(`Could not list cards of ${customerRef}: ${(error as Error).message}`);
      throw new LifelineError('service_unavailable', 'Core banking did not answer with the customer\'s cards; pass `cards` explicitly or try again');
    }
  }
}
