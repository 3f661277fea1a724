import { LifelineError } from '../common/lifeline.error.js';
import type { EffectDraft } from './catalog/effects.js';
import { validateEventData } from './catalog/event-data.js';
import { EVENT_NAMES, eventSpec } from './catalog/events.js';
import type { BreachCounts, ContactChannel, IncidentEvent } from './catalog/incident-context.js';
import { renderStep, StepView } from './guidance.js';
import type { CompiledPlaybook } from './playbook.compiler.js';
import type { Locale } from './playbook.definition.js';
import { decide, IncidentSnapshot, isRefusal, startIncident } from './playbook.engine.js';

export interface SimulationRequest {
  locale?: Locale;
  contactChannel?: ContactChannel;
  cards?: { cardRef: string; last4: string }[];
  /** A merchant breach's size, for rehearsing mass-compromise (not offered over HTTP: a breach has no demo cards). */
  breach?: BreachCounts;
  events: { type: string; data?: Record<string, unknown> }[];
}

export interface SimulatedEffect {
  kind: EffectDraft['kind'];
  params: EffectDraft['params'];
  dueAt?: string;
}

export interface SimulatedStep {
  event: { type: string; data: Record<string, unknown> };
  accepted: boolean;
  refusal?: { reason: 'not_allowed' | 'guard' | 'incident_closed'; message: string; allowed: string[] };
  /** Where the incident is after the event (unchanged when refused). */
  state: string;
  step: StepView | null;
  effects: SimulatedEffect[];
}

export interface Simulation {
  playbook: { id: string; version: number; hash: string };
  opened: { state: string; step: StepView | null; effects: SimulatedEffect[] };
  steps: SimulatedStep[];
  final: { state: string; status: 'open' | 'resolved' | 'cancelled' };
}

/** Three cards, like a typical stolen wallet, when the author names none. */
export const DEMO_CARDS = [
  { cardRef: 'demo-card-1', last4: '1111' },
  { cardRef: 'demo-card-2', last4: '2222' },
  { cardRef: 'demo-card-3', last4: '3333' },
];

const SIMULATION_ACTOR = 'simulation';

/**
 * Rehearses a playbook: the steps, scripts and effects a list of events would produce,
 * computed with the same pure engine as real incidents, without storing or running anything.
 * A refused event changes nothing and the next one is tried, as a real incident answers
 * 422 and stays where it was; so one run reports every refusal.
 */
export function simulatePlaybook(playbook: CompiledPlaybook, request: SimulationRequest, now = new Date()): Simulation {
  const events = checkEvents(request.events);
  const context = { locale: request.locale ?? 'en', contactChannel: request.contactChannel ?? 'sms' } as const;
  const started = startIncident(playbook, { customerRef: 'simulation', ...context, cards: request.cards ?? DEMO_CARDS, openedAt: now.toISOString(), breach: request.breach });
  let snapshot: IncidentSnapshot = started.snapshot;
  let status: Simulation['final']['status'] = started.outcome ?? 'open';
  const stepOf = (s: IncidentSnapshot) => (status === 'open' ? renderStep(playbook.effective, s.value, s.context) : null);
  const opened = { state: snapshot.value, step: stepOf(snapshot), effects: started.effects.map(effectView) };

  const steps = events.map((event): SimulatedStep => {
    const sent: IncidentEvent = { ...event, at: now.toISOString(), actor: SIMULATION_ACTOR };
    const outcome = decide(playbook, snapshot, sent);
    if (isRefusal(outcome)) {
      const refusal = { reason: outcome.closed ? ('incident_closed' as const) : outcome.refused, message: outcome.message, allowed: outcome.allowed };
      return { event, accepted: false, refusal, state: snapshot.value, step: stepOf(snapshot), effects: [] };
    }
    snapshot = outcome.snapshot;
    status = outcome.outcome ?? status;
    return { event, accepted: true, state: snapshot.value, step: stepOf(snapshot), effects: outcome.effects.map(effectView) };
  });

  return {
    playbook: { id: playbook.definition.id, version: playbook.definition.version, hash: playbook.hash },
    opened,
    steps,
    final: { state: snapshot.value, status },
  };
}

/**
 * Operator events are checked like the real API checks them. Job reports are allowed here,
 * so authors can rehearse them, and taken as given: their data comes from our own workers.
 */
function checkEvents(events: SimulationRequest['events']): { type: string; data: Record<string, unknown> }[] {
  const problems: string[] = [];
  const checked = events.map(({ type, data = {} }, i) => {
    const spec = eventSpec(type);
    if (!spec) {
      problems.push(`events[${i}]: unknown event ${type}`);
      return { type, data };
    }
    if (spec.source === 'job') return { type, data };
    const result = validateEventData(spec, data);
    problems.push(...result.problems.map((p) => `events[${i}] ${type}: ${p}`));
    return { type, data: result.data };
  });
  if (problems.length > 0) {
    throw new LifelineError('invalid_event_data', `Invalid events: ${problems.join('; ')}`, { problems, knownEvents: EVENT_NAMES });
  }
  return checked;
}

function effectView(effect: EffectDraft): SimulatedEffect {
  return effect.dueAt ? { kind: effect.kind, params: effect.params, dueAt: effect.dueAt } : { kind: effect.kind, params: effect.params };
}
