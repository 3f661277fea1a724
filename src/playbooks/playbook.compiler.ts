import { createHash } from 'node:crypto';
import { type AnyStateMachine, enqueueActions, setup } from 'xstate';
import { type ActionDefinition, ACTIONS, type ParamsOf } from './catalog/actions.js';
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

/** What a playbook passes an action (checked against its spec at load), and what an effect action carries. */
type ActionParams = Record<string, unknown>;

/**
 * Every catalog action is bound the same way: its change to the context assigned, and each effect it asks for
 * queued as an `effect:<kind>` action, which `transition()` returns as data (executing it is the workers' job).
 */
const bind = (definition: ActionDefinition) =>
  enqueueActions<IncidentContext, IncidentEvent, ActionParams, IncidentEvent, never, { type: string; params: ActionParams }, never, never, never>(
    ({ context, event, enqueue }, params) => {
      // The validator checked these params against the action's spec when the playbook was loaded.
      const patch = definition.run({ context, event, ask: (kind, p, dueAt) => enqueue({ type: `${EFFECT_PREFIX}${kind}`, params: { params: p, dueAt } }) }, params as ParamsOf<typeof definition.params>);
      if (patch) enqueue.assign(patch);
    },
  );

const actionImplementations = {
  ...Object.fromEntries(Object.entries(ACTIONS).map(([name, definition]: [string, ActionDefinition]) => [name, bind(definition)])),
  ...Object.fromEntries(EFFECT_KINDS.map((kind) => [`${EFFECT_PREFIX}${kind}`, () => undefined])),
};

/** Catalog guards read the incident only; the engine's own (ways-out.ts) also take params. */
type GuardImplementation = (args: { context: IncidentContext; event: IncidentEvent }, params: Record<string, unknown>) => boolean;
const guardImplementations: Record<string, GuardImplementation> = {
  ...Object.fromEntries(Object.entries(GUARDS).map(([name, g]): [string, GuardImplementation] => [name, (args) => g.check(args)])),
  ...ENGINE_GUARDS,
};

export function compilePlaybook(definition: PlaybookDefinition): CompiledPlaybook {
  const effective = withWaysOut(definition);
  const playbookSetup = setup({
    types: {} as { context: IncidentContext; events: IncidentEvent; input: IncidentInput },
    actions: actionImplementations,
    guards: guardImplementations,
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
  return { definition, effective, hash: hashDefinition(definition), machine: playbookSetup.createMachine(config) };
}

function transitions(on: Record<string, TransitionDefinition>, targetPrefix = '') {
  const one = (t: TransitionDefinition) => ({
    target: t.target === undefined ? undefined : `${targetPrefix}${t.target}`,
    guard: t.guard && { type: t.guard.type, params: t.guard.params ?? {} },
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
