import type { PlaybookDefinition } from './playbook.definition.js';

/** The states the operator walks through when everything goes to plan, ending in the final state. */
export function primaryPath(definition: PlaybookDefinition): string[] {
  const path = [definition.initial];
  for (;;) {
    const state = definition.states[path.at(-1)!];
    const primary = Object.values(state.on).find((t) => t.primary);
    if (!primary?.target || path.includes(primary.target)) return path;
    path.push(primary.target);
  }
}
