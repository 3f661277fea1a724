import { join } from 'node:path';
import type { EffectDraft, EffectParams } from '../../src/playbooks/catalog/effects.js';
import { eventSpec, type EventName } from '../../src/playbooks/catalog/events.js';
import type { IncidentInput } from '../../src/playbooks/catalog/incident-context.js';
import { renderStep, type StepView } from '../../src/playbooks/guidance.js';
import type { CompiledPlaybook } from '../../src/playbooks/playbook.compiler.js';
import { decide, IncidentSnapshot, isRefusal, Refusal, startIncident, Transitioned } from '../../src/playbooks/playbook.engine.js';
import { DEFAULT_READABILITY_LIMITS, lintPlaybook } from '../../src/playbooks/playbook.lint.js';
import { loadPlaybookFile, PLAYBOOKS_DIR } from '../../src/playbooks/playbook.loader.js';

/** A shipped playbook, loaded and validated exactly as the service loads it. */
export function loadShippedPlaybook(id: string): CompiledPlaybook {
  const loaded = loadPlaybookFile(join(PLAYBOOKS_DIR, `${id}.yaml`));
  if ('problems' in loaded) throw new Error(`${id}.yaml does not load:\n${loaded.problems.join('\n')}`);
  return loaded.playbook;
}

export const OPENED_AT = '2025-03-01T10:00:00.000Z';

/**
 * An incident under test, driven through the pure engine only: events go in order,
 * one minute apart unless a time is given, like the service would send them.
 */
export class PlaybookIncident {
  snapshot: IncidentSnapshot;
  readonly started: Transitioned;
  private clock = Date.parse(OPENED_AT);

  constructor(
    private readonly playbook: CompiledPlaybook,
    input: IncidentInput,
  ) {
    this.started = startIncident(playbook, input);
    this.snapshot = this.started.snapshot;
  }

  get state(): string {
    return this.snapshot.value;
  }

  get context() {
    return this.snapshot.context;
  }

  /** Applies an event that must be accepted; returns the transition with its effects. */
  send(type: EventName, data: Record<string, unknown> = {}, at = this.tick()): Transitioned {
    const actor = eventSpec(type)?.source === 'job' ? 'system:lifeline-worker' : 'operator-7';
    const result = decide(this.playbook, this.snapshot, { type, data, at, actor });
    if (isRefusal(result)) throw new Error(`${type} refused in ${this.state}: ${result.message}`);
    this.snapshot = result.snapshot;
    return result;
  }

  /** Applies an event that must be refused; the stored snapshot must not change. */
  refuse(type: string, data: Record<string, unknown> = {}): Refusal {
    const before = JSON.stringify(this.snapshot);
    const result = decide(this.playbook, this.snapshot, { type, data, at: this.tick(), actor: 'operator-7' });
    if (!isRefusal(result)) throw new Error(`${type} was accepted in ${this.state}, expected a refusal`);
    expect(JSON.stringify(this.snapshot)).toBe(before);
    return result;
  }

  /** Sends the same job report for every card of the incident. */
  reportForEachCard(type: EventName, data: (cardRef: string) => Record<string, unknown> = () => ({})): void {
    for (const card of this.context.cards) this.send(type, { cardRef: card.cardRef, ...data(card.cardRef) });
  }

  step(): StepView | null {
    return renderStep(this.playbook.definition, this.state, this.context);
  }

  private tick(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }
}

export const ofKind = <K extends EffectDraft['kind']>(effects: EffectDraft[], kind: K) =>
  effects.filter((e) => e.kind === kind).map((e) => e.params as EffectParams[K]);

/**
 * Scripts a customer hears must pass the playbook lint (short enough to read aloud, as the service
 * checks at boot), and every placeholder must be filled in every locale and mood. Returns the problems found, one line each.
 */
export function scriptProblems(playbook: CompiledPlaybook, context: IncidentSnapshot['context']): string[] {
  const problems = lintPlaybook(playbook.definition, DEFAULT_READABILITY_LIMITS);
  for (const [name, state] of Object.entries(playbook.definition.states)) {
    if (!state.step) continue;
    for (const locale of ['en', 'ru'] as const) {
      for (const mood of [null, 'panicked', 'angry', 'confused'] as const) {
        const view = renderStep(playbook.definition, name, { ...context, locale, mood })!;
        for (const text of [view.title, view.say, view.do]) if (/\{\w+\}| {2}/.test(text)) problems.push(`${name} ${locale} ${mood}: ${text}`);
      }
    }
  }
  return problems;
}

/** States whose step lacks calm words for a panicked or angry customer. */
export function missingCalmWords(playbook: CompiledPlaybook, states: string[]): string[] {
  return states.flatMap((name) =>
    (['panicked', 'angry'] as const).filter((mood) => !playbook.definition.states[name].step?.calm?.[mood]).map((mood) => `${name} ${mood}`),
  );
}
