import { PROTECTIVE_ACTIONS } from './catalog/actions.js';
import type { PlaybookDefinition, TransitionDefinition } from './playbook.definition.js';

const protects = (t: TransitionDefinition): boolean => t.actions.some((a) => PROTECTIVE_ACTIONS.has(a.type)) || (t.first ?? []).some(protects);

/** The events that, in some state of these playbooks, block or freeze cards (IDENTITY_VERIFIED on a stolen wallet). */
export function stepsThatProtect(definitions: PlaybookDefinition[]): ReadonlySet<string> {
  const events = new Set<string>();
  for (const d of definitions) {
    for (const on of [d.on, ...Object.values(d.states).map((s) => s.on)]) {
      for (const [event, transition] of Object.entries(on)) if (protects(transition)) events.add(event);
    }
  }
  return events;
}
