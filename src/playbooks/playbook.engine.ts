import { initialTransition, transition } from 'xstate';
import { EFFECT_PREFIX, EffectDraft, isEffectKind } from './catalog/effects.js';
import { EVENTS } from './catalog/events.js';
import { GUARDS } from './catalog/guards.js';
import { IncidentContext, IncidentEvent, IncidentInput } from './catalog/incident-context.js';
import { CompiledPlaybook } from './playbook.compiler.js';
import { PlaybookDefinition, StateDefinition, TransitionDefinition } from './playbook.definition.js';

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

export type Refusal =
  | { refused: 'not_allowed'; message: string; allowed: string[] }
  | { refused: 'guard'; message: string; allowed: string[] };

/** The first snapshot of a new incident, and the effects its playbook asks for at once. Pure. */
export function startIncident(playbook: CompiledPlaybook, input: IncidentInput): Transitioned {
  const [snapshot, actions] = initialTransition(playbook.machine, input);
  return result(playbook, snapshot.value as string, snapshot.context as IncidentContext, actions);
}

/** One event against a stored snapshot: the next snapshot and effects, or why the event is refused. Pure. */
export function applyEvent(playbook: CompiledPlaybook, stored: IncidentSnapshot, event: IncidentEvent): Transitioned | Refusal {
  const state = playbook.definition.states[stored.value];
  const handler: TransitionDefinition | undefined = state?.on[event.type] ?? (state?.type === 'final' ? undefined : playbook.definition.on[event.type]);
  const allowed = state?.type === 'final' ? [] : [...allowedEvents(state), ...everyStepEvents(playbook.definition, state)];
  if (!handler) {
    return { refused: 'not_allowed', message: `${event.type} is not allowed in step ${stored.value}`, allowed };
  }
  if (handler.guard) {
    const guard = GUARDS[handler.guard.type as keyof typeof GUARDS];
    const args = { context: stored.context, event };
    if (!guard.check(args)) return { refused: 'guard', message: guard.explain(args), allowed };
  }
  const restored = playbook.machine.resolveState({ value: stored.value, context: stored.context });
  const [next, actions] = transition(playbook.machine, restored, event);
  return result(playbook, next.value as string, next.context as IncidentContext, actions);
}

/** Operator events the current step accepts: its primary first, then the named exceptions. */
export function allowedEvents(state: StateDefinition | undefined): string[] {
  if (!state) return [];
  return Object.entries(state.on)
    .filter(([type]) => EVENTS[type]?.source === 'operator')
    .sort(([, a], [, b]) => Number(b.primary === true) - Number(a.primary === true))
    .map(([type]) => type);
}

/** Operator events handled in every step (the mood switch) that the step itself does not name. */
export function everyStepEvents(definition: PlaybookDefinition, state: StateDefinition | undefined): string[] {
  return Object.keys(definition.on).filter((event) => EVENTS[event]?.source === 'operator' && !state?.on[event]);
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
    const { params, dueAt } = action.params as { params: never; dueAt?: string };
    return [{ kind, params, dueAt } as EffectDraft];
  });
  const state = playbook.definition.states[value];
  // A JSON round trip keeps the stored snapshot free of anything Postgres could not hold.
  return { snapshot: JSON.parse(JSON.stringify({ value, context })), effects, outcome: state.type === 'final' ? state.outcome! : null };
}
