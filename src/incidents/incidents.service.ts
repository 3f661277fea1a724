import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { LifelineError } from '../common/lifeline.error.js';
import { EffectEntity } from '../effects/effect.entity.js';
import { EffectQueue } from '../effects/effect-queue.js';
import { EffectReporter } from '../effects/effect-reporter.js';
import { type EffectReport, Outbox } from '../effects/outbox.js';
import { EVENT_NAMES, type EventInput, EVENTS, type EventSpec, eventSpec } from '../playbooks/catalog/events.js';
import { type FieldFacts, validateEventData } from '../playbooks/catalog/event-data.js';
import { parseContactHours } from '../playbooks/catalog/field-rules.js';
import type { FieldSettings } from '../playbooks/guidance.js';
import type { EffectDraft } from '../playbooks/catalog/effects.js';
import { type BreachCounts, type CardCheck, type ContactChannel, type IncidentEvent, type IncidentInput, MASS_COMPROMISE_PLAYBOOK, unlistedCardRef } from '../playbooks/catalog/incident-context.js';
import type { CompiledPlaybook } from '../playbooks/playbook.compiler.js';
import type { Locale } from '../playbooks/playbook.definition.js';
import { decide, isRefusal, startIncident, Transitioned } from '../playbooks/playbook.engine.js';
import { PlaybookRegistry } from '../playbooks/playbook-registry.js';
import { AppConfig } from '../config/app-config.js';
import { type Actor, JOB_ACTOR } from '../auth/actor.js';
import { type CallerCard, CoreBankingUnavailable, CustomerCards, type NamedCard } from './customer-cards.js';
import { FieldOptions } from './field-options.js';
import { IncidentChannel, IncidentEntity } from './incident.entity.js';
import { IncidentJournal, VersionConflict } from './incident-journal.js';
import { IncidentViews } from './incident-views.js';
import { JurisdictionChoice } from './jurisdiction-choice.js';
import type { IncidentView } from './incident.view.js';
import { type RecordedEvent, type RequestClaim, SendParticipants } from './send-participant.js';

export interface OpenIncident {
  playbook: string;
  customerRef: string;
  channel: IncidentChannel;
  locale?: Locale;
  contactChannel?: ContactChannel;
  notifiedAt?: string;
  /** Whose liability rules apply; the bank's DEFAULT_JURISDICTION when left out. */
  jurisdiction?: string;
  /** Named by the caller; a card without its ref is named by its last 4 only. Every active card at core banking when left out. */
  cards?: CallerCard[];
  /** The customer's IANA time zone, for times said to them; the bank's DEFAULT_TIME_ZONE when left out. */
  timeZone?: string;
  /** A merchant breach (mass-compromise only): its size, and its cards, written with the incident, never in its snapshot. */
  breach?: {
    counts: BreachCounts;
    write: (m: EntityManager, incidentId: string) => Promise<void>;
    /** Re-sent to the breach already open: writes the cards it lacks, returns them and its new size. */
    add: (m: EntityManager, incidentId: string) => Promise<{ added: NamedCard[]; counts: BreachCounts }>;
  };
}

export interface SendOptions {
  /** Operators pass the version they saw; a stale one gets 409 instead of acting on a changed incident. */
  expectedVersion?: number;
  report?: EffectReport;
  /** The request's Idempotency-Key, linked to the incident in the same transaction. */
  claim?: RequestClaim;
  /** An operator's answers: checked again against the incident itself (its loaded payments, the customer's contact hours) and the bank's lists. */
  checkFields?: Pick<FieldSettings, 'branches'>;
}

