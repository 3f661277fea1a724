/**
 * `npm run playbooks:check [dir] [--max-words N] [--max-steps N]`: proves every playbook can run,
 * and can be read out on a call, before it ships. The limits default to the service's own
 * (PLAYBOOK_MAX_SCRIPT_WORDS, PLAYBOOK_MAX_PRIMARY_STEPS, else 45 words and 15 steps).
 * Prints one line per problem and exits non-zero when there is any.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_READABILITY_LIMITS } from '../src/playbooks/playbook.lint.js';
import { loadPlaybooks, PLAYBOOKS_DIR } from '../src/playbooks/playbook.loader.js';

function usage(problem: string): never {
  console.error(`playbooks:check: ${problem}`);
  console.error('usage: npm run playbooks:check -- [dir] [--max-words N] [--max-steps N]');
  process.exit(2);
}

function limit(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) usage(`${name} must be a whole number of at least 1 (got ${value})`);
  return n;
}

function parse() {
  try {
    return parseArgs({ options: { 'max-words': { type: 'string' }, 'max-steps': { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    usage((error as Error).message);
  }
}

const args = parse();
const dir = args.positionals[0] ?? PLAYBOOKS_DIR;
const limits = {
  maxScriptWords: limit('--max-words', args.values['max-words'], limit('PLAYBOOK_MAX_SCRIPT_WORDS', process.env.PLAYBOOK_MAX_SCRIPT_WORDS, DEFAULT_READABILITY_LIMITS.maxScriptWords)),
  maxPrimarySteps: limit('--max-steps', args.values['max-steps'], limit('PLAYBOOK_MAX_PRIMARY_STEPS', process.env.PLAYBOOK_MAX_PRIMARY_STEPS, DEFAULT_READABILITY_LIMITS.maxPrimarySteps)),
};

const { playbooks, problems } = loadPlaybooks(dir, limits);
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error(`playbooks:check: ${problems.length} problem(s) in ${dir}`);
  process.exit(1);
}
for (const p of playbooks) console.log(`ok ${p.definition.id} v${p.definition.version} ${p.hash.slice(0, 12)}`);
