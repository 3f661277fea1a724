import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { CompiledPlaybook, compilePlaybook } from './playbook.compiler.js';
import { lintPlaybook, ReadabilityLimits } from './playbook.lint.js';
import { validatePlaybook } from './playbook.validator.js';
import { checkPlaybookWording, forbiddenPhrasesFile, loadForbiddenPhrases, WordingOptions } from './words/wording.rules.js';

/** `playbooks/` at the project root, wherever the code runs from (sources or dist/). */
export const PLAYBOOKS_DIR = fileURLToPath(new URL('../../playbooks', import.meta.url)).replace(/[\\/]dist[\\/]playbooks[\\/]?$/, '/playbooks');

export interface LoadedPlaybooks {
  playbooks: CompiledPlaybook[];
  /** One line per problem, prefixed with the file it is in. */
  problems: string[];
}

/** With `limits`, a playbook must also be readable on a call (see playbook.lint.ts), not only runnable. */
export function loadPlaybooks(dir: string = PLAYBOOKS_DIR, limits?: ReadabilityLimits): LoadedPlaybooks {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const playbooks: CompiledPlaybook[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const loaded = loadPlaybookFile(join(dir, file), limits);
    if ('problems' in loaded) problems.push(...loaded.problems);
    else playbooks.push(loaded.playbook);
  }
  if (files.length === 0) problems.push(`${dir}: no playbook files`);
  return { playbooks, problems };
}

export function loadPlaybookFile(path: string, limits?: ReadabilityLimits): { playbook: CompiledPlaybook } | { problems: string[] } {
  const file = basename(path);
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { problems: [`${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`] };
  }
  const { definition, problems } = validatePlaybook(raw);
  if (!definition) return { problems: problems.map((p) => `${file}: ${p}`) };
  const expected = file.replace(/\.ya?ml$/, '');
  if (definition.id !== expected) return { problems: [`${file}: id \`${definition.id}\` must match the file name \`${expected}\``] };
  const unreadable = limits ? [...lintPlaybook(definition, limits), ...checkPlaybookWording(definition, wordingOptions(dirname(path), limits))] : [];
  if (unreadable.length > 0) return { problems: unreadable.map((p) => `${file}: ${p}`) };
  return { playbook: compilePlaybook(definition) };
}

/** The directory's own forbidden phrases, else the shipped list; English scripts share the spoken word limit. */
export function wordingOptions(dir: string, limits: ReadabilityLimits): WordingOptions {
  const own = forbiddenPhrasesFile(dir);
  return { phrases: loadForbiddenPhrases(existsSync(own) ? own : forbiddenPhrasesFile(PLAYBOOKS_DIR)), maxEnglishWords: limits.maxScriptWords };
}