/** An operator event's data by its fields' rules, or one 400 naming every problem (and the payment ids the incident never loaded). */
function validEventData(type: string, spec: EventSpec, data: Record<string, unknown>, facts?: FieldFacts): Record<string, unknown> {
  const checked = validateEventData(spec, data, facts);
  if (checked.problems.length === 0) return checked.data;
  const unknown = Object.keys(checked.unknown).length > 0 ? { unknown: checked.unknown } : {};
  throw new LifelineError('invalid_event_data', `Invalid data for ${type}: ${checked.problems.join('; ')}`, { problems: checked.problems, fields: spec.fields.map((f) => f.name), ...unknown });
}

/** Cards named while core banking is down: one known only by its last 4 is held under a stand-in ref until core banking lists it. */
function asNamed(cards: CallerCard[]): NamedCard[] {
  return cards.map((c, i) => ({ cardRef: c.cardRef ?? unlistedCardRef(c.last4, cards.slice(0, i + 1).filter((o) => !o.cardRef && o.last4 === c.last4).length), last4: c.last4 }));
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
export class IncidentsService implements EffectReporter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly playbooks: PlaybookRegistry,
    private readonly customerCards: CustomerCards,
    private readonly effectQueue: EffectQueue,
    private readonly jurisdictions: JurisdictionChoice,
    private readonly journal: IncidentJournal,
    private readonly outbox: Outbox,
    private readonly participants: SendParticipants,
    private readonly views: IncidentViews,
    private readonly config: AppConfig,
    private readonly fieldOptions: FieldOptions,
  ) {}

  /**
   * Opens an incident, or returns the one already open for the same playbook and customer (or card):
   * a fraud engine that fires twice, or two operators on one case, never get two incidents. A trigger that
   * finds one open adds the cards it names that the incident lacks (`addedCards`), never drops them.
   */
  async open(command: OpenIncident, actor: Actor, claim?: RequestClaim): Promise<{ view: IncidentView; deduplicated: boolean; addedCards: NamedCard[] }> {
    const playbook = this.playbooks.latest(command.playbook);
    const jurisdiction = this.jurisdictions.jurisdictionFor(command.jurisdiction);
    if (playbook.definition.id === MASS_COMPROMISE_PLAYBOOK && !command.breach) {
      throw new LifelineError('bad_request', 'A merchant breach is opened with POST /v1/incidents/mass-compromise, which takes its list of cards');
    }
    const breach = command.breach;
    if (!command.cards) {
      // A repeated trigger gets its open incident back even while core banking cannot list the cards.
      const already = await this.dataSource.transaction((m) => this.journal.openIncidentFor(m, playbook.definition.id, command.customerRef, []));
      if (already) return { view: await this.views.view(already), deduplicated: true, addedCards: [] };
    }
    const { cards, cardCheck } = breach ? { cards: [], cardCheck: undefined } : await this.cardsFor(command, await this.holderFor(command));
    const { incident, started } = this.draftIncident(playbook, { ...command, jurisdiction }, cards, cardCheck, actor);
    const opened = await this.retryOnConflict(() =>
      this.dataSource.transaction(async (m) => {
        const existing = await this.journal.openIncidentFor(m, playbook.definition.id, command.customerRef, cards.map((c) => c.cardRef));
        if (existing) return this.addCards(m, existing, { cards, cardCheck, breach }, actor, claim);
        return { ...(await this.insertIncident(m, incident, started, { channel: command.channel, customerRef: command.customerRef, breach, cardCheck }, actor, {}, claim)), addedCards: [] as NamedCard[] };
      }),
    );
    await this.effectQueue.enqueue(opened.effects);
    return { view: await this.views.view(opened.incidentId), deduplicated: opened.incidentId !== incident.id, addedCards: opened.addedCards };
  }

  /** A new incident as it will be written: its first snapshot (and effects) from the playbook, and its row. */
  private draftIncident(
    playbook: CompiledPlaybook,
    command: OpenIncident & { jurisdiction: string },
    cards: IncidentInput['cards'],
    cardCheck: CardCheck | undefined,
    actor: Actor,
  ): { incident: IncidentEntity; started: Transitioned } {
    const locale = command.locale ?? 'en';
    const now = new Date();
    const started = startIncident(playbook, {
      customerRef: command.customerRef,
      locale,
      contactChannel: command.contactChannel ?? DEFAULT_CONTACT[command.channel],
      cards,
      openedAt: now.toISOString(),
      timeZone: command.timeZone ?? this.config.DEFAULT_TIME_ZONE,
      maxUnreachableAttempts: this.config.CALLBACK_MAX_UNREACHABLE_ATTEMPTS,
      breach: command.breach?.counts,
      cardCheck,
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
      jurisdiction: command.jurisdiction,
      openedAt: now,
      firstProtectiveActionAt: null,
      resolvedAt: null,
      assignedTo: null,
      updatedAt: now,
    });
    return { incident, started };
  }

  /** Writes a drafted incident, its first event and the effects it asks for at once, in the caller's transaction. */
  private async insertIncident(
    m: EntityManager,
    incident: IncidentEntity,
    started: Transitioned,
    opening: { channel: IncidentChannel; customerRef: string; breach?: OpenIncident['breach']; cardCheck?: CardCheck },
    actor: Actor,
    openedData: Record<string, unknown>,
    claim?: RequestClaim,
  ): Promise<{ incidentId: string; effects: EffectEntity[] }> {
    const { breach, cardCheck } = opening;
    const now = incident.openedAt;
    await m.insert(IncidentEntity, incident);
    if (breach) await breach.write(m, incident.id);
    const flags = { ...(cardCheck?.pending && { cardsUnconfirmed: true }), ...(cardCheck?.last4Mismatches.length && { last4Mismatches: cardCheck.last4Mismatches }) };
    const cardCount = breach?.counts.cards ?? started.snapshot.context.cards.length;
    const event = { type: 'INCIDENT_OPENED', data: { channel: opening.channel, cardCount, ...flags, ...openedData }, at: now.toISOString(), actor: actor.id };
    await this.journal.record(m, incident, event, null, started);
    // Core banking did not answer for the cards: they are asked again until it does.
    const reconcile: EffectDraft[] = cardCheck?.pending ? [{ kind: 'reconcileCards', params: { customerRef: opening.customerRef } }] : [];
    const effects = await this.outbox.insert(m, incident.id, 1, [...started.effects, ...reconcile], now);
    const more = await this.participate(m, { incident, event, seq: 1, actor, context: started.snapshot.context, effects, kind: 'opened', outcome: null, claim });
    return { incidentId: incident.id, effects: [...effects, ...more] };
  }

  /**
   * The incident was opened on the wrong playbook: it is cancelled and the right one opened in one transaction.
   * The new one keeps what was done: its cards arrive blocked or frozen as they are, so nothing is blocked twice,
   * and the customer's legal clock (notifiedAt) stays the first one.
   */
  async switchPlaybook(incidentId: string, playbookId: string, reason: string, actor: Actor): Promise<IncidentView> {
    const playbook = this.playbooks.latest(playbookId);
    if (playbook.definition.id === MASS_COMPROMISE_PLAYBOOK) throw new LifelineError('bad_request', 'A merchant breach is opened with POST /v1/incidents/mass-compromise, which takes its list of cards');
    const opened = await this.retryOnConflict(() =>
      this.dataSource.transaction(async (m) => {
        const old = await m.findOneBy(IncidentEntity, { id: incidentId });
        if (!old) throw new LifelineError('not_found', `No incident ${incidentId}`);
        if (old.playbookId === playbook.definition.id) throw new LifelineError('bad_request', `The incident already runs ${playbookId}`);
        if (old.playbookId === MASS_COMPROMISE_PLAYBOOK) throw new LifelineError('bad_request', 'A merchant breach cannot be switched to a customer playbook');
        // A card action still running would report to the cancelled incident; the new one could act on the card again.
        const [busy] = await m.query(`SELECT count(*)::int AS n FROM effects WHERE incident_id = $1 AND status = 'running' AND kind IN ('blockCard', 'unblockCard')`, [incidentId]);
        if (busy.n > 0) throw new LifelineError('event_not_allowed', 'A card action is still running at core banking; switch the playbook once it has answered');
        const cancelled = await this.sendOnce(m, incidentId, { type: 'CANCEL', data: { reason: `${reason} (switched to ${playbookId})` } }, actor, {});
        const { context } = old.snapshot;
        // Only what is settled carries over: a card still being blocked (its effect just cancelled) is blocked again by the new playbook.
        const cards = context.cards.map(({ cardRef, last4, product, status, blockedAt, coreRef }) =>
          status === 'blocked' || status === 'frozen' ? { cardRef, last4, product, status, blockedAt, coreRef } : { cardRef, last4, product },
        );
        const command = { playbook: playbookId, customerRef: old.customerRef, channel: old.channel, locale: old.locale, contactChannel: context.contactChannel, notifiedAt: old.notifiedAt.toISOString(), jurisdiction: old.jurisdiction, timeZone: context.timeZone };
        const { incident, started } = this.draftIncident(playbook, command, cards, context.cardCheck, actor);
        const created = await this.insertIncident(m, incident, started, { channel: old.channel, customerRef: old.customerRef, cardCheck: context.cardCheck }, actor, { switchedFrom: incidentId });
        return { ...created, effects: [...cancelled, ...created.effects] };
      }),
    );
    await this.effectQueue.enqueue(opened.effects);
    return this.views.view(opened.incidentId);
  }

  /**
   * The cards an incident opens with: those named, checked against core banking (its last 4 kept, another
   * customer's card refused with 422), or every active card of the customer. When core banking does not
   * answer, the incident still opens with the cards as named (or none), flagged until it answers again.
   */
  private async cardsFor(command: OpenIncident, holder: string): Promise<{ cards: NamedCard[]; cardCheck?: CardCheck }> {
    const unchecked = { pending: true, last4Mismatches: [], notTheCustomers: [] };
    if (!command.cards) {
      try {
        return { cards: await this.customerCards.activeCards(command.customerRef) };
      } catch (error) {
        if (!(error instanceof CoreBankingUnavailable)) throw error;
        return { cards: [], cardCheck: { ...unchecked, allCards: true } };
      }
    }
    const confirmed = await this.customerCards.confirm(holder, command.cards);
    if (!confirmed) return { cards: asNamed(command.cards), cardCheck: { ...unchecked, allCards: false } };
    if (confirmed.unresolved.length > 0) {
      const named = confirmed.unresolved.map((u) => `ending ${u.last4} (${u.matching === 0 ? 'none of theirs ends so' : `${u.matching} of theirs end so`})`).join(', ');
      throw new LifelineError('card_not_identified', `Core banking cannot tell which card of ${holder} is meant by the card ${named}: name it by its cardRef; nothing was opened or changed`, {
        cards: confirmed.unresolved,
      });
    }
    if (confirmed.otherCustomers.length > 0) {
      const named = confirmed.otherCustomers.map((c) => `ending ${c.last4} (${c.cardRef})`).join(', ');
      throw new LifelineError('card_of_another_customer', `Core banking holds the card ${named} for another customer, not ${holder}; nothing was opened or changed`, {
        cards: confirmed.otherCustomers.map(({ cardRef, last4 }) => ({ cardRef, last4 })),
      });
    }
    const cardCheck = confirmed.last4Mismatches.length > 0 ? { pending: false, allCards: false, last4Mismatches: confirmed.last4Mismatches, notTheCustomers: [] } : undefined;
    return { cards: confirmed.cards, cardCheck };
  }

  /**
   * Whose cards the named ones must be: the customer of the open incident they would join (found by one of
   * the cards, it may be filed under another customer ref), else the caller's customer.
   */
  private async holderFor(command: OpenIncident): Promise<string> {
    const refs = (command.cards ?? []).flatMap((c) => (c.cardRef ? [c.cardRef] : []));
    if (refs.length === 0) return command.customerRef;
    const open = await this.dataSource.transaction((m) => this.journal.openIncidentFor(m, this.playbooks.latest(command.playbook).definition.id, command.customerRef, refs));
    const incident = open ? await this.dataSource.getRepository(IncidentEntity).findOneBy({ id: open }) : null;
    return incident?.customerRef ?? command.customerRef;
  }

  /**
   * A trigger that deduplicated onto an open incident: the cards it names that the incident lacks join it,
   * through the same compare-and-set change as every event (CARDS_ADDED, with the trigger as its actor).
   */
  private async addCards(
    m: EntityManager,
    incidentId: string,
    named: { cards: NamedCard[]; cardCheck?: CardCheck; breach?: OpenIncident['breach'] },
    actor: Actor,
    claim: RequestClaim | undefined,
  ): Promise<{ incidentId: string; effects: EffectEntity[]; addedCards: NamedCard[] }> {
    const incident = await m.findOneByOrFail(IncidentEntity, { id: incidentId });
    let added: NamedCard[];
    let data: Record<string, unknown>;
    if (named.breach) {
      const grown = await named.breach.add(m, incidentId);
      added = grown.added.map(({ cardRef, last4 }) => ({ cardRef, last4 }));
      // A breach's cards are rows of their own: the event counts them.
      data = { cards: [], count: added.length, breach: grown.counts };
    } else {
      const held = new Set(incident.snapshot.context.cards.map((c) => c.cardRef));
      added = named.cards.filter((c) => !held.has(c.cardRef));
      const check = named.cardCheck && { pending: named.cardCheck.pending, last4Mismatches: named.cardCheck.last4Mismatches.filter((x) => !held.has(x.cardRef)) };
      data = { cards: added, count: added.length, ...(check?.pending && { unconfirmed: true }), ...(check?.last4Mismatches.length && { last4Mismatches: check.last4Mismatches }) };
    }
    if (added.length === 0) return { incidentId, effects: [], addedCards: [] };
    const effects = await this.sendOnce(m, incidentId, { type: 'CARDS_ADDED', data }, actor, { claim });
    return { incidentId, effects, addedCards: added.map(({ cardRef, last4 }) => ({ cardRef, last4 })) };
  }

  /** Operator (or fraud engine) events over the API: only operator events, with their fields checked. */
  async sendFromApi(incidentId: string, type: string, data: Record<string, unknown>, actor: Actor, options: Pick<SendOptions, 'expectedVersion' | 'claim'> = {}): Promise<IncidentView> {
    const spec = eventSpec(type);
    if (!spec) throw new LifelineError('bad_request', `Unknown event ${type}`, { knownEvents: EVENT_NAMES.filter((e) => EVENTS[e].source === 'operator') });
    if (spec.source !== 'operator') throw new LifelineError('event_not_allowed', `${type} is reported by Lifeline's own jobs and cannot be sent over the API`);
    const checked = validEventData(type, spec, data);
    // Asked before the transaction: no call to core banking while rows are locked.
    const branches = spec.fields.some((f) => f.optionsFrom === 'branches') ? await this.fieldOptions.choices('branches') : null;
    return this.send(incidentId, { type, data: checked }, actor, { ...options, checkFields: branches ? { branches } : {} });
  }

  /** What a step's fields are checked with, from the bank's settings. */
  private get fieldSettings(): FieldSettings {
    return { contactHours: parseContactHours(this.config.CONTACT_HOURS) ?? undefined };
  }

  async send(incidentId: string, input: { type: string; data: Record<string, unknown> }, actor: Actor, options: SendOptions = {}): Promise<IncidentView> {
    await this.change(incidentId, input, actor, options);
    return this.views.view(incidentId);
  }

  /** A job's report of how its effect ended: the same change as `send`, without the view nobody reads (a breach's counts 100,000 rows). */
  async report(incidentId: string, event: EventInput, report: EffectReport): Promise<void> {
    await this.change(incidentId, event, JOB_ACTOR, { report });
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
    const incident = await this.journal.readForChange(m, incidentId);
    if (!incident) throw new LifelineError('not_found', `No incident ${incidentId}`);
    if (options.expectedVersion !== undefined && (await this.journal.isStale(m, incident, options.expectedVersion))) throw new StaleView();
    const finished = options.report ? await this.outbox.finish(m, options.report) : null;
    if (options.report && !finished) return []; // a duplicate report: already recorded

    const playbook = await this.playbooks.version(incident.playbookHash);
    const now = new Date();
    const spec = options.checkFields && eventSpec(input.type);
    const settings = { ...this.fieldSettings, ...options.checkFields };
    const data = spec ? validEventData(input.type, spec, input.data, { context: incident.snapshot.context, settings, now }) : input.data;
    const event: IncidentEvent = { type: input.type, data, at: now.toISOString(), actor: actor.id };
    const outcome = decide(playbook, incident.snapshot, event);
    const reported = { reportedEffectId: options.report?.effectId, finished };
    if (isRefusal(outcome)) {
      if (!options.report) throw new LifelineError('event_not_allowed', outcome.message, { state: incident.state, allowed: outcome.allowed });
      // A job's report the playbook no longer needs: keep it on the record, change nothing else.
      const unchanged: Transitioned = { snapshot: incident.snapshot, effects: [], outcome: null };
      const ignoredSeq = await this.journal.record(m, incident, event, incident.state, unchanged, 'ignored');
      // What it reports may still be a promise to the customer (a new card's delivery date).
      return this.participate(m, { incident, event, seq: ignoredSeq, actor, context: incident.snapshot.context, effects: [], kind: 'ignored', outcome: null, ...reported });
    }
    // Cancelled: what has not run yet never will, and the event says what was withdrawn; what already ran stays.
    if (outcome.outcome === 'cancelled') event.data = { ...event.data, withdrawn: (await this.outbox.cancelUnrun(m, incident.id)).map((e) => e.kind) };
    const seq = await this.journal.record(m, incident, event, incident.state, outcome);
    const effects = await this.outbox.insert(m, incident.id, seq, outcome.effects, new Date(event.at));
    const recorded: RecordedEvent = { incident, event, seq, actor, context: outcome.snapshot.context, effects, kind: 'applied', outcome: outcome.outcome, claim: options.claim, ...reported };
    return [...effects, ...(await this.participate(m, recorded))];
  }

  /**
   * Every participant (idempotency keys, promises, the follow-up, the audit trail) takes its part in the
   * event's transaction, in order; the effects they ask for (a promise's check) go to the outbox with it.
   */
  private async participate(m: EntityManager, recorded: RecordedEvent): Promise<EffectEntity[]> {
    const added: EffectEntity[] = [];
    for (const participant of this.participants.all()) {
      const drafts = (await participant.take(m, recorded)) ?? [];
      added.push(...(await this.outbox.insert(m, recorded.incident.id, recorded.seq, drafts, new Date(recorded.event.at))));
    }
    return added;
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
      if (!(await this.outbox.rearm(m, effectId))) throw new LifelineError('event_not_allowed', `Effect ${effectId} is ${effect.status}; only a dead effect can be retried`);
      const event = { type: 'EFFECT_RETRIED', data: { effectId, kind: effect.kind, cardRef: effect.params.cardRef }, at: new Date().toISOString(), actor: actor.id };
      const seq = await this.journal.record(m, incident, event, incident.state, { snapshot: incident.snapshot, effects: [], outcome: null });
      // The participants see the effect asked for again (the audit trail records the new request).
      await this.participate(m, { incident, event, seq, actor, context: incident.snapshot.context, effects: [effect], kind: 'retried', outcome: null });
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
}
