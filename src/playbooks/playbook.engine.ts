import { initialTransition, transition } from 'xstate';
import { EFFECT_PREFIX, EffectDraft, isEffectKind } from './catalog/effects.js';
import { CARD_LIST_EVENTS, eventSpec } from './catalog/events.js';
import { GUARDS, type GuardName } from './catalog/guards.js';
import { IncidentContext, IncidentEvent, IncidentInput } from './catalog/incident-context.js';
import { mergeCardList } from './card-merge.js';
import { CompiledPlaybook } from './playbook.compiler.js';
import { PlaybookDefinition, StateDefinition, TransitionDefinition } from './playbook.definition.js';
import { WAYS_OUT_EVENTS } from './ways-out.js';

/** What is stored in `incidents.snapshot`: enough to resume the machine exactly. */
export interface IncidentSnapshot {
  value: string;
  context: IncidentContext;
}

export interface Transitioned {
  snapshot: IncidentSnapshot;
  effects: EffectDraft[];
  /** Set when the new state is final. */
  outcome: 'resolved' | 'cancelled' | null;
}

/** Why an event is refused: no such event in this step (`closed` when the incident has ended), or the guard's reason. */
export type Refusal = { refused: 'not_allowed' | 'guard'; message: string; allowed: string[]; closed?: true };

/** The first snapshot of a new incident, and the effects its playbook asks for at once. Pure. */
export function startIncident(playbook: CompiledPlaybook, input: IncidentInput): Transitioned {
  const [snapshot, actions] = initialTransition(playbook.machine, input);
  return result(playbook, snapshot.value as string, snapshot.context as IncidentContext, actions);
}

/**
 * The one answer to "may this happen now, and what follows": for a playbook version, a stored
 * snapshot and an event, either the next snapshot and effects or why the event is refused.
 * Pure. The API, the workers and the rehearsal all ask it, so they can never disagree.
 */
export function decide(playbook: CompiledPlaybook, stored: IncidentSnapshot, event: IncidentEvent): Transitioned | Refusal {
  // Aftercare (a card delivered, a promise checked, the follow-up) is about the bank's word, not the call: it never moves the step, open or resolved.
  if (eventSpec(event.type)?.aftercare) return { snapshot: stored, effects: [], outcome: null };
  const state = playbook.effective.states[stored.value];
  if (state?.type === 'final') return { refused: 'not_allowed', closed: true, message: closedMessage(state.outcome!, stored.context.locale), allowed: [] };
  // A changed card list is the engine's own rule, the same in every playbook and step (src/playbooks/card-merge.ts).
  if (CARD_LIST_EVENTS.has(event.type)) return mergeCardList(stored, event);
  const restored = playbook.machine.resolveState({ value: stored.value, context: stored.context });
  // XState selects the transition and checks its guard; an empty selection is a refusal.
  if (playbook.machine.getTransitionData(restored, event).length === 0) return refusal(playbook, stored, event);
  const [next, actions] = transition(playbook.machine, restored, event);
  return result(playbook, next.value as string, next.context as IncidentContext, actions);
}

/** Why XState selected nothing: the step has no such event, or the guard named on it says why not yet. */
function refusal(playbook: CompiledPlaybook, stored: IncidentSnapshot, event: IncidentEvent): Refusal {
  const state = playbook.effective.states[stored.value];
  const allowed = offeredEvents(playbook.effective, state);
  const handler: TransitionDefinition | undefined = state?.on[event.type] ?? playbook.effective.on[event.type];
  if (!handler?.guard) return { refused: 'not_allowed', message: notAllowedMessage(playbook.effective, stored, event.type), allowed };
  return { refused: 'guard', message: GUARDS[handler.guard.type as GuardName].explain({ context: stored.context, event }), allowed };
}

/** The 422 an operator reads, in the incident's language (Russian names the step and the action as the console shows them). */
function notAllowedMessage(definition: PlaybookDefinition, stored: IncidentSnapshot, eventType: string): string {
  if (stored.context.locale !== 'ru') return `${eventType} is not allowed in step ${stored.value}`;
  const step = definition.states[stored.value]?.step?.title.ru;
  const label = [definition.on, ...Object.values(definition.states).map((s) => s.on)].map((on) => on[eventType]?.label?.ru).find(Boolean);
  return `${label ? `«${label}»` : 'Это действие'} сейчас недоступно${step ? `: идёт шаг «${step}»` : ''}`;
}

function closedMessage(outcome: 'resolved' | 'cancelled', locale: string): string {
  if (locale !== 'ru') return `The incident is ${outcome}; it takes no more events`;
  return `Обращение ${outcome === 'resolved' ? 'решено' : 'отменено'}, действия по нему больше не принимаются`;
}

/** Operator events the current step accepts: its primary first, then the named exceptions. */
export function allowedEvents(state: StateDefinition | undefined): string[] {
  if (!state) return [];
  return Object.entries(state.on)
    .filter(([type]) => eventSpec(type)?.source === 'operator')
    .sort(([, a], [, b]) => Number(b.primary === true) - Number(a.primary === true))
    .map(([type]) => type);
}

/** What the operator may send in a step: its primary, its exceptions, the mood switch, then the ways out every playbook has. */
export function offeredEvents(definition: PlaybookDefinition, state: StateDefinition | undefined): string[] {
  const events = [...allowedEvents(state), ...everyStepEvents(definition, state)];
  return [...events.filter((e) => !WAYS_OUT_EVENTS.includes(e)), ...WAYS_OUT_EVENTS.filter((e) => events.includes(e))];
}

/** Operator events handled in every step (the mood switch) that the step itself does not name. */
export function everyStepEvents(definition: PlaybookDefinition, state: StateDefinition | undefined): string[] {
  return Object.keys(definition.on).filter((event) => eventSpec(event)?.source === 'operator' && !state?.on[event]);
}

export function isRefusal(x: Transitioned | Refusal): x is Refusal {
  return 'refused' in x;
}

function result(
  playbook: CompiledPlaybook,
  value: string,
  context: IncidentContext,
  actions: readonly { type: string; params?: unknown }[],
): Transitioned {
  const effects = actions.flatMap((action): EffectDraft[] => {
    const kind = action.type.startsWith(EFFECT_PREFIX) ? action.type.slice(EFFECT_PREFIX.length) : '';
    if (!isEffectKind(kind)) return [];
    // The catalog's effect actions pass { params, dueAt } for their kind (see `effect` in catalog/actions.ts).
    const { params, dueAt } = action.params as { params: EffectDraft['params']; dueAt?: string };
    return [{ kind, params, dueAt } as EffectDraft];
  });
  const state = playbook.effective.states[value];
  // A JSON round trip keeps the stored snapshot free of anything Postgres could not hold.
  return { snapshot: JSON.parse(JSON.stringify({ value, context })), effects, outcome: state.type === 'final' ? state.outcome! : null };
}
