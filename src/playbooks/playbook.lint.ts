import { READABILITY_DEFAULTS } from '../config/app-config.js';
import { Localized, LOCALES, PlaybookDefinition } from './playbook.definition.js';
import { primaryPath } from './primary-path.js';

/** How much an operator can read aloud calmly, and how many steps one call can bear. */
export interface ReadabilityLimits {
  maxScriptWords: number;
  maxPrimarySteps: number;
}

export const DEFAULT_READABILITY_LIMITS: ReadabilityLimits = READABILITY_DEFAULTS;

/**
 * Problems a valid playbook can still have with real customers: scripts too long to say
 * calmly, and a primary path with too many steps. One line per problem.
 */
export function lintPlaybook(definition: PlaybookDefinition, limits: ReadabilityLimits): string[] {
  const problems: string[] = [];
  for (const [name, state] of Object.entries(definition.states)) {
    if (!state.step) continue;
    const scripts: [string, Localized][] = [['say', state.step.say], ...Object.entries(state.step.calm ?? {}).map(([mood, text]): [string, Localized] => [`calm ${mood}`, text])];
    for (const [which, text] of scripts) {
      for (const locale of LOCALES) {
        const words = countWords(text[locale]);
        if (words > limits.maxScriptWords) {
          problems.push(`state ${name} step ${which}: \`${locale}\` script has ${words} words, more than ${limits.maxScriptWords} to read aloud calmly`);
        }
      }
    }
  }
  const path = primaryPath(definition);
  const steps = path.filter((name) => definition.states[name].type !== 'final');
  if (steps.length > limits.maxPrimarySteps) {
    problems.push(`playbook: the primary path has ${steps.length} steps, more than the limit of ${limits.maxPrimarySteps} (${path.join(' → ')})`);
  }
  return problems;
}

/** Words as a listener hears them: punctuation and dashes are not words, a `{placeholder}` is one. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}{]/u.test(token)).length;
}
