import { createHash } from 'node:crypto';
import { AnyStateMachine, setup } from 'xstate';
import { ACTIONS } from './catalog/actions.js';
import { EFFECT_KINDS, EFFECT_PREFIX } from './catalog/effects.js';
import { GUARDS } from './catalog/guards.js';
import { IncidentContext, IncidentEvent, IncidentInput, initialContext } from './catalog/incident-context.js';
import { ActionRef, PlaybookDefinition, TransitionDefinition } from './playbook.definition.js';
import { ENGINE_GUARDS, withWaysOut } from './ways-out.js';

/** A validated playbook bound to the catalog: the XState machine plus the data it came from. */
export interface CompiledPlaybook {
  /** The playbook as its file says it (stored, hashed, drawn). */
  definition: PlaybookDefinition;
  /** What the engine runs and the views show: the file plus the ways out every playbook has (cancel, a dropped call). */
  effective: PlaybookDefinition;
  /** sha256 of the canonical definition: the identity an incident keeps for its whole life. */
  hash: string;
  machine: AnyStateMachine;
}

const actionImplementations = {
  ...Object.fromEntries(Object.entries(ACTIONS).map(([name, a]) => [name, a.implementation])),
  // Effects are returned by `transition()` as data; executing them is the workers' job.
  ...Object.fromEntries(EFFECT_KINDS.map((kind) => [`${EFFECT_PREFIX}${kind}`, () => undefined])),
};

const guardImplementations = {
  ...Object.fromEntries(Object.entries(GUARDS).map(([name, g]) => [name, (args: { context: IncidentContext; event: IncidentEvent }) => g.check(args)])),
  ...ENGINE_GUARDS,
};

export function compilePlaybook(definition: PlaybookDefinition): CompiledPlaybook {
  const effective = withWaysOut(definition);
  const playbookSetup = setup({
    types: {} as { context: IncidentContext; events: IncidentEvent; input: IncidentInput },
    // Each action is typed against its own params spec; XState wants them all bound to one actor set, which enqueueActions cannot name here.
    actions: actionImplementations as never,
    guards: guardImplementations as never,
  });
  const config = {
    id: effective.id,
    context: ({ input }: { input: IncidentInput }) => initialContext(input),
    initial: effective.initial,
    entry: effective.entry.map(actionConfig),
    // Events handled in every step that move it (cancel) target a child of the root.
    on: transitions(effective.on, '.'),
    states: Object.fromEntries(
      Object.entries(effective.states).map(([name, state]) => [
        name,
        state.type === 'final' ? { type: 'final' as const } : { on: transitions(state.on) },
      ]),
    ),
  };
  return { definition, effective, hash: hashDefinition(definition), machine: playbookSetup.createMachine(config as never) as unknown as AnyStateMachine };
}

function transitions(on: Record<string, TransitionDefinition>, targetPrefix = '') {
  const one = (t: TransitionDefinition) => ({
    target: t.target === undefined ? undefined : `${targetPrefix}${t.target}`,
    guard: t.guard && (t.guard.params ? { type: t.guard.type, params: t.guard.params } : t.guard.type),
    actions: t.actions.map(actionConfig),
  });
  return Object.fromEntries(Object.entries(on).map(([event, t]) => [event, t.first ? [...t.first.map(one), one(t)] : one(t)]));
}

const actionConfig = (a: ActionRef) => ({ type: a.type, params: a.params ?? {} });

export function hashDefinition(definition: PlaybookDefinition): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

/** JSON with sorted keys, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
